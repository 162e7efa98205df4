import type { EmulatorContext } from '../context';
import { ownerSession } from '../routing';
import type { Session } from '../session';
import { isActive } from './answer';
import { endCall, localHangupSpec } from './teardown';

/**
 * A session is gone. Its calls keep running while another live session has the same
 * `client_id` (events follow the client). Otherwise the client gets `orphanGraceMs` to come back
 * before the gateway hangs them up, whether the socket closed cleanly or dropped: the real CM
 * keeps the SIP legs on the gateway, so a client that reconnects finds its calls. Hanging up
 * after the grace is the emulator's choice (the protocol does not say), so that it never keeps
 * calls nobody can end.
 */
export function handleSessionLoss(ctx: EmulatorContext, session: Session, clean: boolean): void {
  for (const leg of ctx.legs.ownedBy(session.sessionId)) {
    if (!isActive(ctx, leg)) continue;
    if (ownerSession(ctx, leg)) continue;
    const hangUp = (): void => {
      delete leg.cancelOrphanTimer;
      if (!isActive(ctx, leg) || ownerSession(ctx, leg)) return;
      ctx.logger.info('hanging up orphaned call', {
        callid: leg.callid,
        clientId: leg.ownerClientId,
      });
      endCall(ctx, leg, localHangupSpec(leg), 0);
    };
    ctx.logger.info('call orphaned', {
      callid: leg.callid,
      clientId: leg.ownerClientId,
      clean,
      graceMs: ctx.options.orphanGraceMs,
    });
    leg.cancelOrphanTimer?.();
    leg.cancelOrphanTimer = ctx.timers.set(ctx.options.orphanGraceMs, hangUp, leg.callid);
  }
}

/**
 * A session registered: calls left behind by an earlier session with the same `client_id`
 * belong to it from now on, and their pending orphan hang-up is called off.
 */
export function adoptOrphans(ctx: EmulatorContext, session: Session): void {
  if (session.clientId === undefined) return;
  for (const leg of ctx.legs.all()) {
    if (leg.ownerClientId !== session.clientId || !isActive(ctx, leg)) continue;
    const owner = ctx.sessions.get(leg.ownerSessionId);
    if (owner?.isLive) continue;
    leg.ownerSessionId = session.sessionId;
    leg.cancelOrphanTimer?.();
    delete leg.cancelOrphanTimer;
  }
}
