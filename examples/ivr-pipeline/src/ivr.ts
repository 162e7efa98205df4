import {
  type CallControl,
  type CallSnapshot,
  eachDigit,
  type IncomingCall,
} from '@callstream/core';
import { describeError } from '@callstream/example-support';
import {
  catchError,
  concat,
  concatWith,
  connect,
  defer,
  EMPTY,
  filter,
  groupBy,
  last,
  map,
  merge,
  mergeMap,
  NEVER,
  type Observable,
  of,
  ReplaySubject,
  take,
  takeUntil,
  takeWhile,
} from 'rxjs';
import { collectEntry } from './collectEntry';
import { type IvrOptions, type IvrRoute, type IvrSettings, resolveIvrOptions } from './options';
import type { IvrOutcome } from './outcomes';

/** What flows into the per-call groups: the offer that starts a call's menu, then its digits. */
type CallInput =
  | {
      readonly kind: 'offer';
      readonly callId: string;
      readonly offer: IncomingCall<CallSnapshot, object>;
    }
  | { readonly kind: 'digit'; readonly callId: string; readonly digit: string };

/**
 * An IVR as a pure composition over the client's streams, written against the neutral
 * `CallControl` contract only, so it runs unchanged on every backend. Every call offered on `incoming$` is
 * accepted, gets the menu, and is routed by the caller's entry; digits come from `dtmf$`,
 * grouped per call id. A call's state (its try count, its entry) lives in its own stream,
 * and everything for a call (timers, subscriptions, its group) is torn down when the call
 * leaves the client (`client.call$(callId)` completes). Subscribing starts the IVR;
 * unsubscribing stops it (calls in progress are left as they are).
 */
export function ivr(client: CallControl, options: IvrOptions): Observable<IvrOutcome> {
  const settings = resolveIvrOptions(options);
  const inputs$: Observable<CallInput> = merge(
    client.incoming$.pipe(
      map((offer) => ({ kind: 'offer', callId: offer.callId, offer }) as const),
    ),
    client.dtmf$.pipe(
      eachDigit(),
      map((dtmf) => ({ kind: 'digit', callId: dtmf.callId, digit: dtmf.digits }) as const),
    ),
  );
  return inputs$.pipe(
    // One group per call, dropped when the call leaves the client: no table of calls to maintain.
    groupBy((input) => input.callId, {
      duration: (group) => client.call$(group.key).pipe(last(undefined, null)),
    }),
    mergeMap((group) =>
      group.pipe(
        take(1),
        // Digits of calls the IVR did not answer (e.g. this client's own outbound calls) are ignored.
        mergeMap((first) => {
          if (first.kind !== 'offer') return EMPTY;
          const digits$ = group.pipe(
            mergeMap((input) => (input.kind === 'digit' ? of(input.digit) : EMPTY)),
            // The group completes when the call leaves; the end of the call is handled by `ended$`
            // instead, so an entry in progress is dropped rather than acted on.
            concatWith(NEVER),
          );
          return handleCall(client, first.offer, digits$, settings);
        }),
      ),
    ),
  );
}

/**
 * One call from offer to end. Waiting (for digits, for timers) stops as soon as the call
 * leaves; a command already sent (the accept, a route, the give-up hangup) is still reported,
 * because the call often ends before its reply is read. `ended` comes last.
 */
function handleCall(
  client: CallControl,
  offer: IncomingCall<CallSnapshot, object>,
  digits$: Observable<string>,
  settings: IvrSettings,
): Observable<IvrOutcome> {
  const callId = offer.callId;

  // `ended$` replays the final snapshot (null if the call was already gone), so a step that
  // starts after the end sees it at once.
  const perCall = (ended$: Observable<CallSnapshot | null>): Observable<IvrOutcome> => {
    const untilEnded = <T>(source: Observable<T>) => source.pipe(takeUntil(ended$));

    const route = (choice: string, target: IvrRoute): Observable<IvrOutcome> =>
      defer(async (): Promise<IvrOutcome> => {
        if (target.kind === 'transfer') {
          await client.transfer(callId, target.destination);
        } else {
          await client.hangup(callId);
        }
        return { kind: 'routed', callId, choice, route: target };
      }).pipe(catchError((error: unknown) => of(failed(callId, 'route', error))));

    const giveUp = (attempts: number): Observable<IvrOutcome> =>
      defer(() => client.hangup(callId)).pipe(
        map((): IvrOutcome => ({ kind: 'gave-up', callId, attempts })),
        catchError((error: unknown) => of(failed(callId, 'give-up', error))),
      );

    // The menu as a recursion over tries: each try is a fresh entry with fresh timers.
    const menu = (attempt: number): Observable<IvrOutcome> =>
      concat(
        untilEnded(of<IvrOutcome>({ kind: 'menu', callId, attempt })),
        untilEnded(collectEntry(digits$, settings)).pipe(
          mergeMap((digits) => {
            const target = settings.menu[digits];
            if (target) return route(digits, target);
            const retry: IvrOutcome = {
              kind: 'retry',
              callId,
              attempt,
              reason: digits === '' ? 'no-input' : 'invalid-choice',
              digits,
            };
            return concat(
              of(retry),
              attempt < settings.maxTries ? menu(attempt + 1) : giveUp(attempt),
            );
          }),
        ),
      );

    const answer$ = defer(() => offer.accept(settings.accept(offer))).pipe(
      map((): IvrOutcome => ({ kind: 'answered', callId, from: offer.from, to: offer.to })),
      catchError((error: unknown) => of(failed(callId, 'accept', error))),
    );
    // After a failed accept the call is not ours: no menu.
    const flow$ = concat(
      answer$,
      defer(() => menu(1)),
    ).pipe(takeWhile((outcome) => outcome.kind !== 'failed', true));
    const end$ = ended$.pipe(
      filter((final): final is CallSnapshot => final !== null),
      map(
        (final): IvrOutcome => ({
          kind: 'ended',
          callId,
          reason: final.endReason,
          outcome: final.outcome,
          hangupCause: final.hangupCause,
        }),
      ),
    );
    return concat(flow$, end$);
  };

  return client
    .call$(callId)
    .pipe(
      last(undefined, null as CallSnapshot | null),
      connect(perCall, { connector: () => new ReplaySubject<CallSnapshot | null>(1) }),
    );
}

function failed(callId: string, stage: 'accept' | 'route' | 'give-up', error: unknown): IvrOutcome {
  return { kind: 'failed', callId, stage, ...describeError(error) };
}
