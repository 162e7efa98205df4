import { checkDelay } from './duration';
import { EmulatorError } from './errors';

/** A drop budget: a number of messages still to drop, or every message until reset. */
export type DropBudget = number | 'all';

/** The message-level faults in force, as the control API reports them. */
export interface MessageFaultSettings {
  /** Every reply is held this many ms; null = off. */
  delayReplies: number | null;
  /** Replies still to drop (`'all'` until reset, 0 = off). */
  dropReplies: DropBudget;
  /** Events still to drop (`'all'` until reset, 0 = off). */
  dropEvents: DropBudget;
  /** The error every register is refused with; null = off. */
  refuseRegistrations: string | null;
}

function checkBudget(name: string, count: unknown): DropBudget {
  if (count === 'all') return count;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new EmulatorError('INVALID_ARGUMENT', `${name}: count must be an integer >= 0 or 'all'`);
  }
  return count;
}

/**
 * The message-level faults currently switched on (socket-level faults act at once). Every
 * setter validates first and changes nothing when it throws. Backend-neutral.
 */
export class FaultState {
  delayRepliesMs: number | null = null;
  #dropReplies: DropBudget = 0;
  #dropEvents: DropBudget = 0;
  refuseRegistrations: string | null = null;

  /** Holds replies `ms` (0 to 2^31-1; 0 or null = off); throws `INVALID_ARGUMENT` otherwise. */
  setDelayReplies(ms: number | null): void {
    if (ms !== null) checkDelay('delayReplies: ms', ms, 'INVALID_ARGUMENT');
    this.delayRepliesMs = ms === 0 ? null : ms;
  }

  setDropReplies(count: DropBudget): void {
    this.#dropReplies = checkBudget('dropReplies', count);
  }

  setDropEvents(count: DropBudget): void {
    this.#dropEvents = checkBudget('dropEvents', count);
  }

  /** Consumes one unit of the reply drop budget; true = drop this reply. */
  takeReplyDrop(): boolean {
    if (this.#dropReplies === 'all') return true;
    if (this.#dropReplies <= 0) return false;
    this.#dropReplies -= 1;
    return true;
  }

  /** Consumes one unit of the event drop budget; true = drop this event. */
  takeEventDrop(): boolean {
    if (this.#dropEvents === 'all') return true;
    if (this.#dropEvents <= 0) return false;
    this.#dropEvents -= 1;
    return true;
  }

  /** The settings in force now (budgets as they are left). */
  snapshot(): MessageFaultSettings {
    return {
      delayReplies: this.delayRepliesMs,
      dropReplies: this.#dropReplies,
      dropEvents: this.#dropEvents,
      refuseRegistrations: this.refuseRegistrations,
    };
  }

  reset(): void {
    this.delayRepliesMs = null;
    this.#dropReplies = 0;
    this.#dropEvents = 0;
    this.refuseRegistrations = null;
  }
}
