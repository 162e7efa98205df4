/**
 * `@callstream/core/engine`: the building blocks of a callstream backend. Application code
 * imports `@callstream/core`; a backend package (`@callstream/active-call`,
 * `@callstream/telnyx`) builds its client from these, so that no backend re-implements the call
 * table, ordered publishing, offers, timers, pending requests or errors.
 */

export { type ErrorCodeRule, errorCodeRules } from './codes';
export { CallEngine, type CallEngineOptions } from './engine/callEngine';
export { pointAtCaller } from './engine/callerStack';
export { CallTable } from './engine/callTable';
export { CallClientBase } from './engine/clientBase';
export {
  type IncomingCallActions,
  toIncomingCall,
} from './engine/incomingCall';
export { PendingRequests, type WaitOptions } from './engine/pendingRequests';
export { RecentMap } from './engine/recentMap';
export { finalSnapshot, freezeSnapshot, withState } from './engine/snapshots';
export type { CallTimerKind } from './engine/timers';
export { nextState } from './engine/transitions';
export { fromTransportError } from './engine/transportErrors';
export { errorFactory } from './errors';
export { holdsSecret, isLogger, redact, redactingLogger } from './logger';
export { insecureTransportWarning, isLoopbackHost } from './transportSecurity';
export {
  type CheckedCommandOptions,
  describeValue,
  isPlainObject,
  MAX_TIMER_MS,
  optionalBoolean,
  optionalString,
  optionalText,
  requireAbortSignal,
  requireCommandOptions,
  requireDialTarget,
  requireDtmf,
  requireObject,
  requirePhoneNumber,
  requireText,
  requireTimeout,
} from './validation';
