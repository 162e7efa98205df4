import type { EmulatorContext } from '../context';
import { isActive } from './answer';
import { buildEvent, emitEvent, secondsSince } from './events';
import type { Leg } from './legs';
import { runSteps } from './steps';
import { beginEnding, finishLeg, livePeer, PEER_HANGUP } from './teardown';

/** Whether the remote party answered (bridge, unbridge, transfer need that). */
export function isAnswered(leg: Leg): boolean {
  return leg.answeredAt !== undefined && leg.state !== 'ending';
}

/**
 * Joins a leg to a channel. On a bridged leg this is a move: `agora_bridge_end{rebridge,
 * segment_billsec}` then `agora_bridge_start{rebridge, previous_channel, previous_uid}`.
 */
export function bridgeCall(ctx: EmulatorContext, leg: Leg, channel: string, uid: string): void {
  const events: Record<string, unknown>[] = [];
  if (leg.bridged) {
    const previous = { channel: leg.channel, uid: leg.uid };
    events.push(
      buildEvent(leg, 'agora_bridge_end', {
        rebridge: true,
        segment_billsec: secondsSince(leg.bridgedAt),
      }),
    );
    leg.channel = channel;
    leg.uid = uid;
    events.push(
      buildEvent(leg, 'agora_bridge_start', {
        rebridge: true,
        previous_channel: previous.channel,
        previous_uid: previous.uid,
      }),
    );
  } else {
    leg.channel = channel;
    leg.uid = uid;
    events.push(buildEvent(leg, 'agora_bridge_start'));
  }
  leg.bridged = true;
  leg.state = 'bridged';
  leg.bridgedAt = Date.now();
  runSteps(ctx, leg.callid, [
    {
      after: ctx.options.timing.bridgeMs,
      run: () => {
        for (const event of events) emitEvent(ctx, leg, event);
      },
    },
  ]);
}

/** Leaves the Agora channel; the SIP leg stays up. */
export function unbridgeCall(ctx: EmulatorContext, leg: Leg): void {
  const event = buildEvent(leg, 'agora_bridge_end');
  leg.bridged = false;
  leg.state = 'unbridged';
  runSteps(ctx, leg.callid, [
    { after: ctx.options.timing.bridgeMs, run: () => void emitEvent(ctx, leg, event) },
  ]);
}

/** The gateway echoes our own DTMF: exactly one `dtmf_received` with the same digits (§6.5). */
export function echoDtmf(ctx: EmulatorContext, leg: Leg, digits: string): void {
  runSteps(ctx, leg.callid, [
    {
      after: ctx.options.timing.dtmfEchoMs,
      run: () => {
        if (isActive(ctx, leg)) emitEvent(ctx, leg, buildEvent(leg, 'dtmf_received', { digits }));
      },
    },
  ]);
}

/**
 * Blind transfer (SIP REFER): `agora_bridge_end` if bridged, then after `transferMs` the leg
 * leaves the gateway with `BLIND_TRANSFER`; a loopback peer ends normally with it.
 */
export function transferCall(ctx: EmulatorContext, leg: Leg, destination: string): void {
  const peer = livePeer(ctx, leg);
  const t = ctx.options.timing;
  const bridgeEnd = leg.bridged ? buildEvent(leg, 'agora_bridge_end') : undefined;
  beginEnding(ctx, leg);
  if (peer) beginEnding(ctx, peer);
  leg.bridged = false;
  ctx.logger.info('call transferred', { callid: leg.callid, destination });
  runSteps(ctx, leg.callid, [
    {
      after: bridgeEnd ? t.bridgeMs : 0,
      run: () => void (bridgeEnd && emitEvent(ctx, leg, bridgeEnd)),
    },
    {
      after: t.transferMs,
      run: () => {
        finishLeg(ctx, leg, { cause: 'BLIND_TRANSFER', disposition: 'send_refer' });
        if (peer) finishLeg(ctx, peer, PEER_HANGUP);
      },
    },
  ]);
}
