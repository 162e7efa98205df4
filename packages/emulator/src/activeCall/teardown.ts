import type { AcContext } from './context';
import { attendee, rfc3339, rfc3339Seconds } from './format';
import { builtIn, type SessionEnd } from './hangupReason';
import type { AcSession } from './session';

/** The `hangup` event's fields for the main call (§5.1, §5.3). */
function hangupFields(session: AcSession, end: SessionEnd): Record<string, unknown> {
  return {
    trackId: session.id,
    reason: end.reason,
    initiator: end.initiator,
    startTime: rfc3339(session.startTime),
    hangupTime: rfc3339(Date.now()),
    ...(session.answerTime === undefined ? {} : { answerTime: rfc3339(session.answerTime) }),
    ...(session.ringTime === undefined ? {} : { ringingTime: rfc3339(session.ringTime) }),
    ...(session.from === undefined ? {} : { from: session.from }),
    ...(session.to === undefined ? {} : { to: session.to }),
    extra: {
      session_id: session.id,
      call_type: session.callType,
      start_time: rfc3339Seconds(session.startTime),
    },
    refer: false,
  };
}

/** The transfer leg ends with the call: its own `hangup` with `refer: true`. */
function endReferLeg(session: AcSession): void {
  const leg = session.referLeg;
  if (!leg) return;
  session.referLeg = undefined;
  session.emit('hangup', {
    trackId: session.serverSideTrack,
    reason: builtIn('BySystem'),
    initiator: 'caller',
    startTime: rfc3339(leg.answeredAt),
    hangupTime: rfc3339(Date.now()),
    answerTime: rfc3339(leg.answeredAt),
    to: attendee(leg.callee),
    refer: true,
  });
}

/**
 * Ends a session the way the server does (§3.6): playback ends (`interruption`/`trackEnd` on
 * the server-side track), the main track ends (`trackEnd`), SIP calls (or every call with
 * `hangupForAllTypes`) get `hangup`, then the socket is closed once queued events are out.
 */
export function endSession(ctx: AcContext, session: AcSession, end: SessionEnd): void {
  if (session.ending || session.closed) return;
  session.ending = true;
  session.state = 'ended';
  session.stopFlows();
  releaseRungCall(ctx, session);
  session.track.stopForTeardown();
  endReferLeg(session);
  if (session.mainTrack) {
    session.emit('trackEnd', {
      trackId: session.id,
      duration: Date.now() - session.mainTrack.startedAt,
      ssrc: session.mainTrack.ssrc,
    });
  }
  if (session.callAttempted && (session.callType === 'sip' || ctx.options.hangupForAllTypes)) {
    session.emit('hangup', hangupFields(session, end));
  }
  ctx.logger.info('session ending', { session: session.id, reason: end.reason });
  void session.drained().then(() => {
    if (!session.closed) session.ws.close(1000);
  });
}

/** A call this session rang but never accepted is given up. */
function releaseRungCall(ctx: AcContext, session: AcSession): void {
  const pending = ctx.inbound.get(session.id);
  if (pending?.rungBy === session.id) ctx.inbound.take(session.id, { state: 'abandoned' });
}

/** The socket is gone (client close, drop, fault): stop everything, send nothing. */
export function abandonSession(ctx: AcContext, session: AcSession): void {
  session.releaseSocket();
  if (!session.ending) {
    session.ending = true;
    session.state = 'ended';
    releaseRungCall(ctx, session);
  }
  session.stopFlows();
  session.track.discard();
  session.referLeg = undefined;
  if (ctx.sessions.get(session.id) === session) ctx.sessions.delete(session.id);
  ctx.logger.info('session closed', { session: session.id });
}

/** How the local side ending a call is reported (§5.3): BySystem unless a reason is given. */
export const LOCAL_END: SessionEnd = { reason: builtIn('BySystem'), initiator: 'caller' };
