import { type ErrorCode, type ErrorCodeRule, type ErrorKind, errorCodeRules } from './codes';

/** Extra facts a {@link CallstreamError} may carry. */
export interface ErrorDetails {
  /** The original error, close event or reply that caused this one. */
  cause?: unknown;
  /** The id of the command (CM `request_id`, Telnyx `command_id`), for support tickets and logs. */
  requestId?: string;
  /** The reply's status code (CM `status_code`, HTTP status), when the backend sent one. */
  statusCode?: number;
  /** The backend's own error text or code. */
  serverError?: string;
  /** The wire action of the command (`outbound`, `send_dtmf`, `answer`, …). */
  action?: string;
  /** The call the command or event was about. */
  callId?: string;
}

/** What an unknown code counts as (a backend's error that reached core without its table). */
const unknownCode: ErrorCodeRule = { kind: 'CommandError', retryable: false };

/**
 * Base class of every error callstream throws, rejects with or reports on `errors$`, on every
 * backend. Switch on `code` (stable, documented in docs/errors.md) rather than on the class or
 * message. Backends add their own codes through {@link errorFactory}.
 *
 * @typeParam Code - the codes this error can have (core's {@link ErrorCode} by default)
 */
export class CallstreamError<Code extends string = ErrorCode> extends Error {
  /** Stable machine-readable code. */
  readonly code: Code;
  /** Id of the command this error belongs to, if any. */
  readonly requestId: string | undefined;
  /** Status code of the backend's reply, if any. */
  readonly statusCode: number | undefined;
  /** Error text the backend sent, if any. */
  readonly serverError: string | undefined;
  /** Wire action of the command, if any. */
  readonly action: string | undefined;
  /** Call the error is about, if any. */
  readonly callId: string | undefined;
  readonly #info: ErrorCodeRule;

  /**
   * @param info - what the code table says about `code`; looked up in core's table when omitted
   */
  constructor(code: Code, message: string, details: ErrorDetails = {}, info?: ErrorCodeRule) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.requestId = details.requestId;
    this.statusCode = details.statusCode;
    this.serverError = details.serverError;
    this.action = details.action;
    this.callId = details.callId;
    this.#info =
      info ?? (errorCodeRules as Partial<Record<string, ErrorCodeRule>>)[code] ?? unknownCode;
  }

  /** Whether trying the same thing again later can succeed (from the code table). */
  get retryable(): boolean {
    return this.#info.retryable;
  }

  /**
   * Whether no retry policy may ever retry this error (bad credentials or bad options): reconnect
   * loops stop before asking the policy (from the code table).
   */
  get fatal(): boolean {
    return this.#info.fatal === true;
  }
}

/** Bad client options. */
export class ConfigurationError<Code extends string = ErrorCode> extends CallstreamError<Code> {}
/** A command argument failed validation, or the backend cannot do the command; nothing was sent. */
export class ValidationError<Code extends string = ErrorCode> extends CallstreamError<Code> {}
/** The connection could not be made or was lost. */
export class ConnectionError<Code extends string = ErrorCode> extends CallstreamError<Code> {}
/** Something did not happen in time (connect or command). */
export class TimeoutError<Code extends string = ErrorCode> extends CallstreamError<Code> {}
/** The backend broke the protocol (unexpected greeting, malformed messages, bad signatures). */
export class ProtocolError<Code extends string = ErrorCode> extends CallstreamError<Code> {}
/** The backend refused the credentials. Fatal: never retried. */
export class AuthError<Code extends string = ErrorCode> extends CallstreamError<Code> {}
/** The backend rejected a command. */
export class CommandError<Code extends string = ErrorCode> extends CallstreamError<Code> {}
/** A call could not be acted on any more (expired, ended, rejected by the remote party). */
export class CallError<Code extends string = ErrorCode> extends CallstreamError<Code> {}
/** The caller aborted the command through its AbortSignal. */
export class AbortError<Code extends string = ErrorCode> extends CallstreamError<Code> {}
/** The client was closed. */
export class ClosedError<Code extends string = ErrorCode> extends CallstreamError<Code> {}

const classes: Readonly<Record<ErrorKind, typeof CallstreamError>> = {
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
};

/**
 * A `createError` for a code table: builds the right subclass per the table's `kind`, carrying
 * the table's `retryable`/`fatal`. Backends call it with their own table (which may include core
 * codes) so their errors are first-class {@link CallstreamError}s.
 */
export function errorFactory<Code extends string>(
  table: Readonly<Record<Code, ErrorCodeRule>>,
): (code: Code, message: string, details?: ErrorDetails) => CallstreamError<Code> {
  return (code, message, details = {}) => {
    const info = table[code];
    const ErrorClass = classes[info.kind] as unknown as new (
      code: Code,
      message: string,
      details: ErrorDetails,
      info: ErrorCodeRule,
    ) => CallstreamError<Code>;
    return new ErrorClass(code, message, details, info);
  };
}

/** Builds the right {@link CallstreamError} subclass for a core code, per the code table. */
export const createError: (
  code: ErrorCode,
  message: string,
  details?: ErrorDetails,
) => CallstreamError = errorFactory(errorCodeRules);

/**
 * True when `error` is a {@link CallstreamError} (from any backend), optionally with the given
 * code.
 */
export function isCallstreamError<Code extends string = ErrorCode>(
  error: unknown,
  code?: Code,
): error is CallstreamError<Code> {
  return error instanceof CallstreamError && (code === undefined || error.code === code);
}
