import type { TelnyxCall, TelnyxCallState } from '../types';

/** Recording in progress on a leg. */
export interface RecordingState {
  readonly recordingId: string;
  readonly channels: 'single' | 'dual';
  readonly format: 'wav' | 'mp3';
  /** ISO 8601 start. */
  readonly startedAt: string;
  paused: boolean;
}

/** One speak or playback item of a leg's audio queue. */
export interface AudioItem {
  readonly kind: 'speak' | 'playback';
  /** Play time; `Infinity` for `loop: "infinity"` (plays until stopped). */
  readonly durationMs: number;
  /** Extra payload fields of its events (`media_url`/`media_name`, `overlay`). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Whether `call.*.started` was emitted. */
  started: boolean;
  /** Whether `call.*.ended` was emitted. */
  ended: boolean;
}

/** What happens to a leg when its bridge peer goes away (§10 of the protocol notes). */
export type AfterUnbridge = 'hangup' | 'park' | 'hold';

/** The mutable state of one simulated leg (never handed out: see {@link snapshotLeg}). */
export interface Leg {
  readonly callControlId: string;
  readonly callLegId: string;
  readonly callSessionId: string;
  readonly connectionId: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly from: string;
  readonly to: string;
  readonly callerIdName: string | undefined;
  readonly startTime: string;
  state: TelnyxCallState;
  clientState: string | undefined;
  webhookUrl: string | undefined;
  answeredAt: string | undefined;
  endedAt: string | undefined;
  hangupCause: string | undefined;
  bridgedWith: Leg | undefined;
  afterUnbridge: AfterUnbridge;
  /** A dial's `link_to` leg, bridged on answer when `bridgeOnAnswer`. */
  linkTo: Leg | undefined;
  bridgeOnAnswer: boolean;
  /** `answering_machine_detection` of the dial (`disabled` when off). */
  amd: string;
  /** Whether the remote party is an answering machine (the `machine` scenario). */
  isMachine: boolean;
  recording: RecordingState | undefined;
  /** A dial's `record: "record-from-answer"` settings, applied on answer. */
  recordOnAnswer: { channels: 'single' | 'dual'; format: 'wav' | 'mp3' } | undefined;
  audio: AudioItem[];
  /** The running gather, if any (see `gather.ts`). */
  gather: { feed(digit: string): void; end(status: string): void } | undefined;
  sentDigits: string;
  /** What a simulated remote party does once the call is answered. */
  remoteAfterAnswer: { hangupAfterMs?: number; digits?: string };
  /** `time_limit_secs` of the dial, in ms. */
  timeLimitMs: number | undefined;
  /** For a transfer's new leg: the leg it was transferred from. */
  transferFrom: Leg | undefined;
  /** Per-leg event clock (see `onLegClock`): effects waiting, in order. */
  clock: { at: number; effect: () => void }[];
  /** Whether a clock effect is running right now. */
  clockBusy: boolean;
}

/** Fields a new leg needs; everything else starts empty. */
export interface NewLeg {
  callControlId: string;
  callLegId: string;
  callSessionId: string;
  connectionId: string;
  direction: 'incoming' | 'outgoing';
  from: string;
  to: string;
  callerIdName?: string | undefined;
  clientState?: string | undefined;
  webhookUrl?: string | undefined;
}

/** Creates a leg in `parked` (incoming) or `ringing` (outgoing) state. */
export function createLeg(fields: NewLeg): Leg {
  return {
    ...fields,
    callerIdName: fields.callerIdName,
    clientState: fields.clientState,
    webhookUrl: fields.webhookUrl,
    startTime: new Date().toISOString(),
    state: fields.direction === 'incoming' ? 'parked' : 'ringing',
    answeredAt: undefined,
    endedAt: undefined,
    hangupCause: undefined,
    bridgedWith: undefined,
    afterUnbridge: 'hangup',
    linkTo: undefined,
    bridgeOnAnswer: false,
    amd: 'disabled',
    isMachine: false,
    recording: undefined,
    recordOnAnswer: undefined,
    audio: [],
    gather: undefined,
    sentDigits: '',
    remoteAfterAnswer: {},
    timeLimitMs: undefined,
    transferFrom: undefined,
    clock: [],
    clockBusy: false,
  };
}

/** Whether commands may still act on the leg. */
export function isLive(leg: Leg): boolean {
  return leg.state !== 'ended';
}

/** Whether media commands (speak, gather, record, DTMF) may run on the leg. */
export function isAnswered(leg: Leg): boolean {
  return leg.state === 'answered' || leg.state === 'bridged';
}

/** An immutable snapshot for tests and the control API. */
export function snapshotLeg(leg: Leg): TelnyxCall {
  const recording = leg.recording;
  return Object.freeze({
    callControlId: leg.callControlId,
    callLegId: leg.callLegId,
    callSessionId: leg.callSessionId,
    connectionId: leg.connectionId,
    direction: leg.direction,
    from: leg.from,
    to: leg.to,
    state: leg.state,
    ...(leg.clientState === undefined ? {} : { clientState: leg.clientState }),
    ...(leg.bridgedWith === undefined ? {} : { bridgedWith: leg.bridgedWith.callControlId }),
    ...(recording === undefined
      ? {}
      : {
          recording: Object.freeze({
            recordingId: recording.recordingId,
            channels: recording.channels,
            format: recording.format,
            paused: recording.paused,
          }),
        }),
    gathering: leg.gather !== undefined,
    audioQueued: leg.audio.length,
    sentDigits: leg.sentDigits,
    ...(leg.webhookUrl === undefined ? {} : { webhookUrl: leg.webhookUrl }),
    startTime: leg.startTime,
    ...(leg.answeredAt === undefined ? {} : { answeredAt: leg.answeredAt }),
    ...(leg.endedAt === undefined ? {} : { endedAt: leg.endedAt }),
    ...(leg.hangupCause === undefined ? {} : { hangupCause: leg.hangupCause }),
  });
}
