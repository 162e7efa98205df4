import type { EmulatorContext } from '../context';
import { normalizeNumber } from '../normalize';
import { isConfiguredDid, isPinlookupDid, isSubscribedNumber } from '../routing';
import { type ParsedScenario, parseScenario } from '../scenario';
import { answerLeg, bridgeLeg, digitSteps, isActive } from './answer';
import { emit } from './events';
import type { Leg } from './legs';
import { startLoopbackLookup } from './lookup';
import { runSteps, type Step } from './steps';
import { endCall, type HangupSpec } from './teardown';

/** Where an outbound call goes, decided from its `to` (see {@link classifyTarget}). */
export type OutboundTarget =
  | { kind: 'pinlookup' }
  | { kind: 'loopback'; did: string }
  | { kind: 'scenario'; scenario: ParsedScenario }
  | { kind: 'unallocated' };

/**
 * Classifies a dialled number, first match wins: pinlookup DID, configured DID (loopback),
 * scenario number, number some live session subscribed to (loopback), nothing. A subscription
 * only adds a route for a number that means nothing else, so subscribing to a scenario number
 * does not turn it into a loopback.
 */
export function classifyTarget(ctx: EmulatorContext, to: string): OutboundTarget {
  if (isPinlookupDid(ctx, to)) return { kind: 'pinlookup' };
  if (isConfiguredDid(ctx, to)) return { kind: 'loopback', did: normalizeNumber(to) };
  const scenario = parseScenario(to);
  if (scenario) return { kind: 'scenario', scenario };
  if (isSubscribedNumber(ctx, to)) return { kind: 'loopback', did: normalizeNumber(to) };
  return { kind: 'unallocated' };
}

function hangupStep(ctx: EmulatorContext, leg: Leg, after: number, spec: HangupSpec): Step {
  return { after, run: () => endCall(ctx, leg, spec, 0) };
}

function answerSteps(ctx: EmulatorContext, leg: Leg, afterMs: number): Step[] {
  return [
    { after: afterMs, run: () => answerLeg(ctx, leg) },
    { after: ctx.options.timing.bridgeMs, run: () => bridgeLeg(ctx, leg) },
  ];
}

function scenarioSteps(ctx: EmulatorContext, leg: Leg, scenario: ParsedScenario): Step[] {
  const t = ctx.options.timing;
  switch (scenario.kind) {
    case 'answer':
    case 'machine':
      // The CM has no answering-machine detection: a machine is an answered call.
      return answerSteps(ctx, leg, scenario.param ?? t.answerMs);
    case 'slowGateway':
      return answerSteps(ctx, leg, t.answerMs);
    case 'busy':
      return [hangupStep(ctx, leg, t.ringMs, { cause: 'USER_BUSY', disposition: 'recv_refuse' })];
    case 'reject':
      return [
        hangupStep(ctx, leg, t.ringMs, { cause: 'CALL_REJECTED', disposition: 'recv_refuse' }),
      ];
    case 'noAnswer':
      return [
        hangupStep(ctx, leg, scenario.param ?? t.noAnswerMs, {
          cause: 'NO_ANSWER',
          disposition: 'send_cancel',
        }),
      ];
    case 'remoteHangup':
      return [
        ...answerSteps(ctx, leg, t.answerMs),
        hangupStep(ctx, leg, scenario.param ?? t.remoteHangupMs, {
          cause: 'NORMAL_CLEARING',
          disposition: 'recv_bye',
        }),
      ];
    case 'pressDigits':
      return [
        ...answerSteps(ctx, leg, t.answerMs),
        ...digitSteps(ctx, leg, scenario.param, t.digitGapMs),
      ];
    case 'noResource':
      return [];
  }
}

/**
 * Plays the gateway and the remote party for a new A-leg, after its reply was sent:
 * `call_initiated` (callid "") → `call_ringing` → the target's behaviour.
 */
export function startOutboundFlow(ctx: EmulatorContext, leg: Leg, target: OutboundTarget): void {
  const t = ctx.options.timing;
  const initiated: Step = {
    after: t.gatewayMs,
    run: () => {
      if (!isActive(ctx, leg)) return false;
      emit(ctx, leg, 'call_initiated', { callid: '' });
      return true;
    },
  };
  const ringing = (after: number): Step => ({
    after,
    run: () => {
      if (!isActive(ctx, leg)) return false;
      leg.state = 'ringing';
      emit(ctx, leg, 'call_ringing');
      return true;
    },
  });
  switch (target.kind) {
    case 'pinlookup':
      runSteps(ctx, leg.callid, [initiated, ringing(t.ringMs), ...answerSteps(ctx, leg, t.ringMs)]);
      return;
    case 'loopback':
      runSteps(ctx, leg.callid, [
        initiated,
        { after: 0, run: () => startLoopbackLookup(ctx, leg, target.did) },
      ]);
      return;
    case 'scenario':
      runSteps(ctx, leg.callid, [
        initiated,
        ringing(t.ringMs),
        ...scenarioSteps(ctx, leg, target.scenario),
      ]);
      return;
    case 'unallocated':
      runSteps(ctx, leg.callid, [
        initiated,
        ringing(0),
        hangupStep(ctx, leg, t.gatewayMs, {
          cause: 'UNALLOCATED_NUMBER',
          disposition: 'recv_refuse',
        }),
      ]);
      return;
  }
}
