import type { Call, CallstreamClient, IncomingCall } from '@callstream/core';
import { type ExampleContext, mediaParams } from '@callstream/example-support';
import { catchError, defer, EMPTY, forkJoin, last, map, mergeMap, type Observable } from 'rxjs';

/** One inbound call this program handled: the offer and its final snapshot. */
export interface HandledCall {
  readonly offer: IncomingCall;
  readonly final: Call;
}

/**
 * Every incoming call, accepted INSIDE the `incoming$` pipeline (the accept is awaited right
 * there: the client never blocks its socket reader on user code, unlike the Go SDK's W1), then
 * followed until it leaves `calls$`. Emits one {@link HandledCall} per call that ended; a call
 * that could not be accepted (another client was faster, the offer expired) is reported and
 * skipped, and the stream goes on.
 */
export function answerCalls(context: ExampleContext, uid: string): Observable<HandledCall> {
  const client: CallstreamClient = context.client;
  return client.incoming$.pipe(
    mergeMap((offer) => {
      const channel = `in-${offer.callId}`.slice(0, 64);
      // Subscribed before the accept is sent, so a caller who hangs up at once is still seen.
      const final$ = client.call$(offer.callId).pipe(last());
      const accept$ = defer(() =>
        context.command(
          'accept',
          { callId: offer.callId, from: offer.from, to: offer.to, channel, uid },
          () => offer.accept(mediaParams(context.config, { channel, uid })),
        ),
      );
      return forkJoin([final$, accept$]).pipe(
        map(([final]) => ({ offer, final })),
        catchError(() => EMPTY),
      );
    }),
  );
}
