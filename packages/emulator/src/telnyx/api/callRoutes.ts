import { createLeg, isLive, type Leg } from '../calls/leg';
import { classifyTarget, startOutbound } from '../calls/outbound';
import type { TelnyxContext } from '../context';
import { newCallControlId, newUuid } from '../ids';
import type { ApiAnswer, RequestFacts } from './answer';
import type { ApiState } from './apiState';
import { commandKey } from './commandIds';
import { apiError } from './errors';
import {
  type Body,
  checkAddress,
  checkWebhookMethod,
  optionalBoolean,
  optionalClientState,
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalUrl,
  requiredString,
} from './validate';

const AMD_MODES = [
  'premium',
  'detect',
  'detect_beep',
  'detect_words',
  'greeting_end',
  'disabled',
] as const;

function dialTo(body: Body): string {
  const to = body.to;
  if (to === undefined || to === null || to === '') throw apiError.missing('to');
  // Simultaneous ring is accepted; the first destination decides what the remote party does.
  const first = Array.isArray(to) ? to[0] : to;
  if (
    typeof first !== 'string' ||
    (Array.isArray(to) && to.some((item) => typeof item !== 'string'))
  ) {
    throw apiError.badRequest("The 'to' parameter must be a string or an array of strings.", 'to');
  }
  for (const item of Array.isArray(to) ? (to as string[]) : [first]) checkAddress(item, 'to');
  return first;
}

/** The ids and state of a leg as `data` of dial and `GET /calls/{id}`. */
function callData(leg: Leg): Record<string, unknown> {
  const end = leg.endedAt === undefined ? Date.now() : Date.parse(leg.endedAt);
  return {
    record_type: 'call',
    call_control_id: leg.callControlId,
    call_leg_id: leg.callLegId,
    call_session_id: leg.callSessionId,
    is_alive: isLive(leg),
    ...(leg.clientState === undefined ? {} : { client_state: leg.clientState }),
    start_time: leg.startTime,
    ...(leg.endedAt === undefined ? {} : { end_time: leg.endedAt }),
    call_duration: Math.max(0, Math.floor((end - Date.parse(leg.startTime)) / 1000)),
  };
}

/**
 * `POST /calls`: validates everything first (nothing happens on a 4xx), honours `command_id`,
 * applies the dial rate limit, then creates the outgoing leg and answers with its ids while the
 * call proceeds by webhooks.
 */
export function dial(
  ctx: TelnyxContext,
  api: ApiState,
  body: Body,
  facts: RequestFacts,
): ApiAnswer {
  facts.action = 'dial';
  const commandId = optionalString(body, 'command_id');
  if (commandId !== undefined) {
    facts.commandId = commandId;
    const remembered = api.commandIds.get(commandKey('dial', commandId));
    if (remembered !== undefined) {
      facts.replayed = true;
      return remembered;
    }
  }
  const connectionId = requiredString(body, 'connection_id');
  if (connectionId !== ctx.options.connectionId) {
    throw apiError.badRequest(
      `Invalid connection_id: no Call Control Application '${connectionId}'.`,
      'connection_id',
    );
  }
  const to = dialTo(body);
  const from = checkAddress(requiredString(body, 'from'), 'from');
  const clientState = optionalClientState(body, 'client_state', ctx.options.maxClientStateLength);
  const timeoutSecs = optionalInteger(body, 'timeout_secs', 5, 600) ?? 30;
  const timeLimitSecs = optionalInteger(body, 'time_limit_secs', 30, 14400);
  const webhookUrl = optionalUrl(body, 'webhook_url');
  checkWebhookMethod(body, 'webhook_url_method');
  const amd = optionalEnum(body, 'answering_machine_detection', AMD_MODES) ?? 'disabled';
  const record = optionalEnum(body, 'record', ['record-from-answer'] as const);
  const recordChannels = optionalEnum(body, 'record_channels', ['single', 'dual'] as const);
  const recordFormat = optionalEnum(body, 'record_format', ['wav', 'mp3'] as const);
  const fromDisplayName = optionalString(body, 'from_display_name');
  const bridgeOnAnswer = optionalBoolean(body, 'bridge_on_answer') ?? false;
  const parkAfterUnbridge = optionalString(body, 'park_after_unbridge');
  const linkToId = optionalString(body, 'link_to');
  const linkTo = linkToId === undefined ? undefined : ctx.legs.get(linkToId);
  if (linkToId !== undefined && linkTo === undefined)
    throw apiError.badRequest(`Unknown link_to call '${linkToId}'.`, 'link_to');
  if (linkTo !== undefined && !isLive(linkTo)) throw apiError.callEnded();
  if (bridgeOnAnswer && linkTo === undefined) throw apiError.missing('link_to');

  const target = classifyTarget(to);
  if (target.kind === 'scenario' && target.scenario.kind === 'noResource')
    throw apiError.serverError(503);
  const decision = api.dialLimiter.take();
  if (!decision.ok)
    throw apiError.dialRateLimited(decision.retryAfterSeconds, api.dialLimiter.capacity);
  if (ctx.legs.size >= ctx.options.maxCalls) {
    throw apiError.badRequest(`Channel limit exceeded: ${ctx.options.maxCalls} concurrent calls.`);
  }

  const leg = createLeg({
    callControlId: newCallControlId(),
    callLegId: newUuid(),
    callSessionId: linkTo?.callSessionId ?? newUuid(),
    connectionId,
    direction: 'outgoing',
    from,
    to,
    callerIdName: fromDisplayName,
    clientState: clientState === '' ? undefined : clientState,
    webhookUrl,
  });
  leg.amd = amd;
  leg.linkTo = linkTo;
  leg.bridgeOnAnswer = bridgeOnAnswer;
  if (parkAfterUnbridge === 'self') leg.afterUnbridge = 'park';
  if (timeLimitSecs !== undefined) leg.timeLimitMs = timeLimitSecs * 1000;
  if (record !== undefined) {
    leg.recordOnAnswer = { channels: recordChannels ?? 'single', format: recordFormat ?? 'mp3' };
  }
  ctx.legs.add(leg);
  facts.callControlId = leg.callControlId;
  startOutbound(
    ctx,
    leg,
    target,
    timeoutSecs * 1000,
    fromDisplayName === undefined ? {} : { caller_id_name: fromDisplayName },
  );
  ctx.logger.info('telnyx dial', { callLegId: leg.callLegId });

  const answer: ApiAnswer = { status: 200, body: { data: { ...callData(leg), is_alive: false } } };
  if (commandId !== undefined) api.commandIds.remember(commandKey('dial', commandId), answer);
  if (target.kind === 'scenario' && target.scenario.kind === 'slowGateway') {
    return { ...answer, delayMs: target.scenario.param ?? ctx.options.timing.slowReplyMs };
  }
  return answer;
}

/** `GET /calls/{call_control_id}`: a live or recently ended leg's status. */
export function retrieveCall(
  ctx: TelnyxContext,
  callControlId: string,
  facts: RequestFacts,
): ApiAnswer {
  facts.callControlId = callControlId;
  facts.action = 'retrieve_status';
  const leg = ctx.legs.get(callControlId);
  if (leg === undefined) throw apiError.unknownCall();
  return { status: 200, body: { data: callData(leg) } };
}

function pageParam(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) {
    throw apiError.outOfRange(name, 1, max);
  }
  return value;
}

/** `GET /connections/{id}/active_calls`: live legs with page-number paging (as the SDK pages). */
export function activeCalls(
  ctx: TelnyxContext,
  connectionId: string,
  query: URLSearchParams,
  facts: RequestFacts,
): ApiAnswer {
  facts.action = 'active_calls';
  if (connectionId !== ctx.options.connectionId) {
    throw apiError.notFound(`No Call Control Application '${connectionId}'.`);
  }
  const pageNumber = pageParam(query, 'page[number]', 1, Number.MAX_SAFE_INTEGER);
  const pageSize = pageParam(query, 'page[size]', 20, 250);
  const live = ctx.legs.all();
  const page = live.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    status: 200,
    body: {
      data: page.map((leg) => {
        const { is_alive: _alive, start_time: _start, ...rest } = callData(leg);
        return rest;
      }),
      meta: {
        page_number: pageNumber,
        page_size: pageSize,
        total_pages: Math.ceil(live.length / pageSize),
        total_results: live.length,
      },
    },
  };
}
