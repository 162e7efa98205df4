import { EmulatorError } from './errors';

/**
 * Caps that keep the emulator's memory bounded whatever its clients send. Past a cap the
 * emulator answers a clear error (or, for the frame log, forgets the oldest entries); it never
 * grows without bound and never crashes. The defaults are far above what honest tests need.
 */
export interface EmulatorLimits {
  /** Open WebSockets from one IP address; the next upgrade is answered HTTP 429. @default 1000 */
  maxSessionsPerIp: number;
  /**
   * Live call legs; past it `outbound` gets the gateway's 503 "No resource currently available"
   * and `accept` a 503 reply. @default 10000
   */
  maxCalls: number;
  /** Held lookups; past it a lookup is answered 503 at once. @default 1000 */
  maxHeldLookups: number;
  /**
   * Pending emulator timers; past it commands that schedule work (`outbound`, `accept`, `bridge`,
   * `unbridge`, `transfer`, `send_dtmf`) get a 503 reply, the control routes a 503, and delayed
   * replies are sent at once. @default 10000
   */
  maxTimers: number;
  /** Frames kept by the received-frame log; the oldest go first. @default 50000 */
  maxLoggedFrames: number;
  /** Bytes (wire size) kept by the received-frame log; the oldest go first. @default 16 MiB */
  maxLoggedBytes: number;
  /** Largest HTTP request body; larger ones are answered 413. @default 1 MiB */
  maxBodyBytes: number;
  /** Deepest JSON nesting accepted in HTTP bodies and WebSocket frames. @default 32 */
  maxJsonDepth: number;
  /**
   * Longest string field in a command, `register`, lookup or control body (ids, numbers,
   * channel, uid, reason, cause…). @default 256
   */
  maxFieldLength: number;
  /** Longest `token`, `sdk_options` or `webhook_url`. @default 8192 */
  maxLongFieldLength: number;
  /** Most numbers in one subscription (`subscribe_numbers` or `subscribe`). @default 1000 */
  maxSubscribedNumbers: number;
  /**
   * Bytes waiting to be written to one client socket; a client that stops reading past this is
   * terminated (a slow consumer). @default 8 MiB
   */
  maxSendBufferBytes: number;
}

const MiB = 1024 * 1024;

/** The default {@link EmulatorLimits}. */
export const DEFAULT_LIMITS: Readonly<EmulatorLimits> = Object.freeze({
  maxSessionsPerIp: 1000,
  maxCalls: 10_000,
  maxHeldLookups: 1000,
  maxTimers: 10_000,
  maxLoggedFrames: 50_000,
  maxLoggedBytes: 16 * MiB,
  maxBodyBytes: MiB,
  maxJsonDepth: 32,
  maxFieldLength: 256,
  maxLongFieldLength: 8192,
  maxSubscribedNumbers: 1000,
  maxSendBufferBytes: 8 * MiB,
});

/** Largest value any limit accepts: big enough for any test, small enough to stay a number. */
const LIMIT_CEILING = 2 ** 40;

/** Applies defaults; each given limit must be a whole number from 1 to 2^40. */
export function resolveLimits(limits: unknown): EmulatorLimits {
  if (limits === undefined) return { ...DEFAULT_LIMITS };
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) {
    throw new EmulatorError('INVALID_OPTIONS', 'limits must be an object');
  }
  const given = limits as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in DEFAULT_LIMITS)) {
      throw new EmulatorError('INVALID_OPTIONS', `limits.${key} is not a known limit`);
    }
  }
  const resolved: EmulatorLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof EmulatorLimits)[]) {
    const value = given[key];
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 1 ||
      value > LIMIT_CEILING
    ) {
      throw new EmulatorError(
        'INVALID_OPTIONS',
        `limits.${key} must be a whole number from 1 to ${LIMIT_CEILING}`,
      );
    }
    resolved[key] = value;
  }
  return resolved;
}
