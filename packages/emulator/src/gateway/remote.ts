import type { EmulatorContext } from '../context';
import { dtmfProblem } from '../dtmf';
import { EmulatorError } from '../errors';
import type { RemoteControl } from '../types';
import { digitSteps, isActive } from './answer';
import { runSteps } from './steps';
import { endCall } from './teardown';

/** The remote (PSTN) parties of live calls, for tests and demos. */
export function createRemoteControl(ctx: EmulatorContext): RemoteControl {
  return {
    hangup(callid: string, cause = 'NORMAL_CLEARING'): boolean {
      const { maxFieldLength } = ctx.options.limits;
      if (typeof cause !== 'string' || cause === '' || cause.length > maxFieldLength) {
        throw new EmulatorError(
          'INVALID_ARGUMENT',
          `hangup: cause must be a string of 1 to ${maxFieldLength} characters`,
        );
      }
      const leg = ctx.legs.get(callid);
      if (leg && isActive(ctx, leg)) {
        endCall(ctx, leg, { cause, disposition: 'recv_bye' }, ctx.options.timing.hangupMs);
        return true;
      }
      const lookup = ctx.lookups.take(callid);
      if (!lookup) return false;
      lookup.settle({ status: 404, body: { error: 'caller hung up' }, callid });
      const aLeg = lookup.aLegCallid === undefined ? undefined : ctx.legs.get(lookup.aLegCallid);
      if (aLeg) endCall(ctx, aLeg, { cause, disposition: 'recv_bye' }, ctx.options.timing.hangupMs);
      return true;
    },
    pressDigits(callid: string, digits: string): boolean {
      const problem = dtmfProblem(digits);
      if (problem !== undefined) {
        throw new EmulatorError('INVALID_ARGUMENT', `pressDigits: ${problem}`);
      }
      const leg = ctx.legs.get(callid);
      if (!leg || !isActive(ctx, leg)) return false;
      runSteps(ctx, leg.callid, digitSteps(ctx, leg, digits, ctx.options.timing.digitGapMs));
      return true;
    },
  };
}
