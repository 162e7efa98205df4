import { Observable, type Subscription } from 'rxjs';

/** How one connection attempt is run by {@link connectAttempt}. */
export interface ConnectAttemptOptions<Link, Ready> {
  /** Opens the link (a cold observable: one link per subscription). */
  open: () => Observable<Link>;
  /** Runs the handshake on an open link; its values are the attempt's values. */
  handshake: (link: Link) => Observable<Ready>;
  /** The first value must arrive within this time (open + handshake), or the attempt fails. */
  firstWithinMs: number;
  /** The error the attempt fails with when `firstWithinMs` passes first. */
  timeoutError: () => unknown;
  /** Maps any failure to the error sent downstream (called once per failed attempt). */
  onFailure: (error: unknown) => unknown;
}

/**
 * One connection attempt: open, then the handshake on each link opened (a newer link replaces
 * the older one's handshake), failing when the first value is late, every failure mapped by
 * `onFailure`. What `open().pipe(switchMap(handshake), timeout({ first }), catchError(...))`
 * does, written against `Observable` alone: those operators (and the scheduler, `innerFrom` and
 * `tslib` helpers they pull in) were about 7 KB of every browser bundle of a client.
 */
export function connectAttempt<Link, Ready>(
  options: ConnectAttemptOptions<Link, Ready>,
): Observable<Ready> {
  return new Observable<Ready>((subscriber) => {
    let handshake: Subscription | undefined;
    let handshaking = false;
    let openDone = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopTimer = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    };
    const fail = (error: unknown) => {
      stopTimer();
      subscriber.error(options.onFailure(error));
    };
    timer = setTimeout(() => {
      timer = undefined;
      fail(options.timeoutError());
    }, options.firstWithinMs);

    const link = options.open().subscribe({
      next: (value) => {
        handshake?.unsubscribe();
        handshaking = true;
        handshake = options.handshake(value).subscribe({
          next: (ready) => {
            stopTimer();
            subscriber.next(ready);
          },
          error: fail,
          complete: () => {
            handshaking = false;
            if (!openDone) return;
            stopTimer();
            subscriber.complete();
          },
        });
      },
      error: fail,
      complete: () => {
        openDone = true;
        if (!handshaking) {
          stopTimer();
          subscriber.complete();
        }
      },
    });
    return () => {
      stopTimer();
      handshake?.unsubscribe();
      link.unsubscribe();
    };
  });
}
