import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context';
import { normalizeNumber } from '../normalize';
import { eligibleSessions, isPinlookupDid, sendEvent } from '../routing';
import type { Session } from '../session';
import type { LookupOutcome } from '../types';
import { isActive } from './answer';
import { emit, nowSeconds } from './events';
import type { Leg } from './legs';
import type { HeldLookup } from './lookups';
import { endCall } from './teardown';

/** What the gateway sends to `POST /v1/api/service` `{"action":"lookup"}` (§7.2, §11.2). */
export interface LookupRequest {
  did: string;
  from: string;
  callid: string;
  pin: string;
}

/** The bundle an external pinlookup webhook answers with (stands in for a real one). */
function pinlookupBundle(ctx: EmulatorContext, callid: string): Record<string, unknown> {
  const appid = ctx.options.appIds[0] ?? '';
  return {
    token: appid,
    channel: `pinlookup_${callid.slice(0, 8)}`,
    uid: '0',
    appid,
    webhook_url: ctx.webhookUrl,
  };
}

function incomingEvent(
  session: Session,
  lookup: HeldLookup,
  aLeg: Leg | undefined,
): Record<string, unknown> {
  const appid = session.isMulti ? (aLeg?.appid ?? '') : (session.appId ?? '');
  return {
    event: 'call_incoming',
    callid: lookup.callid,
    timestamp: nowSeconds(),
    uid: '',
    channel: '',
    to: lookup.number,
    from: lookup.from,
    did: lookup.did,
    direction: 'inbound',
    appid,
    video: false,
    ...(lookup.pin === '' ? {} : { pin: lookup.pin }),
  };
}

/** The held lookup ran out of time (§9.5): 404 to the gateway; a loopback caller hears NO_ANSWER. */
function expireLookup(ctx: EmulatorContext, callid: string): void {
  const lookup = ctx.lookups.take(callid);
  if (!lookup) return;
  ctx.logger.info('lookup expired', { callid });
  lookup.settle({ status: 404, body: { error: 'lookup timeout' }, callid });
  const aLeg = lookup.aLegCallid === undefined ? undefined : ctx.legs.get(lookup.aLegCallid);
  if (aLeg) endCall(ctx, aLeg, { cause: 'NO_ANSWER', disposition: 'send_cancel' }, 0);
}

/**
 * The CM's lookup precedence (§9.4): pinlookup DID → 200 bundle at once; eligible sessions →
 * hold and broadcast `call_incoming`; otherwise 500 (and a warning: nobody can take the call).
 * Past `limits.maxHeldLookups` the lookup is answered 503 at once. `settle` is called exactly
 * once. Returns how many sessions were offered the call (0 = it was answered at once).
 */
export function performLookup(
  ctx: EmulatorContext,
  request: LookupRequest,
  settle: (outcome: LookupOutcome) => void,
  aLeg?: Leg,
): number {
  const did = normalizeNumber(request.did);
  const { callid } = request;
  if (isPinlookupDid(ctx, did)) {
    settle({ status: 200, body: pinlookupBundle(ctx, callid), callid });
    return 0;
  }
  if (ctx.lookups.get(callid) || ctx.legs.has(callid)) {
    settle({ status: 500, body: { error: 'duplicate callid' }, callid });
    return 0;
  }
  const sessions = eligibleSessions(ctx, did);
  if (sessions.length === 0) {
    ctx.logger.warn('inbound call nobody can receive', { callid, did });
    settle({ status: 500, body: { error: 'not found' }, callid });
    return 0;
  }
  const { maxHeldLookups } = ctx.options.limits;
  if (ctx.lookups.size >= maxHeldLookups) {
    ctx.logger.warn('lookup refused: held lookup cap reached', { callid, maxHeldLookups });
    settle({
      status: 503,
      body: { error: `too many held lookups (limit ${maxHeldLookups})` },
      callid,
    });
    return 0;
  }
  let settled = false;
  const lookup: HeldLookup = {
    callid,
    did,
    number: request.did.trim(),
    from: request.from,
    pin: request.pin,
    aLegCallid: aLeg?.callid,
    notified: new Set(sessions.map((session) => session.sessionId)),
    createdAt: Date.now(),
    settle: (outcome) => {
      if (settled) return;
      settled = true;
      settle(outcome);
    },
    cancelExpiry: () => {},
  };
  lookup.cancelExpiry = ctx.timers.set(
    ctx.options.lookupTimeoutMs,
    () => expireLookup(ctx, callid),
    `lookup:${callid}`,
  );
  ctx.lookups.add(lookup);
  ctx.logger.info('lookup held', { callid, did, sessions: sessions.length });
  for (const session of sessions) sendEvent(ctx, session, incomingEvent(session, lookup, aLeg));
  return sessions.length;
}

/**
 * A loopback A-leg reaches our own DID: the gateway looks it up like any inbound call. With no
 * eligible session the lookup is a 500 and the A-leg ends with `NO_ROUTE_DESTINATION`.
 */
export function startLoopbackLookup(ctx: EmulatorContext, aLeg: Leg, did: string): boolean {
  if (!isActive(ctx, aLeg)) return false;
  if (eligibleSessions(ctx, did).length === 0) {
    endCall(ctx, aLeg, { cause: 'NO_ROUTE_DESTINATION', disposition: 'recv_refuse' }, 0);
    return false;
  }
  aLeg.state = 'ringing';
  emit(ctx, aLeg, 'call_ringing');
  // The B-leg's `to` is the number as the A-leg dialled it, not the digits-only routing key.
  const request = { did: aLeg.to, from: aLeg.from, callid: randomUUID(), pin: '' };
  if (performLookup(ctx, request, () => {}, aLeg) === 0) {
    // Not held (the held-lookup cap): nobody will ever answer, so the caller hears a failure.
    endCall(ctx, aLeg, { cause: 'NORMAL_TEMPORARY_FAILURE', disposition: 'recv_refuse' }, 0);
    return false;
  }
  return true;
}
