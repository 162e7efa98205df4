import { EmulatorError, type EmulatorErrorCode } from './errors';

/**
 * The longest delay a Node timer holds: `setTimeout` treats anything larger (or not a finite
 * number) as 1 ms, so an unchecked 1e12 would fire at once instead of never.
 */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/** Whether `value` is a delay a timer can hold: a finite number from 0 to {@link MAX_DELAY_MS}. */
export function isDelay(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_DELAY_MS;
}

/** The error text for a delay that {@link isDelay} refuses. */
export function delayProblem(name: string, value: unknown): string {
  return `${name} must be a number of ms from 0 to ${MAX_DELAY_MS} (got ${describeValue(value)})`;
}

/** Returns `value` if it is a delay a timer can hold, else throws `EmulatorError` with `code`. */
export function checkDelay(name: string, value: unknown, code: EmulatorErrorCode): number {
  if (!isDelay(value)) throw new EmulatorError(code, delayProblem(name, value));
  return value;
}

/** A short, safe rendering of a rejected value for an error text. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
