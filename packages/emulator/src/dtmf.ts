/** DTMF digits the CM accepts (PROTOCOL.md §5.2: `0-9 * #`, at most 64 in one string). */

/** The CM's DTMF alphabet. */
export const DTMF_ALPHABET = '0123456789*#';

/** Most digits in one `send_dtmf` or one remote-party key sequence. */
export const MAX_DTMF_DIGITS = 64;

const DIGITS_PATTERN = /^[0-9*#]+$/;

/**
 * Why `digits` cannot be played (empty, too long, or outside `0-9 * #`), or undefined when it
 * can. Checked everywhere digits enter: `send_dtmf`, `remote.pressDigits`, `remote/dtmf`.
 */
export function dtmfProblem(digits: unknown): string | undefined {
  const rule = `1 to ${MAX_DTMF_DIGITS} of 0-9, * and #`;
  if (typeof digits !== 'string') return `digits: ${rule} (got ${typeof digits})`;
  if (digits.length === 0 || digits.length > MAX_DTMF_DIGITS) {
    return `digits: ${rule} (got ${digits.length} characters)`;
  }
  if (!DIGITS_PATTERN.test(digits)) return `digits: ${rule}`;
  return undefined;
}
