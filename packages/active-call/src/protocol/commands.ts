import { callOptionSchema, recorderSchema, referOptionSchema, ttsSchema } from './optionSchemas';
import type { CallOption, RecorderOption, ReferOption, StringMap, TtsOption } from './options';
import { encodeObject, type Schema } from './schema';

/** A command as it goes on the wire: `{"command": name, …fields}`. */
export type CommandFrame = { readonly command: string } & Readonly<Record<string, unknown>>;

/** Longest TTS text of one command, in characters. */
export const MAX_TTS_CHARS = 100_000;

/** Fields of a `tts` command besides its text (reference §3.3). */
export interface TtsParams {
  /** Voice for this text (overrides `option.speaker` and the session's TTS speaker). */
  speaker?: string;
  /**
   * Groups commands into one playback: a `tts` with the playId of the live TTS playback is
   * appended to it; any other playId replaces what plays. @default a new id per call of `tts()`
   */
  playId?: string;
  /** Hang up when this playback ends. @default false */
  autoHangup?: boolean;
  /** The text arrives in pieces (an LLM's tokens): one continuous synthesis. @default false */
  streaming?: boolean;
  /**
   * No more text for this playId: the playback ends after playing what it has. A playback never
   * ends without it. @default true for `tts()`, false for each `TtsStream.write()`
   */
  endOfStream?: boolean;
  /** Synthesis options, merged over the session's `tts` option field by field. */
  option?: TtsOption;
  /**
   * After this playback ends, a `silence` event comes if the user does nothing for this long,
   * in ms (wire `waitInputTimeout`, which is milliseconds although the server's docs say seconds).
   */
  waitInputTimeoutMs?: number;
  /** `text` is base64 of raw PCM16LE mono audio at the TTS sample rate, played as is. */
  base64?: boolean;
  /** Key for the server's TTS audio cache. */
  cacheKey?: string;
}

/** Fields of a `play` command besides its URL (reference §3.4). */
export interface PlayParams {
  /** Id of this playback. @default a new id per call of `play()` (the server would use the URL) */
  playId?: string;
  /** Hang up when this playback ends. @default false */
  autoHangup?: boolean;
  /** As for {@link TtsParams.waitInputTimeoutMs}, in ms. */
  waitInputTimeoutMs?: number;
}

/** Options of `interrupt` (reference §3.5). */
export interface InterruptParams {
  /** Finish the sentence playing first (non-streaming TTS only). @default false */
  graceful?: boolean;
  /** Accepted by the server and ignored. */
  fadeOutMs?: number;
}

/** Options of `hangup` (reference §3.6). */
export interface HangupParams {
  /** `caller`, `callee`, `system`… (mapped by the server, case-insensitively) or any text. */
  reason?: string;
  /** `caller`, `callee`, `system` or any text; overrides the reason's mapping. */
  initiator?: string;
  /** Extra headers of the SIP BYE. */
  headers?: StringMap;
}

/** Options of `ringing` for an inbound call (reference §3.2). */
export interface RingingParams {
  /** Ringtone (URL or server path) played as early media. */
  ringtone?: string;
  /** Record from now on. */
  recorder?: RecorderOption;
  /** Answer 183 with SDP (early media) instead of 180. @default false */
  earlyMedia?: boolean;
}

const string = { kind: 'string' } as const;
const required = { kind: 'string', nonEmpty: true } as const;
const waitInput = { kind: 'uint', wire: 'waitInputTimeout' } as const;

const ttsCommand: Schema = {
  name: 'tts',
  fields: {
    text: { kind: 'string', max: MAX_TTS_CHARS },
    speaker: string,
    playId: required,
    autoHangup: { kind: 'bool' },
    streaming: { kind: 'bool' },
    endOfStream: { kind: 'bool' },
    option: { kind: 'object', schema: ttsSchema },
    waitInputTimeoutMs: waitInput,
    base64: { kind: 'bool' },
    cacheKey: string,
  },
  required: ['text'],
};

const playCommand: Schema = {
  name: 'play',
  fields: {
    url: required,
    playId: required,
    autoHangup: { kind: 'bool' },
    waitInputTimeoutMs: waitInput,
  },
  required: ['url'],
};

const interruptCommand: Schema = {
  name: 'interrupt',
  fields: { graceful: { kind: 'bool' }, fadeOutMs: { kind: 'uint' } },
};

const hangupCommand: Schema = {
  name: 'hangup',
  fields: { reason: string, initiator: string, headers: { kind: 'map' } },
};

const ringingCommand: Schema = {
  name: 'ringing',
  fields: {
    ringtone: string,
    recorder: { kind: 'object', schema: recorderSchema },
    earlyMedia: { kind: 'bool' },
  },
};

const rejectCommand: Schema = {
  name: 'reject',
  fields: { reason: string, code: { kind: 'int', min: 300, max: 699 } },
  required: ['reason'],
};

const referCommand: Schema = {
  name: 'refer',
  fields: {
    caller: required,
    callee: required,
    options: { kind: 'object', schema: referOptionSchema },
  },
  required: ['caller', 'callee'],
};

const trackCommand: Schema = { name: 'mute', fields: { trackId: required } };

const historyCommand: Schema = {
  name: 'history',
  fields: { speaker: required, text: string },
  required: ['speaker', 'text'],
};

function frame(command: string, schema: Schema, params: unknown): CommandFrame {
  return { command, ...encodeObject(schema, params, command) };
}

/** `invite` (or `accept`) with its call option, checked field by field. */
export function encodeCallCommand(command: 'invite' | 'accept', option: CallOption): CommandFrame {
  return { command, option: encodeObject(callOptionSchema, option, `${command}.option`) };
}

/** `tts` with its text. */
export function encodeTts(text: string, params: TtsParams): CommandFrame {
  return frame('tts', ttsCommand, { ...params, text });
}

/** `play` of a URL (or server path). */
export function encodePlay(url: string, params: PlayParams): CommandFrame {
  return frame('play', playCommand, { ...params, url });
}

/** `interrupt`. */
export function encodeInterrupt(params: InterruptParams): CommandFrame {
  return frame('interrupt', interruptCommand, params);
}

/** `hangup`. */
export function encodeHangup(params: HangupParams): CommandFrame {
  return frame('hangup', hangupCommand, params);
}

/** `ringing` for a pending inbound call. */
export function encodeRinging(params: RingingParams): CommandFrame {
  return frame('ringing', ringingCommand, params);
}

/** `reject` of a pending inbound call. */
export function encodeReject(reason: string, code: number | undefined): CommandFrame {
  return frame('reject', rejectCommand, { reason, code });
}

/** `refer`: the server dials `callee` and bridges it to this call. */
export function encodeRefer(
  caller: string,
  callee: string,
  options: ReferOption | undefined,
): CommandFrame {
  return frame('refer', referCommand, { caller, callee, options });
}

/** `mute` / `unmute` of one track, or of all tracks when `trackId` is undefined. */
export function encodeMute(command: 'mute' | 'unmute', trackId: string | undefined): CommandFrame {
  return frame(command, { ...trackCommand, name: command }, { trackId });
}

/** `history`: a line of conversation the server echoes as `addHistory`. */
export function encodeHistory(speaker: string, text: string): CommandFrame {
  return frame('history', historyCommand, { speaker, text });
}

/** `pause` / `resume` (accepted and ignored by the server). */
export function encodeBare(command: 'pause' | 'resume'): CommandFrame {
  return { command };
}
