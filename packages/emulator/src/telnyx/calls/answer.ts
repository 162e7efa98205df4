import type { TelnyxContext } from '../context';
import { emitEvent, onLegClock } from './events';
import { isLive, type Leg } from './leg';
import { bridgeLegs, endLeg, stopRinging } from './lifecycle';
import { startRecording } from './recording';
import { startRemoteBehaviour } from './remoteParty';

/** Starts `record: "record-from-answer"` when the dial asked for it. */
function recordFromAnswer(leg: Leg): void {
  if (leg.recordOnAnswer === undefined || leg.recording !== undefined) return;
  startRecording(leg, leg.recordOnAnswer);
}

/**
 * An incoming leg is answered (by `answer`, or by a bridge or transfer that needs it): it is
 * answered at once (media commands may follow straight away), `call.answered` follows after
 * `delayMs`, and the simulated caller starts doing what it was set up to do.
 */
export function answerIncoming(ctx: TelnyxContext, leg: Leg, delayMs: number): void {
  stopRinging(leg);
  leg.state = 'answered';
  leg.answeredAt = new Date().toISOString();
  recordFromAnswer(leg);
  onLegClock(ctx, leg, delayMs, () =>
    emitEvent(ctx, leg, 'call.answered', { start_time: leg.startTime, state: 'answered' }),
  );
  startRemoteBehaviour(ctx, leg);
}

/**
 * The remote party of an outgoing leg answered: `call.answered`, then whatever the dial asked
 * for on answer (recording, time limit, `bridge_on_answer`), or the end of a transfer (both legs
 * bridged). Returns false when the leg is not ringing any more.
 */
export function answerOutgoing(ctx: TelnyxContext, leg: Leg): boolean {
  if (leg.state !== 'ringing') return false;
  stopRinging(leg);
  leg.state = 'answered';
  leg.answeredAt = new Date().toISOString();
  emitEvent(ctx, leg, 'call.answered', { start_time: leg.startTime, state: 'answered' });
  recordFromAnswer(leg);
  if (leg.timeLimitMs !== undefined) {
    ctx.timers.set(
      leg.timeLimitMs,
      () => endLeg(ctx, leg, { cause: 'time_limit', source: 'unknown' }, 0),
      leg.callLegId,
    );
  }
  const origin = leg.transferFrom;
  if (origin !== undefined) {
    leg.transferFrom = undefined;
    if (!isLive(origin)) {
      endLeg(ctx, leg, { cause: 'normal_clearing', source: 'caller' }, ctx.options.timing.hangupMs);
      return true;
    }
    if (origin.state === 'parked') answerIncoming(ctx, origin, 0);
    bridgeLegs(ctx, origin, leg);
    return true;
  }
  const linked = leg.linkTo;
  if (
    leg.bridgeOnAnswer &&
    linked !== undefined &&
    isLive(linked) &&
    linked.bridgedWith === undefined
  ) {
    if (linked.state === 'parked') answerIncoming(ctx, linked, 0);
    if (linked.state === 'answered') bridgeLegs(ctx, linked, leg);
  }
  return true;
}
