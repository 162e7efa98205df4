import './disposable';

export type {
  ExponentialBackoffOptions,
  KeepAliveOptions,
  RetryPolicy,
} from '@callstream/transport';
export { exponentialBackoff } from '@callstream/transport';
export type { Call, CmCallDetails } from './cm/call';
export type { CmCapability } from './cm/client';
export { CallstreamClient, createClient } from './cm/client';
export type { HeartbeatOptions } from './cm/heartbeat';
export type { MediaChooser } from './cm/media';
export { defaultMedia } from './cm/media';
export type { ClientOptions } from './cm/options';
export type {
  AcceptParams,
  BridgeParams,
  DialParams,
  HangupOptions,
  MediaChoice,
  MediaOptions,
  MediaParams,
  MediaRequest,
  TransferLeg,
  TransferParams,
} from './cm/params';
export { MULTI } from './cm/protocol/encode';
export type { ErrorCode, ErrorCodeInfo, ErrorKind } from './codes';
export { errorCodes } from './codes';
export type {
  CallDirection,
  CallEndedBy,
  CallEndReason,
  CallOutcome,
  CallSnapshot,
  CallState,
} from './engine/call';
export { isLive } from './engine/call';
export type {
  CommandOptions,
  CommandResult,
  DialRequest,
  DialResult,
} from './engine/commands';
export type { CallControl, Capability, Connected } from './engine/control';
export { supports } from './engine/control';
export type {
  AnsweredEvent,
  AnyCallEvent,
  BackendEvent,
  BridgedEvent,
  BridgeFailedEvent,
  CallEvent,
  CallEventBase,
  DtmfEvent,
  DtmfReceived,
  HangupEvent,
  HoldEvent,
  IncomingEvent,
  InitiatedEvent,
  RemovedEvent,
  RingingEvent,
  UnbridgedEvent,
  UnknownEvent,
} from './engine/events';
export type { IncomingCall, OfferActions } from './engine/incomingCall';
export type {
  ClientState,
  ClientStatus,
  ClosedState,
  ConnectedState,
  ConnectingState,
  IdleState,
  ReconnectingState,
} from './engine/state';
export type { ErrorDetails } from './errors';
export {
  AbortError,
  AuthError,
  CallError,
  CallstreamError,
  ClosedError,
  CommandError,
  ConfigurationError,
  ConnectionError,
  createError,
  isCallstreamError,
  ProtocolError,
  TimeoutError,
  ValidationError,
} from './errors';
export type { Logger, LogLevel } from './logger';
export { silentLogger } from './logger';
export { eachDigit } from './operators/eachDigit';
export { CM_DTMF_ALPHABET, MAX_DTMF_LENGTH } from './validation';
