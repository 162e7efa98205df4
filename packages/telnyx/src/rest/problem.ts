import type { CallstreamError } from '@callstream/core';
import { type TelnyxErrorCode, telnyxError } from '../codes';

/** One entry of a Telnyx error body's `errors` list. */
export interface TelnyxErrorEntry {
  /** Telnyx's code, a string of digits (`"90018"`). */
  readonly code: string;
  /** Telnyx's title (`"Call has already ended"`). */
  readonly title: string;
  /** Telnyx's longer explanation. */
  readonly detail?: string;
  /** The JSON pointer of the field at fault (`/to`). */
  readonly pointer?: string;
}

/** What Telnyx answered to a failed request: the `cause` of every API error callstream raises. */
export interface TelnyxProblem {
  /** HTTP status. */
  readonly status: number;
  /** `errors[0].code`, when the body had one. */
  readonly code?: string;
  /** `errors[0].title`, when the body had one. */
  readonly title?: string;
  /** `errors[0].detail`. */
  readonly detail?: string;
  /** `errors[0].source.pointer`. */
  readonly pointer?: string;
  /** Every entry of `errors`. */
  readonly errors: readonly TelnyxErrorEntry[];
  /** How long Telnyx asked to wait before retrying (`Retry-After`, 429). */
  readonly retryAfterMs?: number;
}

const problems = new WeakSet<object>();

/** How a request failed, as far as retrying is concerned. */
export type RequestFailure =
  | { readonly kind: 'api'; readonly problem: TelnyxProblem }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'other'; readonly message: string };

/** Longest wait honoured from a `Retry-After` (the command's own timeout still applies). */
const MAX_RETRY_AFTER_MS = 60_000;

function text(value: unknown, max = 1024): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined;
}

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    const value = (get as (name: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/** `Retry-After` (seconds or an HTTP date), `retry-after-ms`, or `x-ratelimit-reset` (seconds). */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const ms = Number(header(headers, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const after = header(headers, 'retry-after');
  if (after !== undefined) {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0)
      return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
  }
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  return Number.isFinite(reset) && reset >= 0
    ? Math.min(reset * 1000, MAX_RETRY_AFTER_MS)
    : undefined;
}

function entries(body: unknown): TelnyxErrorEntry[] {
  const list = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(list)) return [];
  return list.slice(0, 16).flatMap((item): TelnyxErrorEntry[] => {
    if (typeof item !== 'object' || item === null) return [];
    const record = item as Record<string, unknown>;
    const code =
      typeof record.code === 'number' ? String(record.code) : (text(record.code, 32) ?? '');
    const detail = text(record.detail);
    const pointer = text((record.source as { pointer?: unknown } | undefined)?.pointer, 256);
    return [
      {
        code,
        title: text(record.title, 256) ?? '',
        ...(detail === undefined ? {} : { detail }),
        ...(pointer === undefined ? {} : { pointer }),
      },
    ];
  });
}

/** Sorts an error from the `telnyx` SDK (or an injected look-alike) into a {@link RequestFailure}. */
export function classifyFailure(error: unknown): RequestFailure {
  const name = (error as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  const status = (error as { status?: unknown } | null)?.status;
  if (name === 'APIUserAbortError' || (error as { name?: unknown })?.name === 'AbortError') {
    return { kind: 'aborted' };
  }
  if (name === 'APIConnectionTimeoutError') return { kind: 'timeout' };
  if (typeof status === 'number' && status >= 100) {
    const body = (error as { error?: unknown }).error;
    const list = entries(body);
    const first = list[0];
    const wait = retryAfterMs((error as { headers?: unknown }).headers);
    const problem: TelnyxProblem = Object.freeze({
      status,
      errors: Object.freeze(list),
      ...(first?.code ? { code: first.code } : {}),
      ...(first?.title ? { title: first.title } : {}),
      ...(first?.detail === undefined ? {} : { detail: first.detail }),
      ...(first?.pointer === undefined ? {} : { pointer: first.pointer }),
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
    problems.add(problem);
    return { kind: 'api', problem };
  }
  if (name === 'APIConnectionError') {
    const cause = (error as { cause?: { message?: unknown } }).cause?.message;
    return { kind: 'network', message: typeof cause === 'string' ? cause : 'connection error' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'other', message: message.slice(0, 512) };
}

/** Whether retrying the same request (same `command_id`) can succeed. */
export function isRetryable(failure: RequestFailure): boolean {
  if (failure.kind === 'network' || failure.kind === 'timeout') return true;
  if (failure.kind !== 'api') return false;
  const { status } = failure.problem;
  return status === 408 || status === 429 || (status >= 500 && status <= 504);
}

/** One row of the Telnyx API error → callstream code table (docs/errors.md prints it). */
export interface ApiErrorMapping {
  /** HTTP status (or range) of Telnyx's answer. */
  readonly status: string;
  /** Telnyx's `errors[0].code`, or `any`. */
  readonly telnyxCode: string;
  /** An example answer: the status and code the row is checked with. */
  readonly example: {
    /** The HTTP status of the example answer. */
    readonly status: number;
    /** Telnyx's error code in the answer's `errors[0].code`, if it has one. */
    readonly code?: string;
  };
  /** The callstream code the client raises. */
  readonly code: TelnyxErrorCode;
  /** What the client does besides raising it. */
  readonly handling: string;
}

/** How Telnyx API answers become callstream errors (checked against `codeForProblem` by the tests). */
export const apiErrorMappings: readonly ApiErrorMapping[] = [
  {
    status: '401, 403',
    telnyxCode: 'any (10009)',
    example: { status: 401, code: '10009' },
    code: 'unauthorized',
    handling: 'fatal: connect() fails, never retried',
  },
  {
    status: '422',
    telnyxCode: '90018',
    example: { status: 422, code: '90018' },
    code: 'call-ended',
    handling: 'the call leaves calls$ (hangup); hangup() and reject() resolve with alreadyEnded',
  },
  {
    status: '422',
    telnyxCode: '90015',
    example: { status: 422, code: '90015' },
    code: 'call-not-found',
    handling: 'the call leaves calls$ (not-found; an offer being accepted: claimed-elsewhere)',
  },
  {
    status: '422',
    telnyxCode: '90034',
    example: { status: 422, code: '90034' },
    code: 'call-not-answered',
    handling: 'nothing changes; the message says to answer first',
  },
  {
    status: '429',
    telnyxCode: '10011, 90103',
    example: { status: 429, code: '90103' },
    code: 'rate-limited',
    handling: 'retried after Retry-After (same command_id) until the attempts are used up',
  },
  {
    status: '500–504',
    telnyxCode: '10007',
    example: { status: 503, code: '10007' },
    code: 'server-error',
    handling: 'retried with backoff (same command_id); then a status check of the call',
  },
  {
    status: '400, 404, 422',
    telnyxCode: 'any other',
    example: { status: 422, code: '10015' },
    code: 'request-rejected',
    handling: 'nothing changes; telnyxProblem(error) has code, title, detail and pointer',
  },
  {
    status: '—',
    telnyxCode: 'network error',
    example: { status: 0 },
    code: 'connection-lost',
    handling: 'retried (same command_id); then a status check of the call',
  },
  {
    status: '—',
    telnyxCode: 'request timeout',
    example: { status: 0 },
    code: 'command-timeout',
    handling: 'retried (same command_id); then a status check of the call',
  },
];

/** The callstream code for an API answer (keyed on HTTP status **and** Telnyx code). */
export function codeForProblem(problem: TelnyxProblem): TelnyxErrorCode {
  const { status, code } = problem;
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  if (code === '90018') return 'call-ended';
  if (code === '90015') return 'call-not-found';
  if (code === '90034') return 'call-not-answered';
  if (status === 404 && code === undefined) return 'call-not-found';
  return 'request-rejected';
}

/** Where a failure happened, for the error's message and fields. */
export interface FailureContext {
  readonly action: string;
  readonly requestId: string;
  readonly callId?: string;
}

/** The typed error a failed request becomes. Never includes request headers (the API key). */
export function errorForFailure(failure: RequestFailure, context: FailureContext): CallstreamError {
  const details = {
    action: context.action,
    requestId: context.requestId,
    ...(context.callId === undefined ? {} : { callId: context.callId }),
  };
  switch (failure.kind) {
    case 'api': {
      const { problem } = failure;
      const label = [problem.code, problem.title].filter(Boolean).join(' ');
      const more = problem.detail === undefined ? '' : `: ${problem.detail}`;
      const hint =
        problem.code === '90034'
          ? ' (answer the call first: accept() an inbound call before speak, playback, gather or record)'
          : '';
      return telnyxError(
        codeForProblem(problem),
        `${context.action} failed: Telnyx answered ${problem.status}${label ? ` ${label}` : ''}${more}${hint}`,
        {
          ...details,
          statusCode: problem.status,
          ...(label ? { serverError: label } : {}),
          cause: problem,
        },
      );
    }
    case 'network':
      return telnyxError(
        'connection-lost',
        `${context.action}: the request to Telnyx failed (${failure.message}); it may or may not have run`,
        details,
      );
    case 'timeout':
      return telnyxError(
        'command-timeout',
        `${context.action}: Telnyx did not answer in time; the command may still run`,
        details,
      );
    case 'aborted':
      return telnyxError('closed', `${context.action} failed: the client was closed`, details);
    default:
      return telnyxError('command-failed', `${context.action} failed: ${failure.message}`, details);
  }
}

/**
 * Telnyx's answer behind a callstream error (code, title, detail, pointer, status), when the
 * error came from a Telnyx API response.
 */
export function telnyxProblem(error: unknown): TelnyxProblem | undefined {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return typeof cause === 'object' && cause !== null && problems.has(cause)
    ? (cause as TelnyxProblem)
    : undefined;
}
