import { filter, Observable } from 'rxjs';
import type { Call } from '../calls/call';
import type { CallEvent } from '../events';

/**
 * One call's snapshots: the current one (when tracked), then one per change, completing after
 * the final snapshot when the call leaves the table. Completes at once for an untracked call.
 */
export function callObservable(
  callId: string,
  current: () => Call | undefined,
  events$: Observable<CallEvent>,
): Observable<Call> {
  return new Observable<Call>((subscriber) => {
    const initial = current();
    if (!initial) {
      subscriber.complete();
      return undefined;
    }
    subscriber.next(initial);
    let last = initial;
    return events$.pipe(filter((event) => event.callId === callId)).subscribe((event) => {
      if (event.type === 'removed') {
        subscriber.next(event.call);
        subscriber.complete();
        return;
      }
      if (event.call && event.call !== last) {
        last = event.call;
        subscriber.next(event.call);
      }
    });
  });
}
