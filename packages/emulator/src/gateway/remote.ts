import type { EmulatorContext } from '../context';
import { EmulatorError } from '../errors';
import type { RemoteControl } from '../types';
import { digitSteps, isActive } from './answer';
import { DTMF_PATTERN } from './callControl';
import { runSteps } from './steps';
import { endCall } from './teardown';

/** The remote (PSTN) parties of live calls, for tests and demos. */
export function createRemoteControl(ctx: EmulatorContext): RemoteControl {
  return {
    hangup(callid: string, cause = 'NORMAL_CLEARING'): boolean {
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
      if (typeof digits !== 'string' || !DTMF_PATTERN.test(digits)) {
        throw new EmulatorError('INVALID_ARGUMENT', 'pressDigits: digits must be 0-9, *, # or A-D');
      }
      const leg = ctx.legs.get(callid);
      if (!leg || !isActive(ctx, leg)) return false;
      runSteps(ctx, leg.callid, digitSteps(ctx, leg, digits, ctx.options.timing.digitGapMs));
      return true;
    },
  };
}
