import { type CallSnapshot, type DtmfReceived, supports } from '@callstream/core';
import {
  answerWaitMs,
  awaitEnd,
  ExampleError,
  hangUpAndWait,
  hasEnded,
  type PortableSession,
} from '@callstream/example-support';
import { ReplaySubject, scan } from 'rxjs';

/** The digits the remote party presses in the outbound part. */
export const REMOTE_DIGITS = '1234';
/** The caller of the inbound part. */
export const INBOUND_CALLER = '+14155550123';

/** What the portable flow reports for the summary. */
export interface FlowResult {
  /** Call ids of the calls it handled. */
  readonly callIds: readonly string[];
  /** Digits the remote party pressed, as `dtmf$` reported them. */
  readonly digits: string;
}

/**
 * The portable flow, written against `CallControl` only, so it runs unchanged on every backend:
 * (a) dial a number whose remote party answers and presses 1234 → the digits arrive on `dtmf$`
 * → hang up → the call leaves `calls$`; (b) a caller calls in → accept the offer → answered →
 * hang up → the call leaves `calls$`.
 */
export async function portableFlow(session: PortableSession): Promise<FlowResult> {
  const outbound = await outboundPart(session);
  const inbound = await inboundPart(session);
  return { callIds: [outbound.callId, inbound], digits: outbound.digits };
}

async function outboundPart(session: PortableSession): Promise<{ callId: string; digits: string }> {
  const { client, backend } = session;
  const to = backend.dialTarget(REMOTE_DIGITS);
  // Record digits from before the dial: a call's first events may overtake the dial's reply.
  const heard = new ReplaySubject<DtmfReceived<CallSnapshot>>();
  const recording = client.dtmf$.subscribe(heard);
  try {
    const { callId } = await session.command('dial', { to, from: backend.from }, () =>
      client.dial({ to, from: backend.from }),
    );
    await answered(session, callId);
    let digits = '';
    if (supports(client, 'receiveDtmf')) {
      session.log(`  answered; waiting for the remote party to press ${REMOTE_DIGITS}`);
      digits = await session.waitFor(
        heard.pipe(scan((all, item) => (item.callId === callId ? all + item.digits : all), '')),
        (all) => all.includes(REMOTE_DIGITS),
        `digits ${REMOTE_DIGITS} on call ${callId}`,
      );
    }
    session.log('  hanging up');
    await hangUpAndWait(session, callId);
    return { callId, digits };
  } finally {
    recording.unsubscribe();
  }
}

async function inboundPart(session: PortableSession): Promise<string> {
  const { client, backend } = session;
  // Listen before ringing: the offer may arrive before ringIn resolves. (On a real backend the
  // call comes from the program's own number, a loopback, so any offer will do.)
  const offered = session.waitFor(client.incoming$, () => true, 'the incoming call');
  await backend.remote.ringIn(INBOUND_CALLER);
  const offer = await offered;
  session.log(`  incoming call ${offer.callId} from ${offer.from}; accepting`);
  await session.command('accept', { callId: offer.callId }, () => offer.accept());
  await answered(session, offer.callId);
  const ended = awaitEnd(session, offer.callId);
  session.log('  answered; hanging up');
  await hangUpAndWait(session, offer.callId);
  await ended;
  return offer.callId;
}

/** Waits until the call is answered (or further); fails if it ends first. */
async function answered(session: PortableSession, callId: string): Promise<CallSnapshot> {
  const call = await session.waitFor(
    session.client.call$(callId),
    (snapshot) =>
      snapshot.state === 'answered' || snapshot.state === 'bridged' || hasEnded(snapshot),
    `call ${callId} to be answered`,
    // A real phone may ring for the whole ring timeout.
    answerWaitMs(session.timeoutMs),
  );
  if (hasEnded(call)) {
    const cause = call.hangupCause ?? call.endReason ?? 'hangup';
    throw new ExampleError('step-failed', `call ${callId} ended before it was answered (${cause})`);
  }
  return call;
}
