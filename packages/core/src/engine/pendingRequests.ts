import { type CallstreamError, createError } from '../errors';
import { RecentMap } from './recentMap';

interface Pending<Reply> {
  readonly action: string;
  readonly onReply: (reply: Reply) => void;
  readonly reject: (error: CallstreamError) => void;
  readonly cleanup: () => void;
}

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
 * Requests waiting for their reply, by id. Each one settles exactly once: reply, timeout, abort,
 * or {@link rejectAll} when the connection goes. Ids that settled without a reply are remembered
 * for a while so a late reply is recognised and discarded (Go weakness W6). Generic over the
 * reply type, so every backend with request/reply correlation shares it.
 */
export class PendingRequests<Reply> {
  private readonly pending = new Map<string, Pending<Reply>>();
  /** Request ids that settled without a reply (the last 1,024), to recognise late replies. */
  private readonly expired = new RecentMap<string, true>();

  /** Number of requests waiting. */
  get size(): number {
    return this.pending.size;
  }

  /** Waits for the reply to `requestId`. */
  wait<Result>(
    requestId: string,
    action: string,
    options: WaitOptions<Reply, Result>,
  ): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const { signal } = options;
      const settleWithoutReply = (error: CallstreamError) => {
        if (!this.pending.has(requestId)) return;
        this.forget(requestId);
        this.expired.set(requestId, true);
        reject(error);
      };
      const timer = Number.isFinite(options.timeoutMs)
        ? setTimeout(() => settleWithoutReply(options.timeoutError()), options.timeoutMs)
        : undefined;
      const onAbort = () =>
        settleWithoutReply(
          createError('aborted', `${action} aborted before its reply arrived`, {
            requestId,
            action,
            cause: signal?.reason,
          }),
        );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(requestId, {
        action,
        onReply: (reply) => {
          try {
            resolve(options.onReply(reply));
          } catch (error) {
            reject(error);
          }
        },
        reject,
        cleanup: () => {
          if (timer !== undefined) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      });
    });
  }

  /** Hands a reply to its waiting request. False when nothing waits for it. */
  settle(requestId: string, reply: Reply): boolean {
    const entry = this.pending.get(requestId);
    if (!entry) return false;
    this.forget(requestId);
    entry.onReply(reply);
    return true;
  }

  /** Fails a request that could not even be sent. */
  fail(requestId: string, error: CallstreamError): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.forget(requestId);
    entry.reject(error);
  }

  /** Whether `requestId` belonged to a request that timed out, was aborted or lost its connection. */
  isExpired(requestId: string): boolean {
    return this.expired.has(requestId);
  }

  /** Rejects every waiting request with an error built for it (e.g. `connection-lost`). */
  rejectAll(makeError: (requestId: string, action: string) => CallstreamError): void {
    const entries = [...this.pending];
    for (const [requestId, entry] of entries) {
      this.forget(requestId);
      this.expired.set(requestId, true);
      entry.reject(makeError(requestId, entry.action));
    }
  }

  private forget(requestId: string): void {
    this.pending.get(requestId)?.cleanup();
    this.pending.delete(requestId);
  }
}
