import type { EmulatorContext } from '../context';
import { emit, secondsSince } from './events';
import type { Leg } from './legs';

/** Why a leg ends: the webhook's `hangup_cause` and `sip_disposition`. */
export interface HangupSpec {
  cause: string;
  disposition: string;
}

/** The peer's view when the other leg of a loopback ends normally. */
export const PEER_HANGUP: HangupSpec = { cause: 'NORMAL_CLEARING', disposition: 'recv_bye' };

/** Stops a leg's pending work and marks it as going away; commands no longer find it. */
export function beginEnding(ctx: EmulatorContext, leg: Leg): void {
  ctx.timers.cancelGroup(leg.callid);
  leg.state = 'ending';
  if (leg.direction === 'outbound') cancelHeldLookupOf(ctx, leg);
}

/** A loopback A-leg that ends before the B side was accepted takes its held lookup with it. */
function cancelHeldLookupOf(ctx: EmulatorContext, leg: Leg): void {
  const lookup = ctx.lookups.forALeg(leg.callid);
  if (!lookup) return;
  ctx.lookups.take(lookup.callid);
  lookup.settle({ status: 404, body: { error: 'caller cancelled' }, callid: lookup.callid });
}

/**
 * How a leg's own end is reported: the cause of the `call_hangup` the emulator sends, or
 * `'announced'` when the gateway's own `call_hangup` was already delivered (an injected webhook
 * event) and the leg is only forgotten.
 */
export type LegEnding = HangupSpec | 'announced';

/**
 * Sends the final events of a leg (`agora_bridge_end` if bridged, `call_hangup`), unless they
 * were `'announced'` already, and forgets it.
 */
export function finishLeg(ctx: EmulatorContext, leg: Leg, spec: LegEnding): void {
  if (!ctx.legs.has(leg.callid)) return;
  if (spec === 'announced') {
    ctx.legs.delete(leg.callid);
    ctx.timers.cancelGroup(leg.callid);
    return;
  }
  if (leg.bridged) {
    emit(ctx, leg, 'agora_bridge_end', {}, { teardown: true });
    leg.bridged = false;
  }
  emit(ctx, leg, 'call_hangup', {
    hangup_cause: spec.cause,
    duration: secondsSince(leg.createdAt),
    billsec: secondsSince(leg.answeredAt),
    sip_disposition: spec.disposition,
  });
  ctx.legs.delete(leg.callid);
  ctx.timers.cancelGroup(leg.callid);
}

/** The live peer of a loopback leg, if any. */
export function livePeer(ctx: EmulatorContext, leg: Leg): Leg | undefined {
  if (leg.peerCallid === undefined) return undefined;
  const peer = ctx.legs.get(leg.peerCallid);
  return peer && peer.state !== 'ending' ? peer : undefined;
}

/**
 * Ends a call: the leg, and its loopback peer (with `peerSpec`), after `delayMs` (0 = now). The
 * requested leg's events come first.
 */
export function endCall(
  ctx: EmulatorContext,
  leg: Leg,
  spec: LegEnding,
  delayMs: number,
  peerSpec: HangupSpec = PEER_HANGUP,
): void {
  if (leg.state === 'ending') return;
  const peer = livePeer(ctx, leg);
  beginEnding(ctx, leg);
  if (peer) beginEnding(ctx, peer);
  const finish = (): void => {
    finishLeg(ctx, leg, spec);
    if (peer) finishLeg(ctx, peer, peerSpec);
  };
  if (delayMs <= 0) finish();
  else ctx.timers.set(delayMs, finish, leg.callid);
}

/** The cause an `endcall`/`hangup` command gives: a cancel before answer, a BYE after. */
export function localHangupSpec(leg: Leg): HangupSpec {
  return leg.answeredAt === undefined
    ? { cause: 'ORIGINATOR_CANCEL', disposition: 'send_cancel' }
    : { cause: 'NORMAL_CLEARING', disposition: 'send_bye' };
}

/**
 * The gateway itself reported the leg gone (an injected `call_hangup`, already delivered to its
 * owner): the leg sends nothing more, and the call ends around it like after any other hangup,
 * so a loopback peer hears a normal hangup and a held lookup of an A-leg is cancelled. A leg that
 * was already ending only loses its own final events; its pending teardown still ends the peer.
 */
export function endAnnouncedLeg(ctx: EmulatorContext, leg: Leg): void {
  if (leg.state === 'ending') {
    ctx.legs.delete(leg.callid);
    return;
  }
  endCall(ctx, leg, 'announced', 0);
}
