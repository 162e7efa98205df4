/**
 * `@callstream/telnyx`: the Telnyx Call Control backend of callstream (Node only). See
 * docs/telnyx.md.
 */

export type { TelnyxCall, TelnyxCallDetails } from './call';
export { createTelnyxClient, type TelnyxCapability, TelnyxClient } from './client';
export { MAX_CLIENT_STATE_LENGTH } from './clientState';
export {
  isTelnyxError,
  type TelnyxErrorCode,
  type TelnyxOnlyErrorCode,
  telnyxErrorCodes,
} from './codes';
export type {
  TelnyxBackendEvent,
  TelnyxClientEvent,
  TelnyxEventBase,
  TelnyxGatherEndedEvent,
  TelnyxMachineEvent,
  TelnyxMediaStartedEvent,
  TelnyxOtherEvent,
  TelnyxPlaybackEndedEvent,
  TelnyxRecordingErrorEvent,
  TelnyxRecordingSavedEvent,
  TelnyxSpeakEndedEvent,
} from './events';
export type {
  ReconcileOptions,
  TelnyxClientOptions,
  TelnyxWebhookOptions,
  WebhookListenOptions,
} from './options';
export { telnyxOutcome } from './outcome';
export type {
  TelnyxAcceptParams,
  TelnyxBridgeParams,
  TelnyxCommandOptions,
  TelnyxCommandResult,
  TelnyxDialParams,
  TelnyxDialResult,
  TelnyxDtmfOptions,
  TelnyxGatherParams,
  TelnyxGatherResult,
  TelnyxGatherUsingSpeakParams,
  TelnyxHangupResult,
  TelnyxHeader,
  TelnyxPlaybackParams,
  TelnyxPlaybackResult,
  TelnyxPlaybackStopParams,
  TelnyxRecordParams,
  TelnyxRecordResult,
  TelnyxSpeakParams,
  TelnyxSpeakResult,
  TelnyxTransferParams,
  TelnyxVoiceParams,
} from './params/types';
export type { DialRateLimit } from './rest/dialLimiter';
export {
  type ApiErrorMapping,
  apiErrorMappings,
  type TelnyxErrorEntry,
  type TelnyxProblem,
  telnyxProblem,
} from './rest/problem';
export type { RetryOptions } from './rest/runner';
export type { WebhookRequest, WebhookResponse } from './webhook/intake';
export type { NodeWebhookListener } from './webhook/node';
export type { HeadersLike } from './webhook/verify';
