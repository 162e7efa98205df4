import { runSteps, type Step } from '../../gateway/steps';
import { type ParsedScenario, parseScenario } from '../../scenario';
import type { TelnyxContext } from '../context';
import { answerOutgoing } from './answer';
import { emitEvent, onLegClock } from './events';
import { isAnswered, type Leg } from './leg';
import { endLeg, type HangupCause, setRingTimer } from './lifecycle';
import { digitSteps, remoteHangup } from './remoteParty';

/** Who answers a dialled number: a scenario number's remote party, or nobody (`not_found`). */
export type DialTarget = { kind: 'scenario'; scenario: ParsedScenario } | { kind: 'unallocated' };

/**
 * Classifies a dialled `to` (a number or a SIP URI, whose digits count). Scenario numbers are
 * those of every emulator (`+1555010SPPPP`); anything else is unallocated.
 */
export function classifyTarget(to: string): DialTarget {
  const scenario = parseScenario(to);
  return scenario === undefined ? { kind: 'unallocated' } : { kind: 'scenario', scenario };
}

function calleeHangup(ctx: TelnyxContext, leg: Leg, after: number, cause: HangupCause): Step {
  return { after, run: () => endLeg(ctx, leg, { cause, source: 'callee' }, 0) };
}

/** Answering-machine detection results, `amdMs` after answer, when the dial asked for it. */
function amdSteps(ctx: TelnyxContext, leg: Leg): Step[] {
  if (leg.amd === 'disabled') return [];
  const t = ctx.options.timing;
  const emitOnAnswered = (eventType: string, result: string): Step => ({
    after: t.amdMs,
    run: () => {
      if (!isAnswered(leg)) return false;
      emitEvent(ctx, leg, eventType, { result });
      return true;
    },
  });
  if (leg.amd === 'premium') {
    const steps = [
      emitOnAnswered(
        'call.machine.premium.detection.ended',
        leg.isMachine ? 'machine' : 'human_residence',
      ),
    ];
    if (leg.isMachine)
      steps.push(emitOnAnswered('call.machine.premium.greeting.ended', 'beep_detected'));
    return steps;
  }
  const steps = [
    emitOnAnswered('call.machine.detection.ended', leg.isMachine ? 'machine' : 'human'),
  ];
  if (leg.isMachine && (leg.amd === 'detect_beep' || leg.amd === 'greeting_end')) {
    steps.push(emitOnAnswered('call.machine.greeting.ended', 'beep_detected'));
  }
  return steps;
}

function answerSteps(ctx: TelnyxContext, leg: Leg, afterMs: number): Step[] {
  return [{ after: afterMs, run: () => answerOutgoing(ctx, leg) }, ...amdSteps(ctx, leg)];
}

function scenarioSteps(ctx: TelnyxContext, leg: Leg, scenario: ParsedScenario): Step[] {
  const t = ctx.options.timing;
  switch (scenario.kind) {
    case 'answer':
      return answerSteps(ctx, leg, scenario.param ?? t.answerMs);
    case 'machine':
      leg.isMachine = true;
      return answerSteps(ctx, leg, scenario.param ?? t.answerMs);
    case 'slowGateway':
      // The dial's HTTP answer is what is slow (see the dial route); the call itself answers.
      return answerSteps(ctx, leg, t.answerMs);
    case 'busy':
      return [calleeHangup(ctx, leg, t.ringMs, 'user_busy')];
    case 'reject':
      return [calleeHangup(ctx, leg, t.ringMs, 'call_rejected')];
    case 'noAnswer':
      return [calleeHangup(ctx, leg, scenario.param ?? t.noAnswerMs, 'no_answer')];
    case 'remoteHangup':
      return [
        ...answerSteps(ctx, leg, t.answerMs),
        { after: scenario.param ?? t.remoteHangupMs, run: () => remoteHangup(ctx, leg) },
      ];
    case 'pressDigits':
      return [
        ...answerSteps(ctx, leg, t.answerMs),
        ...digitSteps(ctx, leg, scenario.param, t.digitGapMs),
      ];
    case 'noResource':
      // Refused by the dial route before any leg exists; nothing to play.
      return [];
  }
}

/**
 * Plays the platform and the remote party for a new outgoing leg (dial or transfer):
 * `call.initiated` (`outgoing`, `bridging`) after `gatewayMs`, then what the target does. A leg
 * still ringing after `timeoutMs` ends with `timeout`.
 */
export function startOutbound(
  ctx: TelnyxContext,
  leg: Leg,
  target: DialTarget,
  timeoutMs: number,
  extraInitiated: Record<string, unknown> = {},
): void {
  const t = ctx.options.timing;
  onLegClock(ctx, leg, t.gatewayMs, () => {
    emitEvent(ctx, leg, 'call.initiated', {
      direction: 'outgoing',
      state: 'bridging',
      start_time: leg.startTime,
      ...extraInitiated,
    });
  });
  setRingTimer(ctx, leg, timeoutMs, { cause: 'timeout', source: 'unknown' });
  const steps =
    target.kind === 'scenario'
      ? scenarioSteps(ctx, leg, target.scenario)
      : [calleeHangup(ctx, leg, t.ringMs, 'not_found')];
  // The remote party acts once the platform placed the call.
  runSteps(ctx, leg.callLegId, [
    { after: t.gatewayMs, run: () => leg.state === 'ringing' },
    ...steps,
  ]);
}
