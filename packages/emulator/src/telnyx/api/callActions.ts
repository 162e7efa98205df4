import { answerIncoming } from '../calls/answer';
import { createLeg, isAnswered, isLive, type Leg } from '../calls/leg';
import { applicationSide, bridgeLegs, endLeg, unbridgeSurvivor } from '../calls/lifecycle';
import { classifyTarget, startOutbound } from '../calls/outbound';
import { newCallControlId, newUuid } from '../ids';
import type { ActionSpec } from './action';
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
  requiredEnum,
  requiredString,
} from './validate';

const SEND_DIGITS = /^[0-9A-D*#wW]+$/;

function recordSettings(body: Body) {
  const record = optionalEnum(body, 'record', ['record-from-answer'] as const);
  const channels = optionalEnum(body, 'record_channels', ['single', 'dual'] as const) ?? 'single';
  const format = optionalEnum(body, 'record_format', ['wav', 'mp3'] as const) ?? 'mp3';
  return record === undefined ? undefined : { channels, format };
}

/** Answered, or an incoming leg still waiting (which a bridge or transfer answers). */
function canConnect(leg: Leg): boolean {
  return isAnswered(leg) || leg.state === 'parked';
}

const answer: ActionSpec = {
  prepare(ctx, leg, body) {
    if (leg.direction !== 'incoming') {
      throw apiError.badRequest('Only incoming calls can be answered.', 'call_control_id');
    }
    if (leg.state !== 'parked')
      throw apiError.badRequest('The call was already answered.', 'call_control_id');
    const webhookUrl = optionalUrl(body, 'webhook_url');
    checkWebhookMethod(body, 'webhook_url_method');
    const record = recordSettings(body);
    return () => {
      if (webhookUrl !== undefined) leg.webhookUrl = webhookUrl;
      if (record !== undefined) leg.recordOnAnswer = record;
      answerIncoming(ctx, leg, ctx.options.timing.gatewayMs);
      return record === undefined || leg.recording === undefined
        ? undefined
        : { recording_id: leg.recording.recordingId };
    };
  },
};

const reject: ActionSpec = {
  prepare(ctx, leg, body) {
    if (leg.direction !== 'incoming' || leg.state !== 'parked') {
      throw apiError.badRequest(
        'Only an unanswered incoming call can be rejected.',
        'call_control_id',
      );
    }
    const cause = requiredEnum(body, 'cause', ['CALL_REJECTED', 'USER_BUSY'] as const);
    return () => {
      endLeg(
        ctx,
        leg,
        { cause: cause === 'USER_BUSY' ? 'user_busy' : 'call_rejected', source: 'callee' },
        ctx.options.timing.hangupMs,
      );
      return undefined;
    };
  },
};

const hangup: ActionSpec = {
  prepare(ctx, leg) {
    return () => {
      // Hanging up an outgoing leg before it is answered cancels it.
      const cause = leg.state === 'ringing' ? 'originator_cancel' : 'normal_clearing';
      endLeg(ctx, leg, { cause, source: applicationSide(leg) }, ctx.options.timing.hangupMs);
      return undefined;
    };
  },
};

const transfer: ActionSpec = {
  prepare(ctx, leg, body) {
    if (!canConnect(leg)) throw apiError.notAnswered();
    const to = checkAddress(requiredString(body, 'to'), 'to');
    const fromField = optionalString(body, 'from');
    const from =
      fromField === undefined
        ? leg.direction === 'incoming'
          ? leg.to
          : leg.from
        : checkAddress(fromField, 'from');
    const timeoutSecs = optionalInteger(body, 'timeout_secs', 5, 600) ?? 30;
    const timeLimitSecs = optionalInteger(body, 'time_limit_secs', 30, 14400);
    const targetState = optionalClientState(
      body,
      'target_leg_client_state',
      ctx.options.maxClientStateLength,
    );
    const webhookUrl = optionalUrl(body, 'webhook_url');
    checkWebhookMethod(body, 'webhook_url_method');
    const parkAfterUnbridge = optionalString(body, 'park_after_unbridge');
    const fromDisplayName = optionalString(body, 'from_display_name');
    if (ctx.legs.all().some((other) => other.transferFrom === leg)) {
      throw apiError.badRequest(
        'A transfer of this call is already in progress.',
        'call_control_id',
      );
    }
    if (ctx.legs.size >= ctx.options.maxCalls) {
      throw apiError.badRequest(
        `Channel limit exceeded: ${ctx.options.maxCalls} concurrent calls.`,
      );
    }
    return () => {
      if (parkAfterUnbridge === 'self') leg.afterUnbridge = 'park';
      const previous = leg.bridgedWith;
      if (previous !== undefined) {
        // The old peer is transferred away from: it follows its own unbridge rule.
        leg.bridgedWith = undefined;
        leg.state = 'answered';
        unbridgeSurvivor(ctx, previous);
      }
      const target = createLeg({
        callControlId: newCallControlId(),
        callLegId: newUuid(),
        callSessionId: leg.callSessionId,
        connectionId: leg.connectionId,
        direction: 'outgoing',
        from,
        to,
        callerIdName: fromDisplayName,
        clientState: targetState === '' ? undefined : targetState,
        webhookUrl: webhookUrl ?? leg.webhookUrl,
      });
      target.transferFrom = leg;
      if (timeLimitSecs !== undefined) target.timeLimitMs = timeLimitSecs * 1000;
      ctx.legs.add(target);
      startOutbound(ctx, target, classifyTarget(to), timeoutSecs * 1000);
      return undefined;
    };
  },
};

const bridge: ActionSpec = {
  prepare(ctx, leg, body) {
    const otherId = requiredString(body, 'call_control_id');
    const other = ctx.legs.get(otherId);
    if (other === undefined) throw apiError.unknownCall();
    if (!isLive(other)) throw apiError.callEnded();
    if (other === leg)
      throw apiError.badRequest('A call cannot be bridged with itself.', 'call_control_id');
    if (!canConnect(leg) || !canConnect(other)) throw apiError.notAnswered();
    if (leg.bridgedWith !== undefined || other.bridgedWith !== undefined) {
      throw apiError.badRequest('One of the calls is already bridged.', 'call_control_id');
    }
    const park = optionalString(body, 'park_after_unbridge') === 'self';
    const hold = optionalBoolean(body, 'hold_after_unbridge') ?? false;
    return () => {
      if (park) leg.afterUnbridge = 'park';
      else if (hold) leg.afterUnbridge = 'hold';
      for (const side of [leg, other]) if (side.state === 'parked') answerIncoming(ctx, side, 0);
      bridgeLegs(ctx, leg, other);
      return undefined;
    };
  },
};

const sendDtmf: ActionSpec = {
  needsAnswer: true,
  prepare(_ctx, leg, body) {
    const digits = requiredString(body, 'digits');
    if (!SEND_DIGITS.test(digits)) {
      throw apiError.badRequest(
        "The 'digits' parameter may hold 0-9, A-D, *, # and w/W pauses only.",
        'digits',
      );
    }
    optionalInteger(body, 'duration_millis', 100, 500);
    return () => {
      // No webhook follows (the remote party just hears the tones); kept for tests to read.
      leg.sentDigits = (leg.sentDigits + digits).slice(-64);
      return undefined;
    };
  },
};

const clientStateUpdate: ActionSpec = {
  method: 'PUT',
  prepare(ctx, _leg, body) {
    if (optionalClientState(body, 'client_state', ctx.options.maxClientStateLength) === undefined) {
      throw apiError.missing('client_state');
    }
    // The shared command path applies client_state; nothing else happens.
    return () => undefined;
  },
};

/** The call-flow commands by verb. */
export const CALL_ACTIONS: Readonly<Record<string, ActionSpec>> = {
  answer,
  reject,
  hangup,
  transfer,
  bridge,
  send_dtmf: sendDtmf,
  client_state_update: clientStateUpdate,
};
