import { EmulatorError } from './errors';

/** A drop budget: a number of messages still to drop, or every message until reset. */
export type DropBudget = number | 'all';

function checkBudget(name: string, count: DropBudget): DropBudget {
  if (count === 'all') return count;
  if (!Number.isInteger(count) || count < 0) {
    throw new EmulatorError('INVALID_ARGUMENT', `${name}: count must be an integer >= 0 or 'all'`);
  }
  return count;
}

/** The message-level faults currently switched on (socket-level faults act at once). */
export class FaultState {
  delayRepliesMs: number | null = null;
  #dropReplies: DropBudget = 0;
  #dropEvents: DropBudget = 0;
  refuseRegistrations: string | null = null;

  setDelayReplies(ms: number | null): void {
    if (ms !== null && (!Number.isFinite(ms) || ms < 0)) {
      throw new EmulatorError('INVALID_ARGUMENT', 'delayReplies: ms must be >= 0 or null');
    }
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

  reset(): void {
    this.delayRepliesMs = null;
    this.#dropReplies = 0;
    this.#dropEvents = 0;
    this.refuseRegistrations = null;
  }
}
