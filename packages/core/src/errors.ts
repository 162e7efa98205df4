import { type ErrorCode, errorCodes } from './codes';

/** Extra facts a {@link CallstreamError} may carry. */
export interface ErrorDetails {
  /** The original error, close event or reply that caused this one. */
  cause?: unknown;
  /** The `request_id` of the command, for support tickets and log correlation. */
  requestId?: string;
  /** The reply's `status_code`, when the server sent one. */
  statusCode?: number;
  /** The server's own error text (`error`, `data.error` or `data.reason`). */
  serverError?: string;
  /** The wire action of the command (`outbound`, `send_dtmf`, …). */
  action?: string;
  /** The call the command or event was about. */
  callId?: string;
}

/**
 * Base class of every error callstream's core throws, rejects with or reports on `errors$`.
 * Switch on `code` (stable, documented in docs/errors.md) rather than on the class or message.
 */
export class CallstreamError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** `request_id` of the command this error belongs to, if any. */
  readonly requestId: string | undefined;
  /** `status_code` of the server reply, if any. */
  readonly statusCode: number | undefined;
  /** Error text the server sent, if any. */
  readonly serverError: string | undefined;
  /** Wire action of the command, if any. */
  readonly action: string | undefined;
  /** Call the error is about, if any. */
  readonly callId: string | undefined;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.requestId = details.requestId;
    this.statusCode = details.statusCode;
    this.serverError = details.serverError;
    this.action = details.action;
    this.callId = details.callId;
  }

  /** Whether trying the same thing again later can succeed (from the code table). */
  get retryable(): boolean {
    return errorCodes[this.code].retryable;
  }

  /**
   * Whether no retry policy may ever retry this error (bad credentials or bad options): the
   * transport's backoff stops before asking the policy.
   */
  get fatal(): boolean {
    return this.code === 'unauthorized' || this.code === 'invalid-options';
  }
}

/** Bad `createClient()` options. */
export class ConfigurationError extends CallstreamError {}
/** A command argument failed validation; nothing was sent. */
export class ValidationError extends CallstreamError {}
/** The connection could not be made or was lost. */
export class ConnectionError extends CallstreamError {}
/** Something did not happen in time (connect or command). */
export class TimeoutError extends CallstreamError {}
/** The server broke the protocol (unexpected greeting, malformed frames). */
export class ProtocolError extends CallstreamError {}
/** The server refused the credentials. Fatal: never retried. */
export class AuthError extends CallstreamError {}
/** The server rejected a command. */
export class CommandError extends CallstreamError {}
/** A call could not be acted on any more (for example an expired incoming call). */
export class CallError extends CallstreamError {}
/** The caller aborted the command through its AbortSignal. */
export class AbortError extends CallstreamError {}
/** The client was closed. */
export class ClosedError extends CallstreamError {}

const classes = {
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
} as const;

/** Builds the right {@link CallstreamError} subclass for a code, per the code table. */
export function createError(
  code: ErrorCode,
  message: string,
  details: ErrorDetails = {},
): CallstreamError {
  const ErrorClass = classes[errorCodes[code].kind];
  return new ErrorClass(code, message, details);
}

/** True when `error` is a {@link CallstreamError}, optionally with the given code. */
export function isCallstreamError(error: unknown, code?: ErrorCode): error is CallstreamError {
  return error instanceof CallstreamError && (code === undefined || error.code === code);
}
