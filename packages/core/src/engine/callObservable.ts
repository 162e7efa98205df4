import { type Observable, Observable as RxObservable } from 'rxjs';
import type { CallSnapshot } from './call';
import type { AnyCallEvent } from './events';

/**
 * One call's snapshots: the current one (when tracked), then every new snapshot of it in the
 * table (server events and the client's own changes alike), completing after the final
 * snapshot when the call leaves the table. Completes at once for an untracked call.
 */
export function callObservable<C extends CallSnapshot>(
  callId: string,
  table$: Observable<ReadonlyMap<string, C>>,
  events$: Observable<AnyCallEvent<C>>,
): Observable<C> {
  return new RxObservable<C>((subscriber) => {
    let last: C | undefined;
    let seen = false;
    // The table is emitted before the events of the same change, so the removal's final
    // snapshot (on the `removed` event) always comes after every earlier snapshot.
    const removal = events$.subscribe((event) => {
      if (event.callId !== callId || event.type !== 'removed') return;
      subscriber.next(event.call as C);
      subscriber.complete();
    });
    const snapshots = table$.subscribe((table) => {
      const call = table.get(callId);
      if (!seen && !call) {
        subscriber.complete();
        return;
      }
      seen = true;
      if (call && call !== last) {
        last = call;
        subscriber.next(call);
      }
    });
    return () => {
      removal.unsubscribe();
      snapshots.unsubscribe();
    };
  });
}
