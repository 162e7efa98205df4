import type { EmulatorContext } from './context';
import type { Leg } from './gateway/legs';
import { normalizeNumber } from './normalize';
import { type EchoedRequestId, type Reply, withRequestId } from './replies';
import type { Session } from './session';

/**
 * The session that receives a leg's events: its owner while connected, otherwise the newest
 * live session with the owner's `client_id` (a reconnect), which then becomes the owner. With
 * neither, events are dropped: the CM has nowhere to send them and keeps no queue.
 */
export function ownerSession(ctx: EmulatorContext, leg: Leg): Session | undefined {
  const owner = ctx.sessions.get(leg.ownerSessionId);
  if (owner?.isLive) return owner;
  const successor = ctx.sessions.latestForClient(leg.ownerClientId);
  if (successor) leg.ownerSessionId = successor.sessionId;
  return successor;
}

/** Sends an event to the leg's owner, applying the event-drop fault. */
export function deliverEvent(
  ctx: EmulatorContext,
  leg: Leg,
  event: Record<string, unknown>,
): boolean {
  if (leg.externalWebhook) return false;
  const session = ownerSession(ctx, leg);
  if (!session) {
    ctx.logger.debug('event dropped: owner gone', { event: event.event, callid: leg.callid });
    return false;
  }
  return sendEvent(ctx, session, event);
}

/** Sends one event to one session, applying the event-drop fault. */
export function sendEvent(
  ctx: EmulatorContext,
  session: Session,
  event: Record<string, unknown>,
): boolean {
  if (ctx.faults.takeEventDrop()) {
    ctx.logger.debug('event dropped by fault', { event: event.event, session: session.sessionId });
    return false;
  }
  return session.send(event);
}

/**
 * Sends a reply, echoing `request_id` and applying the reply drop/delay faults; while the timer
 * cap is reached a reply is sent at once instead of being held.
 */
export function sendReply(
  ctx: EmulatorContext,
  session: Session,
  reply: Reply,
  requestId: EchoedRequestId | undefined,
): void {
  if (ctx.faults.takeReplyDrop()) {
    ctx.logger.debug('reply dropped by fault', { requestId, session: session.sessionId });
    return;
  }
  const message = withRequestId(reply, requestId);
  const delay = ctx.faults.delayRepliesMs;
  if (delay === null) {
    session.send(message);
    return;
  }
  if (ctx.timers.size >= ctx.options.limits.maxTimers) {
    // Holding it would grow the timers without bound under a flood of commands.
    ctx.logger.warn('reply not delayed: timer cap reached', {
      requestId,
      session: session.sessionId,
    });
    session.send(message);
    return;
  }
  ctx.timers.set(delay, () => session.send(message), session.sessionId);
}

/**
 * Whether a session may be offered an inbound call on `did` (§9.3): the `dids_<appid>` allowlist
 * is always enforced; then a subscribed session must have the DID, a catch-all session takes any.
 */
export function isEligible(ctx: EmulatorContext, session: Session, did: string): boolean {
  if (!session.isLive || session.appId === undefined) return false;
  const allowlist = ctx.options.allowlists[session.appId];
  if (allowlist && !allowlist.includes(did)) return false;
  return session.subscribed.length === 0 || session.isSubscribedTo(did);
}

/** Live sessions eligible for a DID, in connection order. */
export function eligibleSessions(ctx: EmulatorContext, did: string): Session[] {
  return ctx.sessions.live().filter((session) => isEligible(ctx, session, did));
}

/** Whether a number is one of the configured `dids` of this CM. */
export function isConfiguredDid(ctx: EmulatorContext, number: string): boolean {
  const digits = normalizeNumber(number);
  return digits !== '' && ctx.options.dids.some((did) => normalizeNumber(did) === digits);
}

/** Whether some live session subscribed to this number (O(sessions), no set is built). */
export function isSubscribedNumber(ctx: EmulatorContext, number: string): boolean {
  const digits = normalizeNumber(number);
  return digits !== '' && ctx.sessions.live().some((session) => session.isSubscribedTo(digits));
}

/** Whether a number is a pinlookup DID (answered externally, never offered on the WebSocket). */
export function isPinlookupDid(ctx: EmulatorContext, number: string): boolean {
  const digits = normalizeNumber(number);
  return digits !== '' && ctx.options.pinlookupDids.some((did) => normalizeNumber(did) === digits);
}

/**
 * The inbound-routable numbers (configured DIDs and subscribed numbers, minus pinlookup DIDs)
 * that a lookup would offer to at least one live session now, as `+` and digits.
 */
export function eligibleDids(ctx: EmulatorContext): string[] {
  const candidates = new Set([
    ...ctx.options.dids.map(normalizeNumber),
    ...ctx.sessions.subscribedNumbers(),
  ]);
  const live = ctx.sessions.live();
  return [...candidates]
    .filter(
      (did) =>
        did !== '' &&
        !isPinlookupDid(ctx, did) &&
        live.some((session) => isEligible(ctx, session, did)),
    )
    .map((did) => `+${did}`);
}
