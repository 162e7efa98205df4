import type { EmulatorContext } from '../context';
import { deliverEvent } from '../routing';
import { compositeKey, type Leg } from './legs';

/** Unix seconds, the webhook `timestamp` format. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Whole seconds between two ms timestamps, as the string the gateway sends. */
export function secondsSince(startMs: number | undefined, endMs = Date.now()): string {
  if (startMs === undefined) return '0';
  return String(Math.max(0, Math.round((endMs - startMs) / 1000)));
}

/** A lifecycle event for a leg with the common webhook fields (§6.1), built from its current state. */
export function buildEvent(
  leg: Leg,
  event: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    event,
    callid: leg.callid,
    timestamp: nowSeconds(),
    uid: leg.uid,
    channel: leg.channel,
    to: leg.to,
    from: leg.from,
    direction: leg.direction,
    appid: leg.appid,
    video: leg.video,
    ...extra,
  };
}

/** Events the real CM does not deliver for outbound legs (§6.4, §7.4). */
const QUIRK_SUPPRESSED_OUTBOUND = new Set([
  'call_ringing',
  'agora_bridge_start',
  'agora_bridge_end',
]);

/** How an event relates to the leg's life, for quirk decisions. */
export interface EmitOptions {
  /** The event is part of the final teardown (quirk mode drops the B-leg's `agora_bridge_end`). */
  teardown?: boolean;
}

/**
 * Sends a leg event to its owner, shaped by the current mode: in quirk mode `call_initiated` is
 * never sent, outbound legs lose ringing/bridge events and their `call_hangup` carries the
 * composite `appid:channel:uid` callid, and inbound legs lose the `agora_bridge_end` of teardown.
 */
export function emitEvent(
  ctx: EmulatorContext,
  leg: Leg,
  event: Record<string, unknown>,
  options: EmitOptions = {},
): boolean {
  const name = String(event.event);
  if (ctx.options.quirks) {
    if (name === 'call_initiated') return false;
    if (leg.direction === 'outbound') {
      if (QUIRK_SUPPRESSED_OUTBOUND.has(name)) return false;
      if (name === 'call_hangup')
        return deliverEvent(ctx, leg, { ...event, callid: compositeKey(leg) });
    } else if (name === 'agora_bridge_end' && options.teardown === true) {
      return false;
    }
  }
  return deliverEvent(ctx, leg, event);
}

/** Builds and sends in one go. */
export function emit(
  ctx: EmulatorContext,
  leg: Leg,
  event: string,
  extra: Record<string, unknown> = {},
  options: EmitOptions = {},
): boolean {
  return emitEvent(ctx, leg, buildEvent(leg, event, extra), options);
}
