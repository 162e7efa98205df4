import type { EmulatorContext } from '../context';
import { deliverEvent } from '../routing';
import type { Leg } from './legs';
import { endAnnouncedLeg } from './teardown';

function findLeg(ctx: EmulatorContext, event: Record<string, unknown>): Leg | undefined {
  const { callid, appid, channel, uid } = event;
  if (typeof callid === 'string' && callid !== '') {
    const leg = ctx.legs.find(callid);
    if (leg) return leg;
  }
  if (typeof appid === 'string' && typeof channel === 'string' && typeof uid === 'string') {
    return ctx.legs.byKey(appid, channel, uid);
  }
  return undefined;
}

/** Keeps the leg's state in line with what the injected gateway event says happened. */
function applyToLeg(ctx: EmulatorContext, leg: Leg, name: unknown): void {
  switch (name) {
    case 'call_answered':
      leg.state = 'answered';
      leg.answeredAt ??= Date.now();
      break;
    case 'agora_bridge_start':
      leg.state = 'bridged';
      leg.bridged = true;
      leg.bridgedAt = Date.now();
      break;
    case 'agora_bridge_end':
      leg.state = 'unbridged';
      leg.bridged = false;
      break;
    case 'call_hangup':
      endAnnouncedLeg(ctx, leg);
      break;
  }
}

/**
 * `POST /webhook`: a gateway event, routed to the owner of the leg it names (by callid, by a
 * composite `appid:channel:uid` callid, or by its appid/channel/uid fields) and forwarded as is.
 * A `call_hangup` then ends the call like any hangup (peer leg, held lookup). Returns false when
 * no leg or no connected owner was found.
 */
export function injectGatewayEvent(ctx: EmulatorContext, event: Record<string, unknown>): boolean {
  const leg = findLeg(ctx, event);
  if (!leg) return false;
  const { request_id: _ignored, ...payload } = event;
  const delivered = deliverEvent(ctx, leg, payload);
  applyToLeg(ctx, leg, event.event);
  return delivered;
}
