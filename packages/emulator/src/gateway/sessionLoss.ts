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
      if (!isActive(ctx, leg) || ownerSession(ctx, leg)) return;
      ctx.logger.info('hanging up orphaned call', {
        callid: leg.callid,
        clientId: leg.ownerClientId,
      });
      endCall(ctx, leg, localHangupSpec(leg), 0);
    };
    if (clean) hangUp();
    else ctx.timers.set(ctx.options.orphanGraceMs, hangUp, leg.callid);
  }
}
