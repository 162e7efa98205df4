import type { ErrorCode } from '../../codes';
import { type CallstreamError, createError } from '../../errors';
import type { WireObject } from './wire';

/** A successful reply, reduced to what callers use. */
export interface CommandReply {
  /** The reply's `data` object (`{}` when absent). */
  readonly data: WireObject;
  /** The reply's `status_code`, when present. */
  readonly statusCode: number | undefined;
  /** The whole reply frame. */
  readonly raw: WireObject;
}

/**
 * Judges a reply by one rule for every command (fixing the Go SDK's W7): it is an error when it
 * has an `error`, a `status_code` >= 400, or `data.success === false`.
 */
export function judgeReply(
  frame: WireObject,
  action: string,
  requestId: string,
): CommandReply | CallstreamError {
  const data = isObject(frame.data) ? frame.data : {};
  const statusCode = typeof frame.status_code === 'number' ? frame.status_code : undefined;
  const topError = frame.error;
  const failed =
    (topError !== undefined && topError !== null && topError !== '') ||
    (statusCode !== undefined && statusCode >= 400) ||
    data.success === false;
  if (!failed) return { data, statusCode, raw: frame };

  const serverError = firstText(topError, data.error, data.reason) ?? `status ${statusCode ?? '?'}`;
  const code = codeFor(serverError, statusCode);
  return createError(code, `${action} failed: ${serverError}`, {
    requestId,
    action,
    serverError,
    cause: frame,
    ...(statusCode === undefined ? {} : { statusCode }),
  });
}

function codeFor(serverError: string, statusCode: number | undefined): ErrorCode {
  const text = serverError.toLowerCase();
  if (text.includes('callid not found') || text.includes('not active')) return 'call-not-found';
  if (text.includes('appid required')) return 'appid-required';
  if (text.includes('unauthorized') || statusCode === 401) return 'unauthorized';
  if (statusCode === 503 || text.includes('no resource')) return 'no-resource';
  if (statusCode === 404) return 'call-not-found';
  return 'command-failed';
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function isObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
