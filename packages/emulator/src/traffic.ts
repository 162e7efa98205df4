import { randomUUID } from 'node:crypto';
import { MAX_DTMF_DIGITS } from './dtmf';
import { checkDelay, describeValue } from './duration';
import { EmulatorError } from './errors';
import type { Emulator, EmulatorLogger } from './index';

/** Options for {@link startTraffic}. Every delay is in milliseconds. */
export interface TrafficOptions {
  /**
   * Time between two generated inbound calls, 1 to 2^31-1 ms (values below 1 count as 1).
   * @default 4000
   */
  intervalMs?: number;
  /**
   * After the call is accepted, the remote party presses digits after a random delay in this
   * range (inclusive).
   * @default [1000, 3000]
   */
  dtmfDelayMs?: readonly [min: number, max: number];
  /**
   * After the call is accepted, the remote party hangs up after a random delay in this range.
   * @default [5000, 20000]
   */
  hangupAfterMs?: readonly [min: number, max: number];
  /**
   * Longest digit string the remote party presses (1 to 64 digits, from `0-9*#`).
   * @default 4
   */
  maxDigits?: number;
  /**
   * Caller ids to pick from at random.
   * @default random North-American numbers (`+1NXXNXXXXXX`)
   */
  callers?: readonly string[];
  /**
   * Whether `stop()` makes the remote parties hang up: accepted calls that are still live end,
   * and callers still waiting for an accept give up (their lookups get a 404), so the emulator
   * goes back to idle. With `false` the calls stay and waiting lookups expire on their own.
   * @default true
   */
  hangupOnStop?: boolean;
  /**
   * Source of randomness in [0, 1); inject one to make a run reproducible.
   * @default Math.random
   */
  random?: () => number;
  /**
   * Where progress is reported (info: offered/accepted calls, debug: details).
   * @default silent
   */
  logger?: EmulatorLogger;
}

/** Counters of a traffic run (a snapshot). */
export interface TrafficStats {
  /** Inbound calls started (a lookup was sent). */
  readonly offered: number;
  /** Ticks that found no DID with an eligible session (no call started). */
  readonly skipped: number;
  /** Started calls whose lookup still found nobody (HTTP 500, e.g. the session just left). */
  readonly noRoute: number;
  /** Calls a client accepted. */
  readonly accepted: number;
  /** Calls rejected, expired or otherwise not accepted (lookup 404/503 or an error). */
  readonly unanswered: number;
  /** Digit strings the remote parties pressed. */
  readonly digitsPressed: number;
  /** Calls the remote party hung up (the client had not hung up first). */
  readonly remoteHangups: number;
  /** Accepted calls that this generator still follows. */
  readonly active: number;
  /** Pending timers of the generator itself (0 once stopped). */
  readonly timers: number;
}

/** A running traffic generator. */
export interface TrafficHandle {
  /** Stops generating calls and clears every timer. Idempotent. */
  stop(): void;
  /** Current counters. */
  stats(): TrafficStats;
}

/** The part of {@link Emulator} the generator drives. */
export type TrafficTarget = Pick<
  Emulator,
  'eligibleDids' | 'simulateInbound' | 'remote' | 'onFrame'
>;

type Counters = { -readonly [K in keyof TrafficStats]: TrafficStats[K] };
type Timer = ReturnType<typeof setTimeout>;

const DTMF_ALPHABET = '0123456789*#';
const ENDING_ACTIONS = new Set(['hangup', 'endcall']);

function invalid(message: string): EmulatorError {
  return new EmulatorError('INVALID_ARGUMENT', `startTraffic: ${message}`);
}

/** A `[min, max]` delay range: both delays a timer can hold, and min <= max. */
function checkRange(
  name: string,
  range: readonly [number, number] | undefined,
  fallback: readonly [number, number],
): readonly [number, number] {
  if (range === undefined) return fallback;
  if (!Array.isArray(range) || range.length !== 2) throw invalid(`${name} must be [min, max]`);
  const [min, max] = range as readonly unknown[];
  checkDelay(`startTraffic: ${name}[0]`, min, 'INVALID_ARGUMENT');
  checkDelay(`startTraffic: ${name}[1]`, max, 'INVALID_ARGUMENT');
  if ((min as number) > (max as number)) throw invalid(`${name}: min must not exceed max`);
  return [min as number, max as number];
}

/** Every option checked up front, so a bad one never starts a 1 ms flood or a throwing timer. */
function resolveTrafficOptions(options: TrafficOptions) {
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
  const interval = options.intervalMs ?? 4000;
  checkDelay('startTraffic: intervalMs', interval, 'INVALID_ARGUMENT');
  const maxDigits = options.maxDigits ?? 4;
  if (!Number.isInteger(maxDigits) || maxDigits < 1 || maxDigits > MAX_DTMF_DIGITS) {
    throw invalid(
      `maxDigits must be a whole number from 1 to ${MAX_DTMF_DIGITS} (got ${describeValue(maxDigits)})`,
    );
  }
  const callers = options.callers;
  if (
    callers !== undefined &&
    (!Array.isArray(callers) ||
      callers.some((caller) => typeof caller !== 'string' || caller === ''))
  ) {
    throw invalid('callers must be an array of non-empty strings');
  }
  if (options.random !== undefined && typeof options.random !== 'function') {
    throw invalid('random must be a function');
  }
  return {
    intervalMs: Math.max(1, interval),
    dtmfDelay: checkRange('dtmfDelayMs', options.dtmfDelayMs, [1000, 3000]),
    hangupAfter: checkRange('hangupAfterMs', options.hangupAfterMs, [5000, 20000]),
    maxDigits,
  };
}

/**
 * Starts a steady flow of inbound calls for demos and dashboards. Every `intervalMs` it
 * simulates a gateway lookup on a DID that has an eligible session (rotating over them;
 * nothing happens when there is none). When a client accepts, the remote party presses a few
 * digits after a while and hangs up after 5–20 s; calls nobody accepts just expire. Throws
 * `EmulatorError` `INVALID_ARGUMENT` for an option out of range (delays: 0 to 2^31-1 ms).
 */
export function startTraffic(emulator: TrafficTarget, options: TrafficOptions = {}): TrafficHandle {
  const { intervalMs, dtmfDelay, hangupAfter, maxDigits } = resolveTrafficOptions(options);
  const random = options.random ?? Math.random;
  const hangupOnStop = options.hangupOnStop ?? true;
  const logger = options.logger;

  const counters: Counters = {
    offered: 0,
    skipped: 0,
    noRoute: 0,
    accepted: 0,
    unanswered: 0,
    digitsPressed: 0,
    remoteHangups: 0,
    active: 0,
    timers: 0,
  };
  /** Accepted calls → their pending remote-party timers. */
  const live = new Map<string, Set<Timer>>();
  /** Calls whose lookup is still waiting for an accept, reject or expiry. */
  const waiting = new Set<string>();
  let rotation = 0;
  let idle = false;
  let stopped = false;
  let interval: ReturnType<typeof setInterval> | undefined;

  const between = ([min, max]: readonly [number, number]) =>
    Math.round(min + random() * Math.max(0, max - min));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const randomCaller = () => {
    if (options.callers !== undefined && options.callers.length > 0) return pick(options.callers);
    let number = `+1${2 + Math.floor(random() * 8)}`;
    for (let i = 0; i < 2; i++) number += String(Math.floor(random() * 10));
    number += String(2 + Math.floor(random() * 8));
    for (let i = 0; i < 6; i++) number += String(Math.floor(random() * 10));
    return number;
  };

  const randomDigits = () => {
    const length = 1 + Math.floor(random() * maxDigits);
    let digits = '';
    for (let i = 0; i < length; i++) digits += pick([...DTMF_ALPHABET]);
    return digits;
  };

  const forget = (callid: string) => {
    const timers = live.get(callid);
    if (timers === undefined) return;
    for (const timer of timers) clearTimeout(timer);
    live.delete(callid);
    refreshCounts();
  };

  const refreshCounts = () => {
    counters.active = live.size;
    let pending = interval === undefined ? 0 : 1;
    for (const timers of live.values()) pending += timers.size;
    counters.timers = pending;
  };

  const later = (callid: string, delayMs: number, action: () => void) => {
    const timers = live.get(callid);
    if (timers === undefined) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      refreshCounts();
      try {
        action();
      } catch (error) {
        // A throw in a timer callback would end the process (an odd `random`, a closed emulator).
        logger?.warn('traffic: remote party action failed', { callid, error: String(error) });
      }
    }, delayMs);
    timers.add(timer);
    refreshCounts();
  };

  const followAcceptedCall = (callid: string) => {
    counters.accepted++;
    live.set(callid, new Set());
    later(callid, between(dtmfDelay), () => {
      const digits = randomDigits();
      if (emulator.remote.pressDigits(callid, digits)) {
        counters.digitsPressed++;
        logger?.debug('traffic: remote pressed digits', { callid, digits });
      }
    });
    later(callid, between(hangupAfter), () => {
      if (emulator.remote.hangup(callid)) {
        counters.remoteHangups++;
        logger?.debug('traffic: remote hung up', { callid });
      }
      forget(callid);
    });
  };

  const tick = () => {
    const dids = emulator.eligibleDids();
    if (dids.length === 0) {
      // Said once per idle stretch, not on every tick.
      if (!idle) logger?.info('traffic: no DID has an eligible session, waiting for one');
      idle = true;
      counters.skipped++;
      return;
    }
    idle = false;
    const did = dids[rotation++ % dids.length] as string;
    const from = randomCaller();
    const callid = randomUUID();
    counters.offered++;
    waiting.add(callid);
    logger?.info('traffic: inbound call', { callid, did, from });
    emulator.simulateInbound({ did, from, callid }).then(
      (outcome) => {
        waiting.delete(callid);
        if (stopped) return;
        if (outcome.status === 200) {
          logger?.info('traffic: call accepted', { callid });
          followAcceptedCall(outcome.callid || callid);
        } else if (outcome.status === 500) {
          counters.noRoute++;
        } else {
          counters.unanswered++;
        }
      },
      (error: unknown) => {
        waiting.delete(callid);
        if (stopped) return;
        counters.unanswered++;
        logger?.warn('traffic: inbound call failed', { callid, error: String(error) });
      },
    );
  };

  // A client that hangs up first makes the remote party's timers pointless.
  const unsubscribe = emulator.onFrame((received) => {
    const { frame } = received;
    if (typeof frame.action === 'string' && ENDING_ACTIONS.has(frame.action)) {
      if (typeof frame.callid === 'string') forget(frame.callid);
    }
  });

  interval = setInterval(tick, intervalMs);
  refreshCounts();

  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(interval);
      interval = undefined;
      unsubscribe();
      for (const callid of [...live.keys()]) {
        if (hangupOnStop && emulator.remote.hangup(callid)) counters.remoteHangups++;
        forget(callid);
      }
      if (hangupOnStop) for (const callid of waiting) emulator.remote.hangup(callid);
      waiting.clear();
      refreshCounts();
    },
    stats: () => ({ ...counters }),
  };
}
