/**
 * `@callstream/active-call`: the RustPBX Active Call backend of callstream (browser + Node).
 * See docs/active-call.md. The webhook's Node `http` adapter is `@callstream/active-call/node`.
 */

export type { ActiveCall, ActiveCallDetails } from './call';
export {
  type ActiveCallAcceptParams,
  type ActiveCallAcceptResult,
  type ActiveCallCapability,
  ActiveCallClient,
  type ActiveCallDialParams,
  type ActiveCallDialResult,
  type ActiveCallHangupOptions,
  type ActiveCallIncomingCall,
  type ActiveCallRejectOptions,
  type ActiveCallTransferParams,
  createActiveCallClient,
} from './client';
export {
  type ActiveCallErrorCode,
  type ActiveCallOnlyErrorCode,
  activeCallErrorCodes,
  isActiveCallError,
} from './codes';
export type { ActiveCallClientOptions } from './options';
export { hangupOutcome, rejectOutcome } from './outcome';
export type {
  HangupParams,
  InterruptParams,
  PlayParams,
  RingingParams,
  TtsParams,
} from './protocol/commands';
export {
  type DecodedFrame,
  decodeEvent,
  EVENT_SPECS,
  type EventSpec,
  type FieldKind,
  isUnknownEvent,
} from './protocol/decode';
export type {
  AcAddHistoryEvent,
  AcAnswerEvent,
  AcAnswerMachineDetectionEvent,
  AcAsrDeltaEvent,
  AcAsrFields,
  AcAsrFinalEvent,
  AcAttendee,
  AcCustomEvent,
  AcDtmfEvent,
  AcEouEvent,
  AcErrorEvent,
  AcEventBase,
  AcEventName,
  AcEventOf,
  AcFunctionCallEvent,
  AcHangupEvent,
  AcHoldEvent,
  AcInactivityEvent,
  AcIncomingEvent,
  AcInterruptEvent,
  AcInterruptionEvent,
  AcKnownEvent,
  AcLlmDeltaEvent,
  AcLlmFinalEvent,
  AcMetricsEvent,
  AcOtherEvent,
  AcRejectEvent,
  AcRingbackStateEvent,
  AcRingingEvent,
  AcSilenceEvent,
  AcSpeakingEvent,
  AcTrackEndEvent,
  AcTrackStartEvent,
  ActiveCallEvent,
  AcUnknownEvent,
} from './protocol/events';
export type {
  AmbianceOption,
  AsrOption,
  AudioCodec,
  CallOption,
  EouOption,
  MediaPassOption,
  RealtimeOption,
  RecorderOption,
  ReferOption,
  RingbackDetectionOption,
  SipOption,
  StringMap,
  TtsOption,
  VadOption,
} from './protocol/options';
export { CALL_TYPES, type CallType } from './protocol/url';
export type { AudioFrame } from './session/audio';
export type { Playback, PlaybackKind, PlaybackOutcome } from './session/playback';
export type { TranscriptUpdate } from './session/transcript';
export type { ActiveCallSession, SessionState, TtsStream } from './session/types';
export type { SessionClosure } from './session/waiters';
export type { ActiveCallBackendEvent, ActiveCallClientEvent } from './tracker';
export type { WebhookInvite } from './webhook/payload';
export {
  type AcIceServer,
  fetchIceServers,
  type GatherOfferOptions,
  gatherOffer,
  type PeerConnectionLike,
  type SessionDescriptionLike,
} from './webrtc';
