import { acceptLookup, rejectLookup } from '../gateway/acceptance';
import { CALLID_NOT_FOUND, failReply, okReply } from '../replies';
import { type CommandRequest, field, optionalField } from './request';

/**
 * `accept`: first accept wins; a lookup already taken, expired or not offered → callid not
 * found; past `limits.maxCalls` live legs → 503 and the lookup stays held.
 */
export function handleAccept(request: CommandRequest): void {
  const { ctx, session, appid } = request;
  if (ctx.legs.size >= ctx.options.limits.maxCalls) {
    // The lookup stays held: another session may take it once calls end, or it expires.
    request.respond(
      failReply(
        'accept',
        503,
        `No resource currently available (limit ${ctx.options.limits.maxCalls} calls)`,
      ),
    );
    return;
  }
  const webhookUrl = optionalField(request, 'webhook_url');
  const sdkOptions = optionalField(request, 'sdk_options');
  const audioScenario = optionalField(request, 'audio_scenario');
  const video = request.frame.video;
  const accepted = acceptLookup(ctx, session, {
    callid: field(request, 'callid'),
    appid,
    token: field(request, 'token'),
    channel: field(request, 'channel'),
    uid: field(request, 'uid'),
    ...(typeof video === 'boolean' ? { video } : {}),
    ...(webhookUrl === undefined ? {} : { webhookUrl }),
    ...(sdkOptions === undefined ? {} : { sdkOptions }),
    ...(audioScenario === undefined ? {} : { audioScenario }),
  });
  // The reply goes out before any event: the leg's events are all scheduled on timers.
  request.respond(accepted ? okReply('accept') : failReply('accept', 404, CALLID_NOT_FOUND));
}

/** `reject`: 404 to the held lookup; never needs an appid, even for MULTI (§10). */
export function handleReject(request: CommandRequest): void {
  const { ctx, session } = request;
  const rejected = rejectLookup(ctx, session, field(request, 'callid'), field(request, 'reason'));
  request.respond(rejected ? okReply('reject') : failReply('reject', 404, CALLID_NOT_FOUND));
}
