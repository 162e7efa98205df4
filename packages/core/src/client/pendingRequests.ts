import { type CallstreamError, createError } from '../errors';
import type { WireObject } from '../protocol/wire';
import { RecentMap } from './recentMap';

interface Pending {
  readonly action: string;
  readonly resolve: (reply: WireObject) => void;
  readonly reject: (error: CallstreamError) => void;
  readonly cleanup: () => void;
}

/**
 * Commands waiting for their reply, by `request_id`. Each one settles exactly once: reply,
 * timeout, abort, or {@link rejectAll} when the connection goes. Ids that settled without a reply
 * are remembered for a while so a late reply is recognised and discarded (Go weakness W6).
 */
export class PendingRequests {
  private readonly pending = new Map<string, Pending>();
  /** Request ids that settled without a reply (the last 1,024), to recognise late replies. */
  private readonly expired = new RecentMap<string, true>();

  /**
   * Waits for the reply to `requestId`. `timeoutError` is created by the caller at the call site
   * so its stack points at the user's line, not at a timer.
   */
  wait(
    requestId: string,
    action: string,
    options: { timeoutMs: number; signal?: AbortSignal | undefined; timeoutError: CallstreamError },
  ): Promise<WireObject> {
    return new Promise<WireObject>((resolve, reject) => {
      const { signal } = options;
      const settleWithoutReply = (error: CallstreamError) => {
        if (!this.pending.has(requestId)) return;
        this.forget(requestId);
        this.expired.set(requestId, true);
        reject(error);
      };
      // Infinity means "no timer": the command waits for its reply, an abort or the connection.
      const timer = Number.isFinite(options.timeoutMs)
        ? setTimeout(() => settleWithoutReply(options.timeoutError), options.timeoutMs)
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
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      });
    });
  }

  /** Hands a reply to its waiting command. False when nothing waits for it. */
  settle(requestId: string, reply: WireObject): boolean {
    const entry = this.pending.get(requestId);
    if (!entry) return false;
    this.forget(requestId);
    entry.resolve(reply);
    return true;
  }

  /** Fails a command that could not even be sent. */
  fail(requestId: string, error: CallstreamError): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.forget(requestId);
    entry.reject(error);
  }

  /** Whether `requestId` belonged to a command that timed out, was aborted or lost its connection. */
  isExpired(requestId: string): boolean {
    return this.expired.has(requestId);
  }

  /** Rejects every waiting command with an error built for it (e.g. `connection-lost`). */
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
