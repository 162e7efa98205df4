import {
  type CallstreamError,
  type ErrorCode,
  type ErrorCodeInfo,
  type ErrorDetails,
  errorCodes,
  isCallstreamError,
} from '@callstream/core';
import { errorFactory } from '@callstream/core/engine';

/** Error codes only the Telnyx backend produces (docs/errors.md lists them with core's). */
export type TelnyxOnlyErrorCode =
  | 'call-ended'
  | 'call-not-answered'
  | 'rate-limited'
  | 'server-error'
  | 'request-rejected'
  | 'webhook-headers-missing'
  | 'webhook-signature-invalid'
  | 'webhook-timestamp-stale'
  | 'webhook-body-parsed'
  | 'webhook-malformed';

/** Every code a Telnyx client can throw, reject with or report: core's plus the Telnyx ones. */
export type TelnyxErrorCode = ErrorCode | TelnyxOnlyErrorCode;

/** What each Telnyx-only code means (the source of docs/errors.md's Telnyx section). */
export const telnyxErrorCodes: Readonly<Record<TelnyxOnlyErrorCode, ErrorCodeInfo>> = {
  'call-ended': {
    kind: 'CallError',
    retryable: false,
    description:
      'Telnyx answered 90018 "Call has already ended": the call is gone (it leaves calls$ if it was still there). hangup() and reject() resolve instead of failing with it.',
  },
  'call-not-answered': {
    kind: 'CommandError',
    retryable: false,
    description:
      'Telnyx answered 90034: a media command (speak, playback, gather, record, DTMF) or a bridge/transfer on a call not answered yet. Answer an inbound call (accept) before speaking or gathering on it.',
  },
  'rate-limited': {
    kind: 'CommandError',
    retryable: true,
    description:
      'Telnyx answered 429 (10011 API limit, 90103 dials per second) and the retries allowed (honouring Retry-After) were used up, or the local dial queue is full.',
  },
  'server-error': {
    kind: 'CommandError',
    retryable: true,
    description:
      'Telnyx answered 5xx (10007) on every attempt. Retries reuse the same command_id, so a command that did run is not repeated.',
  },
  'request-rejected': {
    kind: 'CommandError',
    retryable: false,
    description:
      'Telnyx refused the request (400/404/422 other than the codes above, e.g. 10015 bad value, 10016 not E.164, 10032/10033 out of range); telnyxProblem(error) gives its code, title, detail and pointer.',
  },
  'webhook-headers-missing': {
    kind: 'ProtocolError',
    retryable: false,
    description:
      'A webhook came without telnyx-signature-ed25519 or telnyx-timestamp: answered 400, reported on errors$, nothing changed.',
  },
  'webhook-signature-invalid': {
    kind: 'ProtocolError',
    retryable: false,
    description:
      'A webhook signature did not verify with publicKey: answered 401, reported on errors$, nothing changed. Most often the body was parsed and re-serialised by a framework: verify the raw bytes (docs/telnyx.md#raw-bodies).',
  },
  'webhook-timestamp-stale': {
    kind: 'ProtocolError',
    retryable: false,
    description:
      'A webhook telnyx-timestamp was more than the tolerance (300 s) away from local time (a replay, or a wrong clock): answered 401, reported on errors$, nothing changed.',
  },
  'webhook-body-parsed': {
    kind: 'ProtocolError',
    retryable: false,
    description:
      'The webhook handler got an already parsed body (an object) instead of the raw bytes, so its signature cannot be checked: answered 400. Mount the handler with a raw body (docs/telnyx.md#raw-bodies).',
  },
  'webhook-malformed': {
    kind: 'ProtocolError',
    retryable: false,
    description:
      'A correctly signed webhook was not a v2 Call Control event (not JSON, no data.event_type/id/occurred_at, a v1 body, too large): answered 400 (413 when too large), reported on errors$, nothing changed.',
  },
};

const table: Readonly<Record<TelnyxErrorCode, ErrorCodeInfo>> = {
  ...errorCodes,
  ...telnyxErrorCodes,
};

const build = errorFactory<TelnyxErrorCode>(table);

/**
 * Builds the right {@link CallstreamError} subclass for a Telnyx client code. Typed as core's
 * `CallstreamError` because that is what `errors$` and rejections carry in the neutral
 * contract; {@link isTelnyxError} narrows to the Telnyx codes.
 */
export function telnyxError(
  code: TelnyxErrorCode,
  message: string,
  details?: ErrorDetails,
): CallstreamError {
  return build(code, message, details) as unknown as CallstreamError;
}

/** True when `error` is a callstream error, optionally with `code` (core or Telnyx code). */
export function isTelnyxError(
  error: unknown,
  code?: TelnyxErrorCode,
): error is CallstreamError<TelnyxErrorCode> {
  return isCallstreamError<string>(error) && (code === undefined || error.code === code);
}
