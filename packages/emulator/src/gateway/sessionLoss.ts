import type { EmulatorContext } from '../context';
import { ownerSession } from '../routing';
import type { Session } from '../session';
import { isActive } from './answer';
import { endCall, localHangupSpec } from './teardown';

/**
 * A session is gone. Its calls keep running while another live session has the same
 * `client_id` (events follow the client). Otherwise a clean close hangs them up at once, and an
 * abrupt loss gives the client `orphanGraceMs` to reconnect before they are hung up, so an
 * emulator never keeps calls nobody can end.
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
    if (clean) hangUp();
    else leg.cancelOrphanTimer = ctx.timers.set(ctx.options.orphanGraceMs, hangUp, leg.callid);
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
