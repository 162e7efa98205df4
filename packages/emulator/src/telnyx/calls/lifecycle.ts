import type { TelnyxContext } from '../context';
import { emitEvent, onLegClock } from './events';
import { isLive, type Leg } from './leg';
import { hangupAudio } from './media';
import { emitRecordingSaved } from './recording';

/** `hangup_cause` values Telnyx sends. */
export type HangupCause =
  | 'call_rejected'
  | 'normal_clearing'
  | 'originator_cancel'
  | 'timeout'
  | 'time_limit'
  | 'user_busy'
  | 'not_found'
  | 'no_answer'
  | 'unspecified';

/** `hangup_source`: which end of the leg hung up. */
export type HangupSource = 'caller' | 'callee' | 'unknown';

/** How a leg ends. */
export interface HangupSpec {
  readonly cause: HangupCause;
  readonly source: HangupSource;
}

/** SIP status reported as `sip_hangup_cause` for each cause. */
const SIP_CAUSE: Record<HangupCause, string> = {
  call_rejected: '603',
  normal_clearing: '200',
  originator_cancel: '487',
  timeout: '408',
  time_limit: '200',
  user_busy: '486',
  not_found: '404',
  no_answer: '480',
  unspecified: 'unspecified',
};

/** The end Telnyx (the application) holds: the caller of an outgoing leg, the callee of an incoming one. */
export function applicationSide(leg: Leg): HangupSource {
  return leg.direction === 'outgoing' ? 'caller' : 'callee';
}

/** The end the simulated remote party holds. */
export function remoteSide(leg: Leg): HangupSource {
  return leg.direction === 'outgoing' ? 'callee' : 'caller';
}

/** Cancels the "caller gives up" / "dial timeout" timer of a leg that stopped ringing. */
const ringTimers = new WeakMap<Leg, () => void>();

/** Remembers the timer that ends a still-ringing leg. */
export function setRingTimer(ctx: TelnyxContext, leg: Leg, ms: number, spec: HangupSpec): void {
  const cancel = ctx.timers.set(
    ms,
    () => {
      ringTimers.delete(leg);
      if (leg.state === 'ringing' || leg.state === 'parked') endLeg(ctx, leg, spec, 0);
    },
    leg.callLegId,
  );
  ringTimers.set(leg, cancel);
}

/** Cancels the ring timer of a leg that was answered. */
export function stopRinging(leg: Leg): void {
  ringTimers.get(leg)?.();
  ringTimers.delete(leg);
}

/**
 * Ends a leg: it is ended at once (later commands get 90018), its pending behaviour is cancelled,
 * and after `delayMs` (on its clock, after what earlier commands caused) come the playing audio's
 * and the gather's `call_hangup` endings, `call.hangup`, and `call.recording.saved` when it was
 * recording. A bridge peer then follows its unbridge rule; a transfer still ringing is cancelled.
 */
export function endLeg(ctx: TelnyxContext, leg: Leg, spec: HangupSpec, delayMs: number): boolean {
  if (!isLive(leg)) return false;
  stopRinging(leg);
  leg.state = 'ended';
  leg.endedAt = new Date().toISOString();
  leg.hangupCause = spec.cause;
  ctx.timers.cancelGroup(leg.callLegId);
  ctx.legs.retire(leg);
  const recording = leg.recording;
  leg.recording = undefined;
  onLegClock(ctx, leg, delayMs, () => {
    hangupAudio(ctx, leg);
    leg.gather?.end('call_hangup');
    emitEvent(ctx, leg, 'call.hangup', {
      hangup_cause: spec.cause,
      hangup_source: spec.source,
      sip_hangup_cause: SIP_CAUSE[spec.cause],
      start_time: leg.startTime,
      state: 'hangup',
      call_quality_stats: null,
    });
    if (recording !== undefined) emitRecordingSaved(ctx, leg, recording);
  });
  const peer = leg.bridgedWith;
  const pendingTransfer = ctx.legs.all().find((other) => other.transferFrom === leg);
  leg.bridgedWith = undefined;
  leg.linkTo = undefined;
  leg.transferFrom = undefined;
  if (peer !== undefined) unbridgeSurvivor(ctx, peer);
  if (pendingTransfer !== undefined && pendingTransfer.state === 'ringing') {
    endLeg(ctx, pendingTransfer, { cause: 'originator_cancel', source: 'caller' }, delayMs);
  }
  ctx.logger.info('telnyx call ended', { callLegId: leg.callLegId, cause: spec.cause });
  return true;
}

/**
 * The peer of `survivor` went away (hung up or was transferred): by default the survivor is hung
 * up too; with `park_after_unbridge: "self"` or `hold_after_unbridge` it stays, answered, and no
 * event of its own says so (Telnyx has no "unbridged" event).
 */
export function unbridgeSurvivor(ctx: TelnyxContext, survivor: Leg): void {
  if (!isLive(survivor)) return;
  survivor.bridgedWith = undefined;
  if (survivor.afterUnbridge === 'hangup') {
    endLeg(
      ctx,
      survivor,
      { cause: 'normal_clearing', source: applicationSide(survivor) },
      ctx.options.timing.hangupMs,
    );
    return;
  }
  survivor.state = 'answered';
}

/** Bridges two answered legs: each gets its own `call.bridged` after `bridgeMs`. */
export function bridgeLegs(ctx: TelnyxContext, a: Leg, b: Leg): void {
  a.bridgedWith = b;
  b.bridgedWith = a;
  a.state = 'bridged';
  b.state = 'bridged';
  const delay = ctx.options.timing.bridgeMs;
  onLegClock(ctx, a, delay, () => emitEvent(ctx, a, 'call.bridged'));
  onLegClock(ctx, b, delay, () => emitEvent(ctx, b, 'call.bridged'));
}
