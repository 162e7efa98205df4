import type { EmulatorContext } from '../context';
import { emit } from './events';
import type { Leg } from './legs';
import type { Step } from './steps';

/** Whether a leg can still receive simulated events. */
export function isActive(ctx: EmulatorContext, leg: Leg): boolean {
  return leg.state !== 'ending' && ctx.legs.get(leg.callid) === leg;
}

/** Marks a leg answered and sends `call_answered`. */
export function answerLeg(ctx: EmulatorContext, leg: Leg): boolean {
  if (!isActive(ctx, leg)) return false;
  leg.state = 'answered';
  leg.answeredAt = Date.now();
  emit(ctx, leg, 'call_answered');
  return true;
}

/** The gateway joins the leg to its Agora channel by itself: `agora_bridge_start`. */
export function bridgeLeg(ctx: EmulatorContext, leg: Leg): boolean {
  if (!isActive(ctx, leg)) return false;
  leg.state = 'bridged';
  leg.bridged = true;
  leg.bridgedAt = Date.now();
  emit(ctx, leg, 'agora_bridge_start');
  return true;
}

/** Steps for `digits` pressed by a remote party: one `dtmf_received` per digit, `gapMs` apart. */
export function digitSteps(ctx: EmulatorContext, leg: Leg, digits: string, gapMs: number): Step[] {
  return [...digits].map((digit) => ({
    after: gapMs,
    run: () => {
      if (!isActive(ctx, leg)) return false;
      emit(ctx, leg, 'dtmf_received', { digits: digit });
      return true;
    },
  }));
}
