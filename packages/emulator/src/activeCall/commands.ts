import { conforms, isRecord, opt, req, type Shape } from './schema';

/** TTS option (§4.4) as the server reads it. */
export interface TtsOption {
  provider?: string;
  speaker?: string;
  subtitle?: boolean;
  [field: string]: unknown;
}

/** ASR option (§4.5). */
export interface AsrOption {
  provider?: string;
  [field: string]: unknown;
}

/** VAD option (§4.3). */
export interface VadOption {
  type?: string;
  [field: string]: unknown;
}

/** CallOption (§4.1), the fields the emulator acts on plus everything else as sent. */
export interface CallOption {
  caller?: string;
  callee?: string;
  offer?: string;
  codec?: string;
  subscribe?: boolean;
  tts?: TtsOption;
  asr?: AsrOption;
  vad?: VadOption;
  [field: string]: unknown;
}

/** Every command of §3, after the server-side type check. */
export type Command =
  | { command: 'invite'; option: CallOption }
  | { command: 'accept'; option: CallOption }
  | { command: 'reject'; reason: string; code?: number }
  | { command: 'ringing'; ringtone?: string; earlyMedia?: boolean; recorder?: object }
  | {
      command: 'tts';
      text: string;
      speaker?: string;
      playId?: string;
      autoHangup?: boolean;
      streaming?: boolean;
      endOfStream?: boolean;
      option?: TtsOption;
      waitInputTimeout?: number;
      base64?: boolean;
      cacheKey?: string;
    }
  | {
      command: 'play';
      url: string;
      playId?: string;
      autoHangup?: boolean;
      waitInputTimeout?: number;
    }
  | { command: 'interrupt'; graceful?: boolean; fadeOutMs?: number }
  | { command: 'pause' }
  | { command: 'resume' }
  | { command: 'hangup'; reason?: string; initiator?: string; headers?: Record<string, string> }
  | { command: 'refer'; caller: string; callee: string; options?: ReferOption }
  | { command: 'mute'; trackId?: string }
  | { command: 'unmute'; trackId?: string }
  | { command: 'history'; speaker: string; text: string };

/** ReferOption (§4.9). */
export interface ReferOption {
  timeout?: number;
  moh?: string;
  autoHangup?: boolean;
  [field: string]: unknown;
}

/** The name of a command. */
export type CommandName = Command['command'];

const SIP: Shape = {
  username: opt('string'),
  password: opt('string'),
  realm: opt('string'),
  contact: opt('string'),
  headers: opt('stringMap'),
  hangup_headers: opt('stringMap'),
  extract_headers: opt('stringArray'),
};

const RECORDER: Shape = {
  recorderFile: opt('string'),
  samplerate: opt('uint'),
  ptime: opt('uint'),
  format: opt('string'),
};

const VAD: Shape = {
  type: opt('string'),
  samplerate: opt('uint'),
  speechPadding: opt('uint'),
  silencePadding: opt('uint'),
  ratio: opt('number'),
  voiceThreshold: opt('number'),
  maxBufferDurationSecs: opt('uint'),
  silenceTimeout: opt('uint'),
  endpoint: opt('string'),
  secretKey: opt('string'),
  secretId: opt('string'),
};

const ASR: Shape = {
  provider: opt('string'),
  language: opt('string'),
  modelType: opt('string'),
  endpoint: opt('string'),
  appId: opt('string'),
  secretId: opt('string'),
  secretKey: opt('string'),
  bufferSize: opt('uint'),
  samplerate: opt('uint'),
  extra: opt('stringMap'),
  startWhenAnswer: opt('bool'),
};

const TTS: Shape = {
  provider: opt('string'),
  speaker: opt('string'),
  samplerate: opt('int'),
  speed: opt('number'),
  volume: opt('int'),
  codec: opt('string'),
  subtitle: opt('bool'),
  model: opt('string'),
  language: opt('string'),
  emotion: opt('string'),
  endpoint: opt('string'),
  appId: opt('string'),
  secretId: opt('string'),
  secretKey: opt('string'),
  extra: opt('stringMap'),
  maxConcurrentTasks: opt('uint'),
  sessionId: opt('string'),
};

const CALL_OPTION: Shape = {
  caller: opt('string'),
  callee: opt('string'),
  offer: opt('string'),
  codec: opt('string'),
  denoise: opt('bool'),
  recorder: opt(RECORDER),
  vad: opt(VAD),
  asr: opt(ASR),
  tts: opt(TTS),
  eou: opt('object'),
  mediaPass: opt('object'),
  handshakeTimeout: opt('stringOrUint'),
  inactivityTimeout: opt('uint'),
  enableIpv6: opt('bool'),
  sip: opt(SIP),
  extra: opt('stringMap'),
  subscribe: opt('bool'),
  ambiance: opt('object'),
  realtime: opt('object'),
};

const REFER_OPTION: Shape = {
  timeout: opt('uint'),
  moh: opt('string'),
  autoHangup: opt('bool'),
  denoise: opt('bool'),
  sip: opt(SIP),
  asr: opt(ASR),
  callId: opt('string'),
  pauseParentAsr: opt('bool'),
};

const SHAPES: Readonly<Record<CommandName, Shape>> = {
  invite: { option: req(CALL_OPTION) },
  accept: { option: req(CALL_OPTION) },
  reject: { reason: req('string'), code: opt('uint') },
  ringing: { ringtone: opt('string'), recorder: opt(RECORDER), earlyMedia: opt('bool') },
  tts: {
    text: req('string'),
    speaker: opt('string'),
    playId: opt('string'),
    autoHangup: opt('bool'),
    streaming: opt('bool'),
    endOfStream: opt('bool'),
    option: opt(TTS),
    waitInputTimeout: opt('uint'),
    base64: opt('bool'),
    cacheKey: opt('string'),
  },
  play: {
    url: req('string'),
    playId: opt('string'),
    autoHangup: opt('bool'),
    waitInputTimeout: opt('uint'),
  },
  interrupt: { graceful: opt('bool'), fadeOutMs: opt('uint') },
  pause: {},
  resume: {},
  hangup: { reason: opt('string'), initiator: opt('string'), headers: opt('stringMap') },
  refer: { caller: req('string'), callee: req('string'), options: opt(REFER_OPTION) },
  mute: { trackId: opt('string') },
  unmute: { trackId: opt('string') },
  history: { speaker: req('string'), text: req('string') },
};

/** Drops explicit nulls (serde reads them as "not set"), so handlers see absent fields only. */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === null) continue;
    copy[key] = isRecord(field) ? withoutNulls(field) : field;
  }
  return copy;
}

/**
 * Reads one command frame the way the server does; `undefined` for anything it would drop
 * silently (not JSON, not an object, unknown `command`, a field of the wrong type).
 */
export function parseCommand(text: string): Command | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return commandFrom(value);
}

/** {@link parseCommand} for a frame already parsed as JSON. */
export function commandFrom(value: unknown): Command | undefined {
  if (!isRecord(value) || typeof value.command !== 'string') return undefined;
  if (!Object.hasOwn(SHAPES, value.command)) return undefined;
  const shape = SHAPES[value.command as CommandName];
  if (!conforms(value, shape)) return undefined;
  return withoutNulls(value) as unknown as Command;
}
