import type { CallstreamError, Logger } from '@callstream/core';
import { MAX_TIMER_MS } from '@callstream/core/engine';
import { telnyxError } from '../codes';
import {
  classifyFailure,
  errorForFailure,
  type FailureContext,
  isRetryable,
  type RequestFailure,
} from './problem';

/** How failed requests are retried (always with the same `command_id`). */
export interface RetryOptions {
  /** Attempts in all, the first included (1 = never retry). @default 3 */
  attempts?: number;
  /** Wait before the first retry; doubles per retry. @default 250 */
  initialDelayMs?: number;
  /** Longest wait between two attempts (a longer `Retry-After` is honoured up to 60 s). @default 4000 */
  maxDelayMs?: number;
}

/** {@link RetryOptions} with defaults applied. */
export interface RetrySettings {
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** The per-request options the `telnyx` SDK takes. */
export interface SdkRequestOptions {
  readonly maxRetries: 0;
  readonly timeout: number;
  readonly signal: AbortSignal;
}

/** One request to run: the SDK call and what it is, for errors and logs. */
export interface RequestSpec<T> extends FailureContext {
  /** Sends the request once. */
  readonly send: (options: SdkRequestOptions) => PromiseLike<T>;
  /** Whether anyone still waits: retries stop once nobody does. */
  readonly wanted: () => boolean;
}

/**
 * Runs REST requests for one client: one attempt at a time per request, retries of network
 * errors, 408, 429 (after `Retry-After`) and 5xx with backoff, every attempt of a request with
 * the same body (so the same `command_id`). `abortAll()` (on close) aborts every request in
 * flight and every wait between attempts: nothing is left running.
 */
export class RequestRunner {
  #controller = new AbortController();
  readonly #sleeps = new Set<() => void>();
  /**
   * The attempts in flight, aborted by {@link abortAll}. Not listeners on the shared signal:
   * more than ten concurrent requests would trip Node's MaxListenersExceededWarning.
   */
  readonly #attempts = new Set<AbortController>();
  #inFlight = 0;

  constructor(
    private readonly retry: RetrySettings,
    private readonly requestTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** Requests running (attempts or waits between them). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Runs `spec` to its end (success, a final failure, or close). Rejects with a typed error. */
  async run<T>(spec: RequestSpec<T>): Promise<T> {
    const signal = this.#controller.signal;
    this.#inFlight += 1;
    try {
      for (let attempt = 1; ; attempt += 1) {
        if (signal.aborted) throw this.closed(spec);
        let failure: RequestFailure;
        // One signal per attempt: the SDK leaves its listener on the signal it is given, and
        // the client's signal lives as long as the connection.
        const attemptController = new AbortController();
        this.#attempts.add(attemptController);
        try {
          return await spec.send({
            maxRetries: 0,
            timeout: this.requestTimeoutMs,
            signal: attemptController.signal,
          });
        } catch (error) {
          failure = signal.aborted ? { kind: 'aborted' } : classifyFailure(error);
        } finally {
          this.#attempts.delete(attemptController);
        }
        const last = attempt >= this.retry.attempts || !isRetryable(failure) || !spec.wanted();
        if (last) throw errorForFailure(failure, spec);
        const delay = this.delayBefore(attempt, failure);
        this.logger.debug('retrying a Telnyx request', {
          action: spec.action,
          requestId: spec.requestId,
          attempt,
          delayMs: delay,
          failure: failure.kind === 'api' ? failure.problem.status : failure.kind,
        });
        await this.sleep(delay, signal, spec);
      }
    } finally {
      this.#inFlight -= 1;
    }
  }

  /** Aborts every request and wait; later `run`s start afresh (the client can connect again). */
  abortAll(): void {
    this.#controller.abort();
    for (const attempt of [...this.#attempts]) attempt.abort();
    this.#attempts.clear();
    for (const wake of [...this.#sleeps]) wake();
    this.#sleeps.clear();
    this.#controller = new AbortController();
  }

  private delayBefore(attempt: number, failure: RequestFailure): number {
    const backoff = Math.min(this.retry.initialDelayMs * 2 ** (attempt - 1), this.retry.maxDelayMs);
    const asked = failure.kind === 'api' ? failure.problem.retryAfterMs : undefined;
    return Math.min(asked ?? backoff, MAX_TIMER_MS);
  }

  private sleep(ms: number, signal: AbortSignal, context: FailureContext): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        this.#sleeps.delete(wake);
        if (signal.aborted) reject(this.closed(context));
        else resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#sleeps.add(wake);
    });
  }

  private closed(context: FailureContext): CallstreamError {
    return telnyxError('closed', `${context.action} failed: the client was closed`, {
      action: context.action,
      requestId: context.requestId,
      ...(context.callId === undefined ? {} : { callId: context.callId }),
    });
  }
}
