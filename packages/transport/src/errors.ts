import { isFatalCode, type TransportErrorCode } from './codes';

/** Extra details for a {@link TransportError}. */
export interface TransportErrorOptions {
  /** The original close event, error event or exception. */
  cause?: unknown;
  /** The WebSocket close code, when the error comes from a close. */
  closeCode?: number | undefined;
  /** The WebSocket close reason, when the error comes from a close. */
  closeReason?: string | undefined;
}

/**
 * The one error type of `@callstream/transport`. Switch on `code`; `fatal` says whether
 * reconnecting can help. Messages never contain credentials or URL query strings.
 */
export class TransportError extends Error {
  /** What went wrong (see `transportErrorCodes`). */
  readonly code: TransportErrorCode;
  /** True when retrying cannot help (from the code table). */
  readonly fatal: boolean;
  /** The WebSocket close code, for errors caused by a close. */
  declare readonly closeCode?: number;
  /** The WebSocket close reason, for errors caused by a close. */
  declare readonly closeReason?: string;

  constructor(code: TransportErrorCode, message: string, options: TransportErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TransportError';
    this.code = code;
    this.fatal = isFatalCode(code);
    // Assigned only when known, so `'closeCode' in error` tells the truth.
    if (options.closeCode !== undefined) this.closeCode = options.closeCode;
    if (options.closeReason !== undefined) this.closeReason = options.closeReason;
  }
}

/** True for a fatal {@link TransportError} or any object that says `fatal: true`. */
export function isFatal(error: unknown): boolean {
  if (error instanceof TransportError) return error.fatal;
  return (
    typeof error === 'object' && error !== null && (error as { fatal?: unknown }).fatal === true
  );
}

/**
 * Whether reconnecting may help after `error`: false for fatal errors (see {@link isFatal}),
 * true for every other {@link TransportError}, and for foreign values only when they carry
 * `retryable: true` (an unknown failure is more likely a bug than a network blip).
 */
export function isRetryable(error: unknown): boolean {
  if (isFatal(error)) return false;
  if (error instanceof TransportError) return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { retryable?: unknown }).retryable === true
  );
}
