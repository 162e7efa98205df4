import { DEFAULT_CALLER, DEFAULT_DIDS } from '../../constants';
import { EmulatorError } from '../../errors';
import { parseScenario } from '../../scenario';
import type { TelnyxContext } from '../context';
import { newCallControlId, newUuid } from '../ids';
import type { SimulateTelnyxInboundParams, TelnyxInboundCall } from '../types';
import { emitEvent, onLegClock } from './events';
import { createLeg } from './leg';
import { setRingTimer } from './lifecycle';
import { DTMF_DIGITS } from './remoteParty';

function invalid(message: string): EmulatorError {
  return new EmulatorError('INVALID_ARGUMENT', `simulateInbound: ${message}`);
}

function optionalDelay(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(`${name} must be a finite number >= 0`);
  }
  return value;
}

function optionalText(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(`${name} must be a non-empty string`);
  return value;
}

/**
 * A call arrives on the application: a `parked` incoming leg and its `call.initiated`. The caller
 * waits `cancelAfterMs` for answer or reject, then gives up (`originator_cancel`). Once answered
 * it presses `digits` and hangs up after `hangupAfterMs`; a scenario number as `from` sets those
 * (`remoteHangup`, `pressDigits`) unless given explicitly.
 */
export function simulateInbound(
  ctx: TelnyxContext,
  params: SimulateTelnyxInboundParams = {},
): TelnyxInboundCall {
  if (typeof params !== 'object' || params === null) throw invalid('params must be an object');
  const from = optionalText('from', params.from) ?? DEFAULT_CALLER;
  const to = optionalText('to', params.to) ?? DEFAULT_DIDS[0];
  const callerIdName = optionalText('callerIdName', params.callerIdName);
  const cancelAfterMs = optionalDelay('cancelAfterMs', params.cancelAfterMs);
  let hangupAfterMs = optionalDelay('hangupAfterMs', params.hangupAfterMs);
  let digits = params.digits;
  if (digits !== undefined && (typeof digits !== 'string' || !DTMF_DIGITS.test(digits))) {
    throw invalid('digits must be DTMF digits (0-9, *, #, A-D)');
  }
  if (ctx.legs.size >= ctx.options.maxCalls) {
    throw invalid(`the emulator already has maxCalls (${ctx.options.maxCalls}) live calls`);
  }
  const scenario = parseScenario(from);
  if (scenario?.kind === 'remoteHangup' && hangupAfterMs === undefined) {
    hangupAfterMs = scenario.param ?? ctx.options.timing.remoteHangupMs;
  }
  if (scenario?.kind === 'pressDigits' && digits === undefined) digits = scenario.param;

  const leg = createLeg({
    callControlId: newCallControlId(),
    callLegId: newUuid(),
    callSessionId: newUuid(),
    connectionId: ctx.options.connectionId,
    direction: 'incoming',
    from,
    to,
    callerIdName,
  });
  leg.remoteAfterAnswer = {
    ...(hangupAfterMs === undefined ? {} : { hangupAfterMs }),
    ...(digits === undefined ? {} : { digits }),
  };
  ctx.legs.add(leg);
  onLegClock(ctx, leg, ctx.options.timing.gatewayMs, () =>
    emitEvent(ctx, leg, 'call.initiated', {
      direction: 'incoming',
      state: 'parked',
      start_time: leg.startTime,
      caller_id_name: callerIdName ?? from,
    }),
  );
  setRingTimer(ctx, leg, cancelAfterMs ?? ctx.options.inboundRingTimeoutMs, {
    cause: 'originator_cancel',
    source: 'caller',
  });
  ctx.logger.info('telnyx inbound call', { callLegId: leg.callLegId });
  return {
    callControlId: leg.callControlId,
    callLegId: leg.callLegId,
    callSessionId: leg.callSessionId,
  };
}
