import { parseScenario } from '../scenario';
import { CommandFailure } from './commandFailure';
import type { Command } from './commands';
import type { AcContext } from './context';
import { attendee, rfc3339, userPart } from './format';
import { builtIn } from './hangupReason';
import { rtpSdp } from './sdp';
import type { AcSession, Decline } from './session';
import { endSession } from './teardown';

type ReferCommand = Extract<Command, { command: 'refer' }>;

/** Default seconds a transfer may ring (`options.timeout`). */
export const DEFAULT_REFER_TIMEOUT_S = 30;

/** How the transfer target behaves: its scenario number, or answering after the default time. */
function plan(
  ctx: AcContext,
  callee: string,
): { afterMs: number; decline?: Decline; hangupAfterMs?: number } {
  const t = ctx.options.timing;
  const scenario = parseScenario(userPart(callee));
  switch (scenario?.kind) {
    case 'busy':
      return { afterMs: t.ringMs, decline: { code: 486, reason: 'Busy Here' } };
    case 'reject':
      return { afterMs: t.ringMs, decline: { code: 603, reason: 'Decline' } };
    case 'noResource':
      return { afterMs: 0, decline: { code: 503, reason: 'Service Unavailable' } };
    case 'noAnswer':
      return {
        afterMs: scenario.param ?? t.noAnswerMs,
        decline: { code: 480, reason: 'Temporarily Unavailable' },
      };
    case 'answer':
      return { afterMs: scenario.param ?? t.answerMs };
    case 'remoteHangup':
      return { afterMs: t.answerMs, hangupAfterMs: scenario.param ?? t.remoteHangupMs };
    default:
      return { afterMs: t.answerMs };
  }
}

/** The transfer leg hangs up: its `hangup` (refer), then the call itself when `autoHangup`. */
async function legHangsUpLater(ctx: AcContext, session: AcSession, afterMs: number): Promise<void> {
  if (!(await session.sleep(afterMs))) return;
  const leg = session.referLeg;
  if (!leg) return;
  session.referLeg = undefined;
  session.emit('hangup', {
    trackId: session.serverSideTrack,
    reason: builtIn('ByCallee'),
    initiator: 'callee',
    startTime: rfc3339(leg.answeredAt),
    hangupTime: rfc3339(Date.now()),
    answerTime: rfc3339(leg.answeredAt),
    to: attendee(leg.callee),
    refer: true,
  });
  if (leg.autoHangup) endSession(ctx, session, { reason: builtIn('ByRefer'), initiator: 'caller' });
}

/**
 * `refer` (§3.7): playback stops, music on hold loops while a new SIP leg to `callee` rings
 * (`ringing` with `refer: true`), then `answer` or `reject` with `refer: true` — or
 * "Timeout when refer" 408 after `options.timeout` seconds. Blocks the command queue meanwhile.
 */
export async function refer(
  ctx: AcContext,
  session: AcSession,
  command: ReferCommand,
): Promise<void> {
  if (session.state !== 'answered') throw new CommandFailure('refer needs an answered call');
  const options = command.options ?? {};
  const trackId = session.serverSideTrack;
  session.track.interrupt(false);
  if (options.moh !== undefined) session.track.play(options.moh, options.moh, {}, true);
  const timeoutMs = (options.timeout ?? DEFAULT_REFER_TIMEOUT_S) * 1000;
  const target = plan(ctx, command.callee);
  const ringAt = ctx.options.timing.setupMs + ctx.options.timing.ringMs;
  const timedOut = (): CommandFailure => {
    session.track.stopLoop();
    session.emit('reject', { trackId, reason: 'Timeout when refer', code: 408, refer: true });
    return new CommandFailure('refer sip track creation timed out');
  };
  if (ringAt >= timeoutMs) {
    if (!(await session.sleep(timeoutMs))) return;
    throw timedOut();
  }
  if (!(await session.sleep(ringAt))) return;
  session.emit('ringing', { trackId, earlyMedia: false, refer: true });
  const remaining = target.afterMs;
  if (ringAt + remaining > timeoutMs) {
    if (!(await session.sleep(timeoutMs - ringAt))) return;
    throw timedOut();
  }
  if (!(await session.sleep(remaining))) return;
  session.track.stopLoop();
  if (target.decline) {
    session.emit('reject', {
      trackId,
      reason: target.decline.reason,
      code: target.decline.code,
      refer: true,
    });
    throw new CommandFailure(`refer failed: ${target.decline.code} ${target.decline.reason}`);
  }
  session.referLeg = {
    callee: command.callee,
    answeredAt: Date.now(),
    autoHangup: options.autoHangup ?? true,
  };
  session.emit('answer', { trackId, sdp: rtpSdp(), refer: true });
  if (target.hangupAfterMs !== undefined) void legHangsUpLater(ctx, session, target.hangupAfterMs);
}
