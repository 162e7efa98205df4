import type { CallstreamError } from '@callstream/core';
import { pointAtCaller } from '@callstream/core/engine';
import { acError } from '../codes';
import type { ActiveCallEvent } from '../protocol/events';

/** How a session's socket ended, as its waiters and the tracker see it. */
export interface SessionClosure {
  /** Who ended it: this client, the server (a close frame with 1000), or the network. */
  readonly by: 'client' | 'server' | 'network';
  /** The close code, when there was a close frame. */
  readonly code?: number;
  /** The close reason, when there was one. */
  readonly reason?: string;
  /** Why it ended, when the server or the network ended it (typed). */
  readonly error?: CallstreamError;
}

/** A verdict of a waiter on one event or on the socket's end. */
export type Verdict<T> = { readonly resolve: T } | { readonly reject: CallstreamError } | undefined;

/** What one promise of a session waits for (an answer, a refer's answer, the socket's end). */
export interface WaitSpec<T> {
  /** The command, for messages (`invite`, `accept`, `refer`, `hangup`). */
  readonly action: string;
  /** The call, for errors. */
  readonly callId: string;
  /** Give up after this many ms (`Infinity`: never). */
  readonly timeoutMs: number;
  /** Gives up when aborted. */
  readonly signal?: AbortSignal | undefined;
  /** Judges an event: settle, or keep waiting (undefined). */
  judge(event: ActiveCallEvent): Verdict<T>;
  /** Judges the socket's end (the waiter must settle then). */
  closed(closure: SessionClosure): Exclude<Verdict<T>, undefined>;
  /**
   * What a timeout or an abort does besides rejecting: `close` the session (a pending invite
   * holds the server's command queue, so nothing but closing cancels it), `resolve` with the
   * given value after closing (a hangup that got no close), or nothing.
   */
  readonly onGiveUp?: 'close' | { readonly closeAndResolve: T };
}

/** One pending promise of a session. */
export class Waiter<T> {
  private settled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly abort = () => this.giveUp('aborted');
  readonly promise: Promise<T>;
  private resolveFn!: (value: T) => void;
  private rejectFn!: (error: CallstreamError) => void;

  constructor(
    private readonly spec: WaitSpec<T>,
    private readonly closeSession: () => void,
    private readonly release: (waiter: Waiter<T>) => void,
  ) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    if (Number.isFinite(spec.timeoutMs)) {
      this.timer = setTimeout(() => this.giveUp('timeout'), spec.timeoutMs);
    }
    spec.signal?.addEventListener('abort', this.abort, { once: true });
  }

  /** Offers an event; true when it settled the waiter. */
  offer(event: ActiveCallEvent): boolean {
    if (this.settled) return false;
    return this.apply(this.spec.judge(event));
  }

  /** The socket ended: the waiter settles now. */
  end(closure: SessionClosure): void {
    if (!this.settled) this.apply(this.spec.closed(closure));
  }

  /** Fails the waiter with `error` (the client closed, the command could not be sent). */
  fail(error: CallstreamError): void {
    this.apply({ reject: error });
  }

  private apply(verdict: Verdict<T>): boolean {
    if (verdict === undefined || this.settled) return false;
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.spec.signal?.removeEventListener('abort', this.abort);
    this.release(this);
    if ('resolve' in verdict) this.resolveFn(verdict.resolve);
    else this.rejectFn(verdict.reject);
    return true;
  }

  private giveUp(why: 'timeout' | 'aborted'): void {
    if (this.settled) return;
    const { action, callId, timeoutMs, onGiveUp } = this.spec;
    if (onGiveUp !== undefined && onGiveUp !== 'close' && why === 'timeout') {
      const value = onGiveUp.closeAndResolve;
      this.apply({ resolve: value });
      this.closeSession();
      return;
    }
    const error =
      why === 'timeout'
        ? pointAtCaller(
            acError('command-timeout', `${action} got no outcome within ${timeoutMs} ms`, {
              action,
              callId,
            }),
          )
        : acError('aborted', `${action} was aborted before its outcome`, {
            action,
            callId,
            cause: this.spec.signal?.reason,
          });
    this.apply({ reject: error });
    if (onGiveUp === 'close') this.closeSession();
  }
}
