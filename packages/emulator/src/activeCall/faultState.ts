import { EmulatorError } from '../errors';

/** The message-level faults currently switched on (socket-level faults act at once). */
export class AcFaultState {
  /** Extra delay of every JSON event, or null. */
  delayEventsMs: number | null = null;
  #dropEvents: number | 'all' = 0;

  setDelayEvents(ms: number | null): void {
    if (ms !== null && (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)) {
      throw new EmulatorError('INVALID_ARGUMENT', 'delayEvents: ms must be a number >= 0 or null');
    }
    this.delayEventsMs = ms === 0 ? null : ms;
  }

  setDropEvents(count: number | 'all'): void {
    if (count !== 'all' && (!Number.isInteger(count) || count < 0)) {
      throw new EmulatorError(
        'INVALID_ARGUMENT',
        "dropEvents: count must be an integer >= 0 or 'all'",
      );
    }
    this.#dropEvents = count;
  }

  /** Consumes one unit of the drop budget; true = drop this event. */
  takeEventDrop(): boolean {
    if (this.#dropEvents === 'all') return true;
    if (this.#dropEvents <= 0) return false;
    this.#dropEvents -= 1;
    return true;
  }

  reset(): void {
    this.delayEventsMs = null;
    this.#dropEvents = 0;
  }
}
