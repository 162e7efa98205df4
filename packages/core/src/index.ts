import './disposable';

export type {
  ExponentialBackoffOptions,
  KeepAliveOptions,
  RetryPolicy,
} from '@callstream/transport';
export { exponentialBackoff } from '@callstream/transport';
export type { Call, CallDirection, CallEndReason, CallState } from './calls/call';
export { isLive } from './calls/call';
export type { Connected } from './client/client';
export { CallstreamClient, createClient } from './client/client';
export type { HeartbeatOptions } from './client/heartbeat';
export type { IncomingCall } from './client/incomingCall';
export type { ErrorCode, ErrorCodeInfo, ErrorKind } from './codes';
export { errorCodes } from './codes';
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
export type {
  AnsweredEvent,
  BridgedEvent,
  BridgeFailedEvent,
  CallEvent,
  DtmfEvent,
  DtmfReceived,
  HangupEvent,
  IncomingEvent,
  InitiatedEvent,
  RemovedEvent,
  RingingEvent,
  UnbridgedEvent,
  UnknownEvent,
} from './events';
export type { Logger, LogLevel } from './logger';
export { silentLogger } from './logger';
export { eachDigit } from './operators/eachDigit';
export type { ClientOptions } from './options';
export type {
  AcceptParams,
  BridgeParams,
  CommandOptions,
  CommandResult,
  DialParams,
  DialResult,
  HangupOptions,
  MediaParams,
  TransferLeg,
  TransferParams,
} from './params';
export { MULTI } from './protocol/encode';
export type {
  ClientState,
  ClientStatus,
  ClosedState,
  ConnectedState,
  ConnectingState,
  IdleState,
  ReconnectingState,
} from './state';
export { CM_DTMF_ALPHABET, MAX_DTMF_LENGTH } from './validation';
