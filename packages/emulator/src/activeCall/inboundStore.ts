import type { CancelTimer } from '../timers';
import type { InboundOutcome } from './types';

/** Outcomes kept for `inboundOutcome`; the oldest are forgotten first. */
export const INBOUND_OUTCOME_LIMIT = 1000;

/** An inbound call announced by webhook and waiting for `accept`. */
export interface PendingInbound {
  readonly dialogId: string;
  readonly caller: string;
  readonly callee: string;
  /** The caller's SDP (the webhook's `offer`). */
  readonly offer: string;
  readonly createdAt: number;
  /** Stops the `accept_timeout` deadline. */
  cancelDeadline: CancelTimer;
  /** The session that sent `ringing` for it, if any. */
  rungBy?: string;
}

/** Pending inbound calls by dialog id, plus the recent outcomes. */
export class InboundStore {
  readonly #pending = new Map<string, PendingInbound>();
  readonly #outcomes = new Map<string, InboundOutcome>();

  add(call: PendingInbound): void {
    this.#pending.set(call.dialogId, call);
    this.record({ dialogId: call.dialogId, state: 'pending' });
  }

  get(dialogId: string): PendingInbound | undefined {
    return this.#pending.get(dialogId);
  }

  /** Removes a pending call (its deadline too) and records how it ended. */
  take(dialogId: string, outcome: Omit<InboundOutcome, 'dialogId'>): PendingInbound | undefined {
    const call = this.#pending.get(dialogId);
    if (!call) return undefined;
    this.#pending.delete(dialogId);
    call.cancelDeadline();
    this.record({ dialogId, ...outcome });
    return call;
  }

  /** Remembers an outcome (the latest per dialog id). */
  record(outcome: InboundOutcome): void {
    this.#outcomes.delete(outcome.dialogId);
    this.#outcomes.set(outcome.dialogId, outcome);
    if (this.#outcomes.size > INBOUND_OUTCOME_LIMIT) {
      const oldest = this.#outcomes.keys().next().value;
      if (oldest !== undefined) this.#outcomes.delete(oldest);
    }
  }

  outcome(dialogId: string): InboundOutcome | undefined {
    const outcome = this.#outcomes.get(dialogId);
    return outcome && { ...outcome };
  }

  all(): PendingInbound[] {
    return [...this.#pending.values()];
  }

  get size(): number {
    return this.#pending.size;
  }
}
