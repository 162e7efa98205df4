import { randomUUID } from 'node:crypto';
import { GATEWAY_IP } from '../constants';
import { compositeKey, type Leg } from '../gateway/legs';
import { classifyTarget, startOutboundFlow } from '../gateway/outboundFlow';
import { failReply, okReply } from '../replies';
import { type CommandRequest, field } from './request';

/** The 503 the gateway pool answers when no gateway can take the call (scenario 7). */
export const NO_RESOURCE_REPLY = {
  response: 'outbound',
  status_code: 503,
  data: { success: false, error: 'No resource currently available' },
} as const;

/**
 * `outbound`: replies at once with a fresh callid and `gateway_ip` (the slow-gateway scenario
 * holds the reply), then simulates the call. A second live call on the same `appid:channel:uid`
 * is refused with 409, since the CM keys outbound legs that way; past `limits.maxCalls` live
 * legs the gateway pool has "No resource currently available" (503).
 */
export function handleOutbound(request: CommandRequest): void {
  const { ctx, session, appid } = request;
  const to = field(request, 'to');
  const target = classifyTarget(ctx, to);
  const atCap = ctx.legs.size >= ctx.options.limits.maxCalls;
  if (atCap || (target.kind === 'scenario' && target.scenario.kind === 'noResource')) {
    if (atCap) {
      ctx.logger.warn('outbound refused: call cap reached', {
        session: session.sessionId,
        maxCalls: ctx.options.limits.maxCalls,
      });
    }
    request.respond({ ...NO_RESOURCE_REPLY, data: { ...NO_RESOURCE_REPLY.data } });
    return;
  }
  const channel = field(request, 'channel');
  const uid = field(request, 'uid');
  if (ctx.legs.byKey(appid, channel, uid)) {
    request.respond(
      failReply(
        'outbound',
        409,
        `a call is already active on ${compositeKey({ appid, channel, uid })}`,
      ),
    );
    return;
  }
  const leg: Leg = {
    callid: randomUUID(),
    direction: 'outbound',
    appid,
    channel,
    uid,
    from: field(request, 'from'),
    to,
    video: request.frame.video === true,
    state: 'initiated',
    bridged: false,
    ownerSessionId: session.sessionId,
    ownerClientId: session.clientId ?? '',
    externalWebhook: false,
    createdAt: Date.now(),
  };
  ctx.legs.add(leg);
  ctx.logger.info('outbound call', {
    callid: leg.callid,
    to,
    target: target.kind,
    session: session.sessionId,
  });
  const reply = okReply('outbound', { callid: leg.callid, gateway_ip: GATEWAY_IP });
  if (target.kind === 'scenario' && target.scenario.kind === 'slowGateway') {
    const delay = target.scenario.param ?? ctx.options.timing.slowReplyMs;
    ctx.timers.set(
      delay,
      () => {
        request.respond(reply);
        startOutboundFlow(ctx, leg, target);
      },
      leg.callid,
    );
    return;
  }
  request.respond(reply);
  startOutboundFlow(ctx, leg, target);
}
