import type { CancelTimer } from '../../timers';
import type { TelnyxContext } from '../context';
import { emitEvent } from './events';
import type { Leg } from './leg';

/** A gather's rules, from the command with Telnyx's defaults filled in. */
export interface GatherConfig {
  minimumDigits: number;
  maximumDigits: number;
  /** Ends the gather without being collected; '' for none. */
  terminatingDigit: string;
  validDigits: string;
  /** From the start (after the prompt) to giving up. */
  timeoutMs: number;
  /** From one digit to giving up on the next. */
  interDigitTimeoutMs: number;
  /** `gather_using_speak`'s prompt length (0 for a plain `gather`). */
  promptMs: number;
  /** `gather_using_speak`: prompts played before an invalid entry ends the gather. */
  maximumTries: number;
  /** Echoed as `gather_id` when the command named one. */
  gatherId: string | undefined;
}

/**
 * Starts collecting digits on an answered leg. Digits come from the remote party (each one is
 * also a `call.dtmf.received`); the gather ends with one `call.gather.ended`: `valid`, `invalid`,
 * `timeout`, `cancelled` (gather_stop, or a newer gather) or `call_hangup`.
 */
export function startGather(ctx: TelnyxContext, leg: Leg, config: GatherConfig): void {
  leg.gather?.end('cancelled');
  let digits = '';
  let tries = 1;
  let cancelTimer: CancelTimer | undefined;
  const arm = (ms: number, onTimeout: () => void) => {
    cancelTimer?.();
    cancelTimer = ctx.timers.set(ms, onTimeout, leg.callLegId);
  };
  const settle = () => (digits.length >= config.minimumDigits ? 'valid' : 'invalid');
  const restartOrEnd = (status: string) => {
    if (status === 'invalid' && tries < config.maximumTries) {
      tries += 1;
      digits = '';
      arm(config.promptMs + config.timeoutMs, () =>
        restartOrEnd(digits === '' ? 'timeout' : settle()),
      );
      return;
    }
    gather.end(status);
  };
  const gather = {
    feed(digit: string): void {
      if (leg.gather !== gather) return;
      if (digit === config.terminatingDigit) {
        restartOrEnd(settle());
        return;
      }
      if (!config.validDigits.includes(digit)) {
        restartOrEnd('invalid');
        return;
      }
      digits += digit;
      if (digits.length >= config.maximumDigits) {
        gather.end('valid');
        return;
      }
      arm(config.interDigitTimeoutMs, () => restartOrEnd(settle()));
    },
    end(status: string): void {
      if (leg.gather !== gather) return;
      leg.gather = undefined;
      cancelTimer?.();
      emitEvent(ctx, leg, 'call.gather.ended', {
        digits,
        status,
        ...(config.gatherId === undefined ? {} : { gather_id: config.gatherId }),
      });
    },
  };
  leg.gather = gather;
  arm(config.promptMs + config.timeoutMs, () => restartOrEnd(digits === '' ? 'timeout' : settle()));
}
