import {
  type CallstreamError,
  type ErrorCode,
  type ErrorCodeInfo,
  type ErrorDetails,
  isCallstreamError,
} from '@callstream/core';
import { type ErrorCodeRule, errorCodeRules, errorFactory } from '@callstream/core/engine';

/** Error codes only the Active Call backend produces (docs/errors.md lists them with core's). */
export type ActiveCallOnlyErrorCode =
  | 'call-rejected'
  | 'call-failed'
  | 'call-ended'
  | 'server-error'
  | 'webhook-malformed';

/** Every code an Active Call client can throw, reject with or report: core's plus its own. */
export type ActiveCallErrorCode = ErrorCode | ActiveCallOnlyErrorCode;

/** What each Active Call code means (the source of docs/errors.md's Active Call section). */
export const activeCallErrorCodes: Readonly<Record<ActiveCallOnlyErrorCode, ErrorCodeInfo>> = {
  'call-rejected': {
    kind: 'CallError',
    retryable: false,
    description:
      'The server answered `reject` for the call (or for a refer leg): the callee was busy, declined, did not answer, or could not be reached. `statusCode` is the SIP code (486, 603, 480, …), `serverError` the reason phrase. The call left calls$ with the matching outcome.',
  },
  'call-failed': {
    kind: 'CallError',
    retryable: false,
    description:
      'Setting up the call failed on the server (an `error` event from `invite`, `accept`, `ringing` or `command` before the answer, e.g. a bad WebRTC offer); `serverError` is its message. The session ends.',
  },
  'call-ended': {
    kind: 'CallError',
    retryable: false,
    description:
      'The call ended (a `hangup` event, or the server closed the session) before the command got its outcome, e.g. a dial whose session the server ended before any answer or reject.',
  },
  'server-error': {
    kind: 'CommandError',
    retryable: false,
    description:
      'The server reported an `error` event that belongs to no pending promise (a `tts` without a TTS option, a TTS provider failure, a file that could not be played, an ASR failure). Reported on errors$ with the callId; `action` is the sender, `serverError` the message. The call goes on.',
  },
  'webhook-malformed': {
    kind: 'ProtocolError',
    retryable: false,
    description:
      'A webhook body was not a valid Active Call invite (not JSON, no dialogId, fields of the wrong type, too large): the handler rejects with it, `statusCode` 400 (413 when too large), which the Node adapter answers. Nothing changed.',
  },
};

// Core's rules, not its described `errorCodes`: the descriptions stay out of browser bundles.
const table: Readonly<Record<ActiveCallErrorCode, ErrorCodeRule>> = {
  ...errorCodeRules,
  ...activeCallErrorCodes,
};

const build = errorFactory<ActiveCallErrorCode>(table);

/**
 * Builds the right error subclass for an Active Call client code. Typed as core's
 * `CallstreamError` because that is what `errors$` and rejections carry in the neutral
 * contract; {@link isActiveCallError} narrows to the Active Call codes.
 */
export function acError(
  code: ActiveCallErrorCode,
  message: string,
  details?: ErrorDetails,
): CallstreamError {
  return build(code, message, details) as unknown as CallstreamError;
}

/** True when `error` is a callstream error, optionally with `code` (core or Active Call code). */
export function isActiveCallError(
  error: unknown,
  code?: ActiveCallErrorCode,
): error is CallstreamError<ActiveCallErrorCode> {
  return isCallstreamError<string>(error) && (code === undefined || error.code === code);
}
