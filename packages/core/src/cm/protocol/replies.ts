import type { ErrorCode } from '../../codes';
import { type CallstreamError, createError } from '../../errors';
import { isPlainObject } from '../../validation';
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
 * has an `error`, a `status_code` >= 400, or `data.success === false`. The shape is judged first,
 * strictly: a reply whose `status_code` is not a number, whose `data` is not an object, whose
 * `data.success` is not a boolean, whose `error` is not a string, or whose `response` names
 * another action is a `ProtocolError` (`malformed-frame`), never a success.
 */
export function judgeReply(
  frame: WireObject,
  action: string,
  requestId: string,
): CommandReply | CallstreamError {
  const malformed = shapeProblem(frame, action);
  if (malformed !== undefined) {
    return createError('malformed-frame', `${action}: malformed reply (${malformed})`, {
      requestId,
      action,
      cause: frame,
    });
  }
  const data = isPlainObject(frame.data) ? frame.data : {};
  const statusCode = typeof frame.status_code === 'number' ? frame.status_code : undefined;
  const topError = frame.error;
  const failed =
    (typeof topError === 'string' && topError !== '') ||
    (statusCode !== undefined && statusCode >= 400) ||
    data.success === false;
  if (!failed) return { data, statusCode, raw: frame };

  const serverError = firstText(topError, data.error, data.reason) ?? `status ${statusCode ?? '?'}`;
  const code = codeFor(serverError, statusCode);
  return createError(code, `${action} failed: ${serverError.slice(0, 200)}`, {
    requestId,
    action,
    serverError,
    cause: frame,
    ...(statusCode === undefined ? {} : { statusCode }),
  });
}

/** What is wrong with a reply's shape, or undefined when it is well formed. */
function shapeProblem(frame: WireObject, action: string): string | undefined {
  const { response, status_code: statusCode, data, error } = frame;
  if (response !== undefined && response !== action) {
    return `it answers ${typeof response === 'string' ? JSON.stringify(response.slice(0, 40)) : typeof response}, not ${action}`;
  }
  if (
    statusCode !== undefined &&
    (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 0)
  ) {
    return 'status_code is not a whole number';
  }
  if (data !== undefined && !isPlainObject(data)) return 'data is not an object';
  if (isPlainObject(data) && data.success !== undefined && typeof data.success !== 'boolean') {
    return 'data.success is not a boolean';
  }
  if (error !== undefined && error !== null && typeof error !== 'string') {
    return 'error is not a string';
  }
  return undefined;
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
