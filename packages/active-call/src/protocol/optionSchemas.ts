import type { Schema } from './schema';

/*
 * Reference §4, field by field, with the wire name where it is not the TypeScript name. These
 * tables are the only place that knows the wire's mixed casing.
 */

const s = { kind: 'string' } as const;
const b = { kind: 'bool' } as const;
const u = { kind: 'uint' } as const;
const n = { kind: 'number' } as const;
const map = { kind: 'map' } as const;
/** `samplerate` is lower-case on the wire in every option that has it. */
const sampleRate = { kind: 'uint', wire: 'samplerate' } as const;

/** Largest SDP offer accepted, in characters. */
export const MAX_SDP_CHARS = 256 * 1024;

export const recorderSchema: Schema = {
  name: 'RecorderOption',
  fields: {
    recorderFile: s,
    sampleRate,
    ptime: u,
    format: { kind: 'enum', values: ['wav', 'pcm', 'pcmu', 'pcma', 'g722'] },
  },
};

export const vadSchema: Schema = {
  name: 'VadOption',
  fields: {
    type: s,
    sampleRate,
    speechPadding: u,
    silencePadding: u,
    ratio: n,
    voiceThreshold: n,
    maxBufferDurationSecs: u,
    silenceTimeout: u,
    endpoint: s,
    secretKey: s,
    secretId: s,
  },
};

export const ttsSchema: Schema = {
  name: 'TtsOption',
  fields: {
    provider: s,
    speaker: s,
    sampleRate: { kind: 'int', min: 1, max: 384_000, wire: 'samplerate' },
    speed: n,
    volume: { kind: 'int', min: 0, max: 10 },
    codec: s,
    subtitle: b,
    model: s,
    language: s,
    emotion: s,
    endpoint: s,
    appId: s,
    secretId: s,
    secretKey: s,
    extra: map,
    maxConcurrentTasks: u,
    sessionId: s,
  },
};

export const asrSchema: Schema = {
  name: 'AsrOption',
  fields: {
    provider: s,
    language: s,
    modelType: s,
    endpoint: s,
    appId: s,
    secretId: s,
    secretKey: s,
    bufferSize: u,
    sampleRate,
    extra: map,
    startWhenAnswer: b,
  },
};

export const sipSchema: Schema = {
  name: 'SipOption',
  fields: {
    username: s,
    password: s,
    realm: s,
    contact: s,
    headers: map,
    hangupHeaders: { kind: 'map', wire: 'hangup_headers' },
    extractHeaders: { kind: 'list', wire: 'extract_headers' },
  },
};

export const eouSchema: Schema = {
  name: 'EouOption',
  fields: { type: s, endpoint: s, secretKey: s, secretId: s, timeout: u, extra: map },
};

export const mediaPassSchema: Schema = {
  name: 'MediaPassOption',
  fields: {
    url: { kind: 'string', nonEmpty: true },
    inputSampleRate: u,
    outputSampleRate: u,
    packetSize: u,
    ptime: u,
  },
  required: ['url', 'inputSampleRate', 'outputSampleRate'],
};

export const ambianceSchema: Schema = {
  name: 'AmbianceOption',
  fields: { path: s, duckLevel: n, normalLevel: n, transitionSpeed: n, enabled: b },
};

export const realtimeSchema: Schema = {
  name: 'RealtimeOption',
  fields: {
    provider: s,
    model: s,
    secretKey: s,
    secretId: s,
    endpoint: s,
    turnDetection: { kind: 'json' },
    tools: { kind: 'jsonList' },
    extra: map,
  },
};

export const ringbackDetectionSchema: Schema = {
  name: 'RingbackDetectionOption',
  fields: {
    enabled: b,
    minBufferSecs: n,
    detectionIntervalSecs: n,
    confidenceThreshold: n,
    onStateChangeOnly: b,
  },
};

export const callOptionSchema: Schema = {
  name: 'CallOption',
  fields: {
    caller: s,
    callee: s,
    offer: { kind: 'string', max: MAX_SDP_CHARS },
    codec: { kind: 'enum', values: ['pcm', 'pcmu', 'pcma', 'g722'] },
    denoise: b,
    recorder: { kind: 'object', schema: recorderSchema },
    vad: { kind: 'object', schema: vadSchema },
    asr: { kind: 'object', schema: asrSchema },
    tts: { kind: 'object', schema: ttsSchema },
    eou: { kind: 'object', schema: eouSchema },
    mediaPass: { kind: 'object', schema: mediaPassSchema },
    handshakeTimeout: u,
    inactivityTimeout: u,
    enableIpv6: b,
    sip: { kind: 'object', schema: sipSchema },
    extra: map,
    subscribe: b,
    ambiance: { kind: 'object', schema: ambianceSchema },
    realtime: { kind: 'object', schema: realtimeSchema },
    ringbackDetection: { kind: 'object', schema: ringbackDetectionSchema },
  },
};

export const referOptionSchema: Schema = {
  name: 'ReferOption',
  fields: {
    timeout: u,
    moh: s,
    autoHangup: b,
    denoise: b,
    sip: { kind: 'object', schema: sipSchema },
    asr: { kind: 'object', schema: asrSchema },
    callId: s,
    pauseParentAsr: b,
  },
};
