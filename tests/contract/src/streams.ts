import type {
  AnyCallEvent,
  CallControl,
  CallSnapshot,
  CallState,
  IncomingCall,
  RemovedEvent,
} from '@callstream/core';
import {
  filter,
  firstValueFrom,
  type Observable,
  ReplaySubject,
  type Subscription,
  take,
  timeout,
} from 'rxjs';

/** How long any single expectation of the suite may wait (fast emulator timing). */
export const WAIT_MS = 5000;

/** The first item of `source` matching `predicate`, or a timeout error naming `what`. */
export function next<T>(
  source: Observable<T>,
  predicate: (item: T) => boolean,
  what: string,
): Promise<T> {
  return firstValueFrom(
    source.pipe(
      filter(predicate),
      take(1),
      timeout({
        first: WAIT_MS,
        with: () => {
          throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
        },
      }),
    ),
  );
}

/**
 * Records a client's events from now on, so a wait never misses an event that happened between
 * an action and the wait.
 */
export class EventLog {
  readonly items: AnyCallEvent[] = [];
  private readonly replay = new ReplaySubject<AnyCallEvent>();
  private readonly subscription: Subscription;

  constructor(client: CallControl) {
    this.subscription = client.events$.subscribe((event) => {
      this.items.push(event);
      this.replay.next(event);
    });
  }

  /** The event types of one call, in order. */
  types(callId: string): string[] {
    return this.items.filter((event) => event.callId === callId).map((event) => event.type);
  }

  /** The `removed` event of `callId` (recorded or future). */
  removed(callId: string): Promise<RemovedEvent<CallSnapshot>> {
    return next(
      this.replay,
      (event) => event.callId === callId && event.type === 'removed',
      `call ${callId} to leave calls$`,
    ) as Promise<RemovedEvent<CallSnapshot>>;
  }

  /** The first snapshot of `callId` in state `state` or further (recorded or future). */
  async reached(callId: string, state: CallState): Promise<CallSnapshot> {
    const order: CallState[] = ['incoming', 'ringing', 'answered', 'bridged', 'unbridged'];
    const rank = (value: CallState) => (value === 'unbridged' ? 3 : order.indexOf(value));
    const event = await next(
      this.replay,
      (item) =>
        item.callId === callId &&
        item.call !== undefined &&
        item.call.state !== 'hangup' &&
        rank(item.call.state) >= rank(state),
      `call ${callId} to reach ${state}`,
    );
    return event.call as CallSnapshot;
  }

  /** Stops recording. */
  stop(): void {
    this.subscription.unsubscribe();
  }
}

/** The next offer on `client.incoming$`. */
export function nextOffer(client: CallControl): Promise<IncomingCall<CallSnapshot, object>> {
  return next(client.incoming$, () => true, 'an incoming call');
}

/** Collects the digits `dtmf$` reports for `callId` until `count` digits arrived. */
export function digits(client: CallControl, callId: string, count: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let collected = '';
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`timed out waiting for ${count} digits on ${callId} (got "${collected}")`));
    }, WAIT_MS);
    const subscription = client.dtmf$.subscribe((item) => {
      if (item.callId !== callId) return;
      collected += item.digits;
      if (collected.length < count) return;
      clearTimeout(timer);
      queueMicrotask(() => subscription.unsubscribe());
      resolve(collected);
    });
  });
}
