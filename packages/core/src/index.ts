export { createClient, CallstreamClient } from './client/client';
export type { IncomingCall } from './client/incomingCall';
export type { ClientOptions } from './options';
export type { ClientState, ClientStatus, IdleState, ConnectingState, ConnectedState, ReconnectingState, ClosedState } from './state';
export type { Call, CallState, CallDirection, CallEndReason } from './calls/call';
export { isLive } from './calls/call';
export type {
  CallEvent,
  IncomingEvent,
  InitiatedEvent,
  RingingEvent,
  AnsweredEvent,
  BridgedEvent,
  UnbridgedEvent,
  BridgeFailedEvent,
  HangupEvent,
  DtmfEvent,
  RemovedEvent,
  UnknownEvent,
  DtmfReceived,
} from './events';
export type {
  CommandOptions,
  MediaParams,
  DialParams,
  AcceptParams,
  BridgeParams,
  TransferLeg,
  TransferParams,
  HangupOptions,
  DialResult,
  CommandResult,
} from './params';
export {
  CallstreamError,
  ConfigurationError,
  ValidationError,
  ConnectionError,
  TimeoutError,
  ProtocolError,
  AuthError,
  CommandError,
  CallError,
  AbortError,
  ClosedError,
  createError,
  isCallstreamError,
} from './errors';
export type { ErrorDetails } from './errors';
export { errorCodes } from './codes';
export type { ErrorCode, ErrorKind } from './codes';
export type { Logger, LogLevel } from './logger';
export { silentLogger } from './logger';
export { CM_DTMF_ALPHABET, MAX_DTMF_LENGTH } from './validation';
export { MULTI } from './protocol/encode';
export { eachDigit } from './operators/eachDigit';
export type { RetryPolicy, ExponentialBackoffOptions, KeepAliveOptions } from '@callstream/transport';
