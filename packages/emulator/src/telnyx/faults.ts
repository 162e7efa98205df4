import { EmulatorError } from '../errors';
import type { TelnyxFaultBudget, TelnyxFaults } from './types';

/** A fault's remaining uses: a count, or unlimited until cleared. */
class Budget {
  #left: number | 'all' = 0;

  arm(budget: TelnyxFaultBudget | undefined, name: string): void {
    const value = budget ?? 1;
    if (value !== 'all' && (!Number.isInteger(value) || value < 0)) {
      throw new EmulatorError(
        'INVALID_ARGUMENT',
        `${name}: count must be an integer >= 0 or "all"`,
      );
    }
    this.#left = value;
  }

  /** Uses one unit; false when none is left. */
  take(): boolean {
    if (this.#left === 'all') return true;
    if (this.#left <= 0) return false;
    this.#left -= 1;
    return true;
  }

  /** Whether a use is left, without using it. */
  get armed(): boolean {
    return this.#left === 'all' || this.#left > 0;
  }

  clear(): void {
    this.#left = 0;
  }
}

/** The armed faults, read by the delivery queue and the API router. */
export class TelnyxFaultState {
  readonly duplicate = new Budget();
  readonly delay = new Budget();
  delayMs = 0;
  readonly reorder = new Budget();
  readonly drop = new Budget();
  readonly badSignature = new Budget();
  readonly staleTimestamp = new Budget();
  staleAgeSeconds = 301;
  readonly failRequest = new Budget();
  failStatus: 500 | 503 = 500;
  failAfterEffect = false;
  /** Set by `revokeApiKey()`: every `/v2` request is refused 401 until `reset()`. */
  keyRevoked = false;

  reset(): void {
    for (const budget of [
      this.duplicate,
      this.delay,
      this.reorder,
      this.drop,
      this.badSignature,
      this.staleTimestamp,
      this.failRequest,
    ]) {
      budget.clear();
    }
    this.delayMs = 0;
    this.staleAgeSeconds = 301;
    this.failStatus = 500;
    this.failAfterEffect = false;
    this.keyRevoked = false;
  }
}

function nonNegative(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new EmulatorError('INVALID_ARGUMENT', `${name} must be a finite number >= 0`);
  }
  return value;
}

/** The public `faults` surface over a {@link TelnyxFaultState}. */
export function createTelnyxFaults(state: TelnyxFaultState): TelnyxFaults {
  return {
    duplicateWebhooks: (count) => state.duplicate.arm(count, 'duplicateWebhooks'),
    delayWebhooks: (ms, count) => {
      if (ms === null) {
        state.delay.clear();
        return;
      }
      state.delayMs = nonNegative('delayWebhooks: ms', ms);
      state.delay.arm(count, 'delayWebhooks');
    },
    reorderWebhooks: (count) => state.reorder.arm(count, 'reorderWebhooks'),
    dropWebhooks: (count) => state.drop.arm(count, 'dropWebhooks'),
    corruptSignatures: (count) => state.badSignature.arm(count, 'corruptSignatures'),
    staleTimestamps: (count, ageSeconds = 301) => {
      state.staleAgeSeconds = nonNegative('staleTimestamps: ageSeconds', ageSeconds);
      state.staleTimestamp.arm(count, 'staleTimestamps');
    },
    failRequests: (count, options = {}) => {
      const status = options.status ?? 500;
      if (status !== 500 && status !== 503) {
        throw new EmulatorError('INVALID_ARGUMENT', 'failRequests: status must be 500 or 503');
      }
      state.failStatus = status;
      state.failAfterEffect = options.afterEffect === true;
      state.failRequest.arm(count, 'failRequests');
    },
    revokeApiKey: () => {
      state.keyRevoked = true;
    },
    reset: () => state.reset(),
  };
}
