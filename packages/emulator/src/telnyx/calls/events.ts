import type { TelnyxContext } from '../context';
import { isoMicros, newUuid } from '../ids';
import type { Leg } from './leg';

/** Options of {@link emitEvent}. */
export interface EmitOptions {
  /** `call.recording.saved` carries no `call_control_id`. @default true */
  withControlId?: boolean;
  /** Also add `from` and `to`. @default true */
  withParties?: boolean;
}

/**
 * Builds one event for `leg` (envelope `data` of §5 of the protocol notes) and hands it to the
 * delivery queue, addressed to the leg's webhook URL or else the application's. While effects
 * wait on the leg's clock, the event waits behind them, so a leg's events never overtake each
 * other.
 */
export function emitEvent(
  ctx: TelnyxContext,
  leg: Leg,
  eventType: string,
  extra: Record<string, unknown> = {},
  options: EmitOptions = {},
): void {
  if (leg.clock.length > 0 && !leg.clockBusy) {
    onLegClock(ctx, leg, 0, () => emitEvent(ctx, leg, eventType, extra, options));
    return;
  }
  const payload: Record<string, unknown> = {};
  if (options.withControlId !== false) payload.call_control_id = leg.callControlId;
  payload.call_leg_id = leg.callLegId;
  payload.call_session_id = leg.callSessionId;
  payload.connection_id = leg.connectionId;
  if (leg.clientState !== undefined) payload.client_state = leg.clientState;
  if (options.withParties !== false) {
    payload.from = leg.from;
    payload.to = leg.to;
  }
  Object.assign(payload, extra);
  const eventId = newUuid();
  const data = {
    record_type: 'event',
    event_type: eventType,
    id: eventId,
    occurred_at: isoMicros(),
    payload,
  };
  ctx.webhooks.enqueue({
    eventId,
    eventType,
    callLegId: leg.callLegId,
    callControlId: options.withControlId === false ? undefined : leg.callControlId,
    data,
    url: leg.webhookUrl ?? ctx.options.webhookUrl,
  });
}

function armClock(ctx: TelnyxContext, leg: Leg): void {
  const head = leg.clock[0];
  if (head === undefined) return;
  ctx.timers.set(Math.max(0, head.at - Date.now()), () => {
    leg.clock.shift();
    leg.clockBusy = true;
    try {
      head.effect();
    } finally {
      leg.clockBusy = false;
      armClock(ctx, leg);
    }
  });
}

/**
 * Runs `effect` on the leg's clock: `delayMs` from now, but never before an effect scheduled
 * earlier for the same leg. One timer per leg walks the list in order, so a leg's events keep
 * the order of the commands and steps that caused them whatever their delays. Clock effects are
 * not cancelled when the call ends: what a command already caused is still reported, before the
 * hangup.
 */
export function onLegClock(
  ctx: TelnyxContext,
  leg: Leg,
  delayMs: number,
  effect: () => void,
): void {
  const last = leg.clock[leg.clock.length - 1];
  const at = Math.max(Date.now() + delayMs, last?.at ?? 0);
  leg.clock.push({ at, effect });
  if (leg.clock.length === 1 && !leg.clockBusy) armClock(ctx, leg);
}
