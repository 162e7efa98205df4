import { EmulatorError } from '../../errors';
import { runSteps, type Step } from '../../gateway/steps';
import type { TelnyxContext } from '../context';
import type { TelnyxRemoteControl } from '../types';
import { emitEvent } from './events';
import { isAnswered, isLive, type Leg } from './leg';
import { endLeg, type HangupCause, remoteSide } from './lifecycle';

/** DTMF a remote party can press. */
export const DTMF_DIGITS = /^[0-9*#A-D]+$/;

const HANGUP_CAUSES: readonly HangupCause[] = [
  'call_rejected',
  'normal_clearing',
  'originator_cancel',
  'timeout',
  'time_limit',
  'user_busy',
  'not_found',
  'no_answer',
  'unspecified',
];

/** Steps that press `digits`, `gapMs` apart: a `call.dtmf.received` each, fed to a gather. */
export function digitSteps(ctx: TelnyxContext, leg: Leg, digits: string, gapMs: number): Step[] {
  return [...digits].map((digit) => ({
    after: gapMs,
    run: () => {
      if (!isAnswered(leg)) return false;
      emitEvent(ctx, leg, 'call.dtmf.received', { digit });
      leg.gather?.feed(digit);
      return true;
    },
  }));
}

/** The remote party hangs up a live leg (see {@link TelnyxRemoteControl.hangup}). */
export function remoteHangup(ctx: TelnyxContext, leg: Leg, cause?: HangupCause): boolean {
  if (!isLive(leg)) return false;
  const unanswered = leg.state === 'parked' || leg.state === 'ringing';
  const fallback: HangupCause = !unanswered
    ? 'normal_clearing'
    : leg.direction === 'incoming'
      ? 'originator_cancel'
      : 'call_rejected';
  return endLeg(ctx, leg, { cause: cause ?? fallback, source: remoteSide(leg) }, 0);
}

/** What an inbound caller does once answered (from `simulateInbound` or its scenario number). */
export function startRemoteBehaviour(ctx: TelnyxContext, leg: Leg): void {
  const { hangupAfterMs, digits } = leg.remoteAfterAnswer;
  const t = ctx.options.timing;
  const steps: Step[] = [];
  if (digits !== undefined) steps.push(...digitSteps(ctx, leg, digits, t.digitGapMs));
  if (hangupAfterMs !== undefined) {
    steps.push({ after: hangupAfterMs, run: () => remoteHangup(ctx, leg) });
  }
  if (steps.length > 0) runSteps(ctx, leg.callLegId, steps);
}

/** The public remote controls. */
export function createRemoteControl(ctx: TelnyxContext): TelnyxRemoteControl {
  return {
    hangup(callControlId, cause) {
      const known = HANGUP_CAUSES.find((candidate) => candidate === cause);
      if (cause !== undefined && known === undefined) {
        throw new EmulatorError(
          'INVALID_ARGUMENT',
          `remote.hangup: cause must be one of ${HANGUP_CAUSES.join(', ')}`,
        );
      }
      const leg = ctx.legs.live(callControlId);
      return leg === undefined ? false : remoteHangup(ctx, leg, known);
    },
    pressDigits(callControlId, digits) {
      const leg = ctx.legs.live(callControlId);
      if (leg === undefined || !isAnswered(leg) || typeof digits !== 'string') return false;
      if (!DTMF_DIGITS.test(digits)) return false;
      runSteps(ctx, leg.callLegId, digitSteps(ctx, leg, digits, ctx.options.timing.digitGapMs));
      return true;
    },
  };
}
