import { type CallstreamError, createError } from '../errors';
import { RecentMap } from './recentMap';

/** How one request waits for its reply. */
export interface WaitOptions<Reply, Result> {
  /** Give up after this many ms (`Infinity`: wait for the reply, an abort or the connection). */
  readonly timeoutMs: number;
  /** Gives up when aborted. */
  readonly signal?: AbortSignal | undefined;
  /** Builds the timeout error; called only if the timeout fires. */
  readonly timeoutError: () => CallstreamError;
  /**
   * Judges the reply and applies its effects, synchronously, in the handler that received it:
   * frames that arrive right behind the reply (sockets deliver several in one tick) see those
   * effects already applied. What it returns resolves the request; what it throws rejects it.
   */
  readonly onReply: (reply: Reply) => Result;
}

/**
 * One waiting request. A class with methods rather than a bundle of closures: every command
 * creates one, and closures per request were most of what a command allocated.
 */
class Waiting<Reply, Result> {
  timer: ReturnType<typeof setTimeout> | undefined;
  onAbort: (() => void) | undefined;

  constructor(
    readonly requestId: string,
    readonly action: string,
    readonly options: WaitOptions<Reply, Result>,
    readonly resolve: (result: Result) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  /** Hands the reply to `onReply`; its result or throw settles the request. */
  reply(reply: Reply): void {
    try {
      this.resolve(this.options.onReply(reply));
    } catch (error) {
      this.reject(error);
    }
  }

  /** Stops the timer and the abort listener. */
  cleanup(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.onAbort) this.options.signal?.removeEventListener('abort', this.onAbort);
  }
}

/**
 * Requests waiting for their reply, by id. Each one settles exactly once: reply, timeout, abort,
 * or {@link rejectAll} when the connection goes. Ids that settled without a reply are remembered
 * for a while so a late reply is recognised and discarded (Go weakness W6). Generic over the
 * reply type, so every backend with request/reply correlation shares it.
 */
export class PendingRequests<Reply> {
  /** Each entry has its own result type; the map only settles them. */
  readonly #pending = new Map<string, Waiting<Reply, unknown>>();
  /** Request ids that settled without a reply (the last 1,024), to recognise late replies. */
  readonly #expired = new RecentMap<string, true>();

  /** Number of requests waiting. */
  get size(): number {
    return this.#pending.size;
  }

  /** Waits for the reply to `requestId`. */
  wait<Result>(
    requestId: string,
    action: string,
    options: WaitOptions<Reply, Result>,
  ): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const entry = new Waiting(requestId, action, options, resolve, reject);
      if (Number.isFinite(options.timeoutMs)) {
        entry.timer = setTimeout(
          () => this.#settleWithoutReply(entry, options.timeoutError()),
          options.timeoutMs,
        );
      }
      const { signal } = options;
      if (signal) {
        entry.onAbort = () =>
          this.#settleWithoutReply(
            entry,
            createError('aborted', `${action} aborted before its reply arrived`, {
              requestId,
              action,
              cause: signal.reason,
            }),
          );
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.#pending.set(requestId, entry as Waiting<Reply, unknown>);
    });
  }

  /** Hands a reply to its waiting request. False when nothing waits for it. */
  settle(requestId: string, reply: Reply): boolean {
    const entry = this.#pending.get(requestId);
    if (!entry) return false;
    this.#forget(entry);
    entry.reply(reply);
    return true;
  }

  /** Fails a request that could not even be sent. */
  fail(requestId: string, error: CallstreamError): void {
    const entry = this.#pending.get(requestId);
    if (!entry) return;
    this.#forget(entry);
    entry.reject(error);
  }

  /** Whether `requestId` belonged to a request that timed out, was aborted or lost its connection. */
  isExpired(requestId: string): boolean {
    return this.#expired.has(requestId);
  }

  /** Rejects every waiting request with an error built for it (e.g. `connection-lost`). */
  rejectAll(makeError: (requestId: string, action: string) => CallstreamError): void {
    const entries = [...this.#pending.values()];
    for (const entry of entries) {
      this.#forget(entry);
      this.#expired.set(entry.requestId, true);
      entry.reject(makeError(entry.requestId, entry.action));
    }
  }

  #settleWithoutReply<Result>(entry: Waiting<Reply, Result>, error: CallstreamError): void {
    if (this.#pending.get(entry.requestId) !== (entry as Waiting<Reply, unknown>)) return;
    this.#forget(entry);
    this.#expired.set(entry.requestId, true);
    entry.reject(error);
  }

  #forget<Result>(entry: Waiting<Reply, Result>): void {
    entry.cleanup();
    this.#pending.delete(entry.requestId);
  }
}
