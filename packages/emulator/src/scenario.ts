import { EmulatorError } from './errors';
import { normalizeNumber } from './normalize';

/** What a scenario number makes the simulated remote party do. */
export type ScenarioKind =
  | 'answer'
  | 'busy'
  | 'noAnswer'
  | 'reject'
  | 'remoteHangup'
  | 'pressDigits'
  | 'slowGateway'
  | 'noResource'
  | 'machine';

/**
 * A decoded scenario number. `param` is a delay in ms (absent = the `timing` default) or, for
 * `pressDigits`, the digits the remote party presses.
 */
export type ParsedScenario =
  | {
      /** A scenario whose parameter is a delay. */
      kind: 'answer' | 'noAnswer' | 'remoteHangup' | 'slowGateway' | 'machine';
      /** The delay in ms; absent for 0000 (the `timing` default). */
      param?: number;
    }
  | {
      /** The remote party presses digits. */
      kind: 'pressDigits';
      /** The four digits it presses. */
      param: string;
    }
  | {
      /** A scenario without a parameter. */
      kind: 'busy' | 'reject' | 'noResource';
    };

const PREFIX = '+1555010';
const KINDS: Record<string, ScenarioKind> = {
  '0': 'answer',
  '1': 'busy',
  '2': 'noAnswer',
  '3': 'reject',
  '4': 'remoteHangup',
  '5': 'pressDigits',
  '6': 'slowGateway',
  '7': 'noResource',
  '8': 'machine',
};

function build(digit: string, param = '0000'): string {
  return `${PREFIX}${digit}${param}`;
}

function delayParam(name: string, ms: number | undefined): string {
  if (ms === undefined) return '0000';
  if (!Number.isInteger(ms) || ms < 0 || ms > 9999) {
    throw new EmulatorError(
      'INVALID_ARGUMENT',
      `${name}: delay must be an integer from 0 to 9999 ms`,
    );
  }
  return String(ms).padStart(4, '0');
}

/**
 * Builders of scenario numbers (`+1555010` + scenario digit + 4-digit parameter). Dial one with
 * `outbound` to get the described behaviour from the simulated remote party. A delay of 0 (or
 * none) means the `timing` default.
 */
export const scenario = {
  /** Rings, then answers after `afterMs` (default `timing.answerMs`) and bridges. */
  answer(afterMs?: number): string {
    return build('0', delayParam('answer', afterMs));
  },
  /** Rings, then `call_hangup` `USER_BUSY`. */
  busy(): string {
    return build('1');
  },
  /** Rings for `ringMs` (default `timing.noAnswerMs`), then `call_hangup` `NO_ANSWER`. */
  noAnswer(ringMs?: number): string {
    return build('2', delayParam('noAnswer', ringMs));
  },
  /** Rings, then `call_hangup` `CALL_REJECTED`. */
  reject(): string {
    return build('3');
  },
  /** Answers, then the remote party hangs up `afterMs` later (default `timing.remoteHangupMs`). */
  remoteHangup(afterMs?: number): string {
    return build('4', delayParam('remoteHangup', afterMs));
  },
  /** Answers, then the remote party presses exactly these 4 digits (0-9), one event per digit. */
  pressDigits(digits: string): string {
    if (!/^\d{4}$/.test(digits)) {
      throw new EmulatorError('INVALID_ARGUMENT', 'pressDigits: exactly 4 digits 0-9 are needed');
    }
    return build('5', digits);
  },
  /** The `outbound` reply itself is held `replyDelayMs` (default `timing.slowReplyMs`), then answers. */
  slowGateway(replyDelayMs?: number): string {
    return build('6', delayParam('slowGateway', replyDelayMs));
  },
  /** The `outbound` reply is a 503 "No resource currently available"; no call is created. */
  noResource(): string {
    return build('7');
  },
  /**
   * An answering machine picks up after `afterMs` (default `timing.answerMs`). Backends with
   * answering-machine detection report `machine`; elsewhere it is simply an answered call.
   */
  machine(afterMs?: number): string {
    return build('8', delayParam('machine', afterMs));
  },
} as const;

/** Decodes a scenario number in any formatting; `undefined` when it is not one. */
export function parseScenario(number: string): ParsedScenario | undefined {
  const match = /^1555010(\d)(\d{4})$/.exec(normalizeNumber(number));
  if (!match) return undefined;
  const kind = KINDS[match[1] ?? ''];
  const raw = match[2] ?? '0000';
  const ms = Number(raw);
  switch (kind) {
    case 'pressDigits':
      return { kind, param: raw };
    case 'answer':
    case 'noAnswer':
    case 'remoteHangup':
    case 'slowGateway':
    case 'machine':
      return ms === 0 ? { kind } : { kind, param: ms };
    case 'busy':
    case 'reject':
    case 'noResource':
      return { kind };
    default:
      return undefined;
  }
}
