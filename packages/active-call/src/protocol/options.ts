/*
 * The option objects of the protocol (reference §4), with idiomatic camelCase names on the
 * TypeScript side. The encoder (schema.ts) writes each field under its exact wire name: a few
 * are not camelCase on the wire (`samplerate`, `hangup_headers`, `extract_headers`), and
 * callstream takes care of that so the Go SDK's casing mistakes cannot happen here.
 */

/** A string→string map (SIP headers, provider extras). */
export type StringMap = Readonly<Record<string, string>>;

/** Audio codec of a `/call` session's binary frames. */
export type AudioCodec = 'pcm' | 'pcmu' | 'pcma' | 'g722';

/** Recording of the call (`option.recorder`, `ringing.recorder`). */
export interface RecorderOption {
  /** File to record to; `{id}` becomes the session id; empty = chosen by the server. */
  recorderFile?: string;
  /** Sample rate (wire `samplerate`; the server forces 16000). */
  sampleRate?: number;
  /** Packet time, ms. @default 200 (server) */
  ptime?: number;
  /** File format. @default the server's configuration (wav) */
  format?: 'wav' | 'pcm' | 'pcmu' | 'pcma' | 'g722';
}

/** Voice activity detection (`option.vad`): `speaking` and `silence` events. */
export interface VadOption {
  /** `silero` (built in); other values turn VAD into a no-op. @default 'silero' (server) */
  type?: string;
  /** Sample rate (wire `samplerate`; the server forces 16000). */
  sampleRate?: number;
  /** Speech needed before `speaking` fires, ms. @default 250 (server) */
  speechPadding?: number;
  /** Silence needed to close a speech segment, ms. @default 100 (server) */
  silencePadding?: number;
  /** @default 0.5 (server) */
  ratio?: number;
  /** @default 0.5 (server) */
  voiceThreshold?: number;
  /** @default 50 (server) */
  maxBufferDurationSecs?: number;
  /** Repeat `silence` while the user stays quiet this long, ms. @default none */
  silenceTimeout?: number;
  /** Remote VAD service. */
  endpoint?: string;
  /** Remote VAD credential (never logged). */
  secretKey?: string;
  /** Remote VAD credential id (never logged). */
  secretId?: string;
}

/** Speech synthesis (`option.tts`, `tts.option`). */
export interface TtsOption {
  /** `tencent`, `aliyun`, `deepgram`, `supertonic`, `voiceapi`, or any other name. */
  provider?: string;
  /** Voice. */
  speaker?: string;
  /** Sample rate (wire `samplerate`). @default 16000 (server) */
  sampleRate?: number;
  /** @default 1.0 (server) */
  speed?: number;
  /** 0 to 10. @default 5 (server) */
  volume?: number;
  /** @default 'pcm' (server) */
  codec?: string;
  /** Ask the provider for word timings (`interruption.position`). */
  subtitle?: boolean;
  /** Provider model. */
  model?: string;
  /** Language. */
  language?: string;
  /** Emotion. */
  emotion?: string;
  /** Provider endpoint. */
  endpoint?: string;
  /** Provider app id. */
  appId?: string;
  /** Provider credential id (never logged). */
  secretId?: string;
  /** Provider credential (never logged). */
  secretKey?: string;
  /** Provider extras. */
  extra?: StringMap;
  /** Parallel synthesis of non-streaming segments. */
  maxConcurrentTasks?: number;
  /** Provider session id. */
  sessionId?: string;
}

/** Speech recognition (`option.asr`, `refer.options.asr`): `asrDelta` and `asrFinal`. */
export interface AsrOption {
  /** `tencent`, `aliyun`, `sensevoice`, or any other name. */
  provider?: string;
  /** Language. */
  language?: string;
  /** Provider model type. */
  modelType?: string;
  /** Provider endpoint. */
  endpoint?: string;
  /** Provider app id. */
  appId?: string;
  /** Provider credential id (never logged). */
  secretId?: string;
  /** Provider credential (never logged). */
  secretKey?: string;
  /** Bytes per chunk sent to the provider. */
  bufferSize?: number;
  /** Sample rate (wire `samplerate`, lower-case r; the server forces 16000). */
  sampleRate?: number;
  /** Provider extras. */
  extra?: StringMap;
  /** Start transcribing only once the call is answered. */
  startWhenAnswer?: boolean;
}

/** SIP credentials and headers (`option.sip`, `refer.options.sip`). */
export interface SipOption {
  /** Digest user. */
  username?: string;
  /** Digest password (never logged). */
  password?: string;
  /** Digest realm. */
  realm?: string;
  /** Contact URI. */
  contact?: string;
  /** Extra INVITE headers. */
  headers?: StringMap;
  /** Extra BYE headers (wire `hangup_headers`). */
  hangupHeaders?: StringMap;
  /** Inbound INVITE headers to copy into the session's extras (wire `extract_headers`). */
  extractHeaders?: readonly string[];
}

/** End-of-utterance detection (`option.eou`). */
export interface EouOption {
  /** Detector type. */
  type?: string;
  /** Detector endpoint. */
  endpoint?: string;
  /** Credential (never logged). */
  secretKey?: string;
  /** Credential id (never logged). */
  secretId?: string;
  /** ms. */
  timeout?: number;
  /** Extras. */
  extra?: StringMap;
}

/** Streams the call audio to and from an external WebSocket server (`option.mediaPass`). */
export interface MediaPassOption {
  /** The external server. */
  url: string;
  /** Rate of the audio it sends back. */
  inputSampleRate: number;
  /** Rate of the audio sent to it. */
  outputSampleRate: number;
  /** Bytes per packet. @default 3200 (server) */
  packetSize?: number;
  /** Packet time, ms. */
  ptime?: number;
}

/** Background sound under the bot's audio (`option.ambiance`). */
export interface AmbianceOption {
  /** Sound file. */
  path?: string;
  /** Level while the bot speaks. */
  duckLevel?: number;
  /** Level otherwise. */
  normalLevel?: number;
  /** How fast levels change. */
  transitionSpeed?: number;
  /** On or off. */
  enabled?: boolean;
}

/** Speech-to-speech LLM mode (`option.realtime`); replaces VAD and ASR, may emit `functionCall`. */
export interface RealtimeOption {
  /** `openai`, `azure`, … */
  provider?: string;
  /** Model. */
  model?: string;
  /** Credential (never logged). */
  secretKey?: string;
  /** Credential id (never logged). */
  secretId?: string;
  /** Endpoint. */
  endpoint?: string;
  /** Provider turn detection settings (any JSON). */
  turnDetection?: unknown;
  /** Tools the model may call (any JSON). */
  tools?: readonly unknown[];
  /** Extras. */
  extra?: StringMap;
}

/** Ringback / answering-machine detection (newer servers; ignored by older ones). */
export interface RingbackDetectionOption {
  /** On or off. */
  enabled?: boolean;
  /** Audio to buffer before detecting, s. */
  minBufferSecs?: number;
  /** How often to detect, s. */
  detectionIntervalSecs?: number;
  /** Confidence needed to report a state. */
  confidenceThreshold?: number;
  /** Report state changes only. */
  onStateChangeOnly?: boolean;
}

/** The call's options (`invite.option`, `accept.option`, reference §4.1). */
export interface CallOption {
  /** Caller URI (outbound). */
  caller?: string;
  /** URI to dial (outbound SIP). */
  callee?: string;
  /** SDP offer with its ICE candidates (WebRTC; no trickle ICE). */
  offer?: string;
  /** Audio codec of a `/call` session. @default 'pcm' (server) */
  codec?: AudioCodec;
  /** Noise suppression on the caller's audio. */
  denoise?: boolean;
  /** Record the call. */
  recorder?: RecorderOption;
  /** Voice activity detection. */
  vad?: VadOption;
  /** Speech recognition. */
  asr?: AsrOption;
  /** Default speech synthesis of the session's `tts` commands. */
  tts?: TtsOption;
  /** End-of-utterance detection. */
  eou?: EouOption;
  /** Audio to/from an external WebSocket server. */
  mediaPass?: MediaPassOption;
  /** WebRTC/answer handshake limit, seconds. */
  handshakeTimeout?: number;
  /** Hang up after this many seconds without inbound audio (`inactivity` event). @default off */
  inactivityTimeout?: number;
  /** Keep IPv6 ICE candidates. */
  enableIpv6?: boolean;
  /** SIP credentials and headers. */
  sip?: SipOption;
  /** Free-form metadata. */
  extra?: StringMap;
  /** Mirror the call audio to this socket as binary frames (SIP and WebRTC sessions). */
  subscribe?: boolean;
  /** Background sound. */
  ambiance?: AmbianceOption;
  /** Speech-to-speech LLM mode. */
  realtime?: RealtimeOption;
  /** Ringback detection (newer servers). */
  ringbackDetection?: RingbackDetectionOption;
}

/** Options of a `refer` (transfer) leg (reference §4.9). */
export interface ReferOption {
  /** How long the new leg may ring, seconds. @default 30 (server) */
  timeout?: number;
  /** Hold music while dialling (URL or server path). */
  moh?: string;
  /** Hang up this call when the transfer leg ends. @default true (server) */
  autoHangup?: boolean;
  /** Noise suppression on the new leg. */
  denoise?: boolean;
  /** SIP credentials of the new leg. */
  sip?: SipOption;
  /** Speech recognition on the new leg. */
  asr?: AsrOption;
  /** Call-ID of the new leg. @default `ref-<random>-<session id>` (server) */
  callId?: string;
  /** Stop this call's ASR while transferred. */
  pauseParentAsr?: boolean;
}
