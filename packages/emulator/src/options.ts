import { DEFAULT_APP_IDS, DEFAULT_DIDS, DEFAULT_TOKEN, PINLOOKUP_DID } from './constants';
import { checkDelay } from './duration';
import { EmulatorError } from './errors';
import { type EmulatorLimits, resolveLimits } from './limits';
import { type EmulatorLogger, silentLogger } from './logger';
import { type EmulatorTiming, FAST_TIMING, REALISTIC_TIMING } from './timing';

/** Options of {@link startEmulator}. Every field is optional. */
export interface EmulatorOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** App ids a session may register with. @default DEFAULT_APP_IDS */
  appIds?: string[];
  /** Token accepted for every app id and for `MULTI` unless `tokens` overrides it. @default DEFAULT_TOKEN */
  token?: string;
  /**
   * Per-app-id tokens, like the CM's `authorization_<appid>` settings (key `MULTI` too). A key
   * present here replaces `token` for that app id; a key that is not in `appIds` adds that app id.
   * @default {}
   */
  tokens?: Record<string, string | string[]>;
  /** DIDs owned by this CM (inbound-routable, loopback targets). @default DEFAULT_DIDS */
  dids?: string[];
  /**
   * `dids_<appid>` allowlists: when an app id (or `MULTI`) has one, its sessions are offered only
   * these DIDs, whatever they subscribe to. @default {}
   */
  allowlists?: Record<string, string[]>;
  /** DIDs answered by an external pinlookup (never `call_incoming`). @default [PINLOOKUP_DID] */
  pinlookupDids?: string[];
  /** Start in quirk mode (the real CM's observed gaps, §7.4). @default false */
  quirks?: boolean;
  /**
   * Gateway and remote-party delays: a preset, or single delays laid over the realistic preset.
   * @default 'realistic'
   */
  timing?: 'realistic' | 'fast' | Partial<EmulatorTiming>;
  /** How long a lookup is held before it expires (404 to the gateway). @default 15000 */
  lookupTimeoutMs?: number;
  /**
   * A socket that has not registered this long after the greeting is closed. 0 = no deadline.
   * @default 10000
   */
  registerTimeoutMs?: number;
  /**
   * Interval of server WebSocket pings; a client that has not answered the previous ping by the
   * next one is terminated. 0 turns pings off. @default 20000
   */
  pingIntervalMs?: number;
  /** Client frames larger than this close the socket with 1009 (at most 64 MiB). @default 65536 */
  maxFrameBytes?: number;
  /**
   * How long the calls of a session that went away (clean close or abrupt drop alike) wait for a
   * session with the same `client_id` to come back before the gateway hangs them up. A session
   * that registers with that `client_id` in time takes the calls over. @default 10000
   */
  orphanGraceMs?: number;
  /**
   * Caps on sessions, calls, lookups, timers, the frame log, bodies and texts; only the given
   * ones change. @default DEFAULT_LIMITS
   */
  limits?: Partial<EmulatorLimits>;
  /** Where the emulator logs. @default silent */
  logger?: EmulatorLogger;
}

/** Options after defaults were applied; what {@link Emulator.options} shows. */
export interface ResolvedEmulatorOptions {
  /** Interface the server listens on. */
  host: string;
  /** The port actually bound (after listening), or the requested one before. */
  port: number;
  /** App ids sessions may register with (besides `MULTI`). */
  appIds: readonly string[];
  /** Default token for every app id without an override. */
  token: string;
  /** Per-app-id token overrides, each a list of accepted tokens. */
  tokens: Readonly<Record<string, readonly string[]>>;
  /** DIDs owned by this CM, as given. */
  dids: readonly string[];
  /** `dids_<appid>` allowlists, normalised to digits. */
  allowlists: Readonly<Record<string, readonly string[]>>;
  /** Pinlookup DIDs, as given. */
  pinlookupDids: readonly string[];
  /** Whether quirk mode is on (changes with `setQuirks`). */
  quirks: boolean;
  /** The resolved delays. */
  timing: Readonly<EmulatorTiming>;
  /** Held lookup expiry. */
  lookupTimeoutMs: number;
  /** Register deadline after the greeting (0 = none). */
  registerTimeoutMs: number;
  /** Server ping interval (0 = off). */
  pingIntervalMs: number;
  /** Largest accepted client frame. */
  maxFrameBytes: number;
  /** Grace before the calls of a session that went away are hung up. */
  orphanGraceMs: number;
  /** The caps in force. */
  limits: Readonly<EmulatorLimits>;
  /** The logger in use. */
  logger: EmulatorLogger;
}

/** Largest `maxFrameBytes`: 64 MiB (what `ws` itself reads at most by default is 100 MiB). */
const MAX_FRAME_BYTES_CEILING = 64 * 1024 * 1024;

function delay(name: string, value: number | undefined, fallback: number): number {
  return value === undefined ? fallback : checkDelay(name, value, 'INVALID_OPTIONS');
}

function checkLogger(logger: unknown): EmulatorLogger {
  if (logger === undefined) return silentLogger;
  const methods = ['debug', 'info', 'warn', 'error'] as const;
  if (
    typeof logger !== 'object' ||
    logger === null ||
    methods.some((method) => typeof (logger as Record<string, unknown>)[method] !== 'function')
  ) {
    throw new EmulatorError(
      'INVALID_OPTIONS',
      'logger must be an object with debug, info, warn and error functions',
    );
  }
  return logger as EmulatorLogger;
}

function stringList(
  name: string,
  value: readonly unknown[] | undefined,
  fallback: readonly string[],
) {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new EmulatorError('INVALID_OPTIONS', `${name} must be an array of strings`);
  }
  return [...(value as string[])];
}

function resolveTiming(timing: EmulatorOptions['timing']): EmulatorTiming {
  if (timing === undefined || timing === 'realistic') return { ...REALISTIC_TIMING };
  if (timing === 'fast') return { ...FAST_TIMING };
  if (typeof timing !== 'object' || timing === null) {
    throw new EmulatorError('INVALID_OPTIONS', "timing must be 'realistic', 'fast' or an object");
  }
  const resolved: EmulatorTiming = { ...REALISTIC_TIMING };
  for (const key of Object.keys(REALISTIC_TIMING) as (keyof EmulatorTiming)[]) {
    resolved[key] = delay(`timing.${key}`, timing[key], REALISTIC_TIMING[key]);
  }
  return resolved;
}

function resolveTokens(tokens: EmulatorOptions['tokens']): Record<string, readonly string[]> {
  const resolved: Record<string, readonly string[]> = {};
  for (const [appId, value] of Object.entries(tokens ?? {})) {
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
      throw new EmulatorError('INVALID_OPTIONS', `tokens.${appId} must be a string or strings`);
    }
    resolved[appId] = [...list];
  }
  return resolved;
}

function resolveAllowlists(lists: EmulatorOptions['allowlists']): Record<string, string[]> {
  const resolved: Record<string, string[]> = {};
  for (const [appId, dids] of Object.entries(lists ?? {})) {
    resolved[appId] = stringList(`allowlists.${appId}`, dids, []).map((d) => d.replace(/\D/g, ''));
  }
  return resolved;
}

/** Applies defaults and validates; throws {@link EmulatorError} `INVALID_OPTIONS`. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedEmulatorOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new EmulatorError('INVALID_OPTIONS', 'options must be an object');
  }
  const port = options.port ?? 0;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new EmulatorError('INVALID_OPTIONS', 'port must be an integer from 0 to 65535');
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') {
    throw new EmulatorError('INVALID_OPTIONS', 'host must be a non-empty string');
  }
  const token = options.token ?? DEFAULT_TOKEN;
  if (typeof token !== 'string' || token === '') {
    throw new EmulatorError('INVALID_OPTIONS', 'token must be a non-empty string');
  }
  const maxFrameBytes = options.maxFrameBytes ?? 65536;
  if (
    typeof maxFrameBytes !== 'number' ||
    !Number.isInteger(maxFrameBytes) ||
    maxFrameBytes < 1 ||
    maxFrameBytes > MAX_FRAME_BYTES_CEILING
  ) {
    throw new EmulatorError(
      'INVALID_OPTIONS',
      `maxFrameBytes must be a whole number from 1 to ${MAX_FRAME_BYTES_CEILING}`,
    );
  }
  return {
    host,
    port,
    appIds: stringList('appIds', options.appIds, DEFAULT_APP_IDS),
    token,
    tokens: resolveTokens(options.tokens),
    dids: stringList('dids', options.dids, DEFAULT_DIDS),
    allowlists: resolveAllowlists(options.allowlists),
    pinlookupDids: stringList('pinlookupDids', options.pinlookupDids, [PINLOOKUP_DID]),
    quirks: options.quirks === true,
    timing: resolveTiming(options.timing),
    lookupTimeoutMs: delay('lookupTimeoutMs', options.lookupTimeoutMs, 15000),
    registerTimeoutMs: delay('registerTimeoutMs', options.registerTimeoutMs, 10000),
    pingIntervalMs: delay('pingIntervalMs', options.pingIntervalMs, 20000),
    maxFrameBytes,
    orphanGraceMs: delay('orphanGraceMs', options.orphanGraceMs, 10000),
    limits: resolveLimits(options.limits),
    logger: checkLogger(options.logger),
  };
}
