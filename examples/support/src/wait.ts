import {
  filter,
  firstValueFrom,
  from,
  fromEvent,
  map,
  merge,
  type Observable,
  of,
  timer,
} from 'rxjs';
import { ExampleError } from './errors';

/** How long one wait may take, what it waits for (for the error message), and what cancels it. */
export interface WaitOptions {
  /** Milliseconds before the wait fails with `step-timeout`. */
  timeoutMs: number;
  /** Words completing "timed out after N ms waiting for …". */
  what: string;
  /** Ends the wait with an `aborted` error (the program is shutting down). @default never */
  signal?: AbortSignal;
}

const ignore = (): void => {};

/** Emits once when the signal fires (at once if it already did); never without a signal. */
function aborted$(signal: AbortSignal | undefined): Observable<unknown> {
  if (!signal) return merge();
  return signal.aborted ? of(true) : fromEvent(signal, 'abort');
}

/**
 * The first item of `source` that matches `predicate`, or a typed failure: `step-timeout` after
 * `timeoutMs`, `aborted` when the signal fires. Subscribes at once, so call it BEFORE the command
 * whose consequence it waits for. The returned promise is pre-handled: if the caller fails
 * before awaiting it, no unhandled rejection is reported.
 */
export function waitFor<T>(
  source: Observable<T>,
  predicate: (item: T) => boolean,
  options: WaitOptions,
): Promise<T> {
  const { timeoutMs, what, signal } = options;
  const failures$ = merge(
    timer(timeoutMs).pipe(
      map((): never => {
        throw new ExampleError(
          'step-timeout',
          `timed out after ${timeoutMs} ms waiting for ${what}`,
        );
      }),
    ),
    aborted$(signal).pipe(
      map((): never => {
        throw new ExampleError('aborted', `stopped while waiting for ${what}`);
      }),
    ),
  );
  const result = firstValueFrom(merge(source.pipe(filter(predicate)), failures$));
  result.catch(ignore);
  return result;
}

/** `promise`, bounded by a timeout and the abort signal (same failures as {@link waitFor}). */
export function within<T>(promise: Promise<T>, options: WaitOptions): Promise<T> {
  return waitFor(from(promise), () => true, options);
}
