import { Observable } from 'rxjs';

/**
 * `filter` and `map` in one step, without RxJS's operator machinery (`lift`,
 * `OperatorSubscriber`), which a browser bundle would otherwise carry for these two uses only:
 * each value of `source` goes through `pick`, and what it returns is emitted unless it is
 * `undefined` (skipped). Errors and completion pass through; unsubscribing unsubscribes from
 * `source`.
 *
 * @param source - the stream to read
 * @param pick - the value to emit for an item, or `undefined` to skip it
 */
export function select<T, R>(
  source: Observable<T>,
  pick: (value: T) => R | undefined,
): Observable<R> {
  return new Observable<R>((subscriber) =>
    source.subscribe({
      next: (value) => {
        const picked = pick(value);
        if (picked !== undefined) subscriber.next(picked);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    }),
  );
}
