import { EMPTY, type Observable, reduce, take, takeWhile, timeout } from 'rxjs';

/** How an entry is delimited. */
export interface EntryRules {
  readonly firstDigitTimeoutMs: number;
  readonly interDigitTimeoutMs: number;
  readonly terminator: string;
  readonly maxDigits: number;
}

/**
 * Collects one entry from a stream of single digits and emits it once: the digits pressed
 * before the terminator, before a pause of `interDigitTimeoutMs`, or up to `maxDigits`. Emits
 * `''` when no digit came within `firstDigitTimeoutMs` (or only the terminator was pressed).
 * Subscribe to it when the entry starts: its timers start then.
 */
export function collectEntry(digits$: Observable<string>, rules: EntryRules): Observable<string> {
  return digits$.pipe(
    timeout({
      first: rules.firstDigitTimeoutMs,
      each: rules.interDigitTimeoutMs,
      with: () => EMPTY,
    }),
    takeWhile((digit) => digit !== rules.terminator),
    take(rules.maxDigits),
    reduce((entry, digit) => entry + digit, ''),
  );
}
