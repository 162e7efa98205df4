import {
  type ExponentialBackoffOptions,
  type KeepAliveOptions,
  type RetryPolicy,
  toRetryPolicy,
} from '@callstream/transport';
import type { WebSocketConstructor } from '@callstream/ws';
import { WebSocket as DefaultWebSocket } from '@callstream/ws';
import { ConfigurationError } from '../errors';
import { isLogger, type Logger, redactingLogger, silentLogger } from '../logger';
import {
  describeValue,
  isPlainObject,
  MAX_TIMER_MS,
  mustBe,
  requireNumberList,
  requireTimeout,
} from '../validation';
import {
  defaultHeartbeat,
  HEARTBEAT_DEFAULTS,
  type HeartbeatOptions,
  type ResolvedHeartbeat,
} from './heartbeat';
import { defaultMedia, type MediaChooser } from './media';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** WebSocket URL of the Call Manager, e.g. `wss://sipcm.agora.io/v1/ws/events`. */
  url: string;
  /** Auth token including its scheme word (`Basic …`). Sent only inside the register frame; never logged. */
  authToken: string;
  /** Your name for this connection, shown in the CM's status page. */
  clientId: string;
  /** The app id to register with, or `"MULTI"` to serve many app ids on one connection. */
  appId: string;
  /** DIDs to receive inbound calls for; empty means every DID allowed for the app id. @default [] */
  subscribeNumbers?: readonly string[];
  /**
   * Reconnect policy after an established connection drops: a function
   * `(attempt, elapsedMs, reason) => delayMs | null`, backoff options, or `false` to stay down.
   * @default capped exponential backoff 1 s → 30 s with full jitter
   */
  reconnect?: RetryPolicy | ExponentialBackoffOptions | false;
  /** How long a connection must stay up before the reconnect attempt counter resets. @default 10000 */
  stableAfterMs?: number;
  /** Default reply timeout of every command. @default 30000 */
  commandTimeoutMs?: number;
  /**
   * After `hangup()` was sent, how long the call may wait for its `call_hangup` before it leaves
   * `calls$` anyway (reason `hangup`), whatever the reply said or whether one came. @default 10000
   */
  hangupGraceMs?: number;
  /** One limit for socket open + greeting + register, per connection attempt. @default 10000 */
  connectTimeoutMs?: number;
  /**
   * Liveness: Node pings (`ws` sockets only) and an inbound-idle timeout (every runtime).
   * `false` turns both off. @default \{ pingIntervalMs: 5000, pongTimeoutMs: 10000 \}
   */
  keepAlive?: KeepAliveOptions | false;
  /**
   * Application-level heartbeat for runtimes whose WebSocket cannot send pings (browsers): a
   * `subscribe` with the confirmed list every `intervalMs`; no reply within `timeoutMs` counts
   * as a dead connection (then the client reconnects). `false` turns it off.
   * @default on (15000 / 10000) when the WebSocket implementation has no `ping`, else off
   */
  heartbeat?: HeartbeatOptions | false;
  /** How long an incoming call can be claimed (the CM holds the lookup ~15 s). @default 15000 */
  incomingTimeoutMs?: number;
  /**
   * After a reconnect, how long a call may go without any event before it is dropped as stale
   * (events sent while disconnected are lost, and the protocol cannot list live calls). A call
   * that is merely quiet (a bridged leg in the real CM's quirk mode sends nothing until its
   * hangup) is dropped too; raise this for long quiet calls. @default 60000
   */
  staleCallTimeoutMs?: number;
  /**
   * Picks the media channel, uid (and RTC token) of a dial or accept that names no channel, as
   * portable code does (`dial({ to, from })`, `call.accept()`). Return a token when the project
   * has RTC tokens enabled. May be async (fetch a token from your server).
   * @default a channel per call (`cs-<callId>` or `cs-<random>`), a random uid, no token
   */
  media?: MediaChooser;
  /** WebSocket constructor to use instead of the runtime's (see `@callstream/ws`). */
  WebSocket?: WebSocketConstructor;
  /** Where the client logs; silent by default. Secrets are redacted. */
  logger?: Logger;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  readonly url: string;
  readonly authToken: string;
  readonly clientId: string;
  readonly appId: string;
  readonly subscribeNumbers: readonly string[];
  /** The reconnect policy, guarded: a policy that throws or answers nonsense gives up. */
  readonly reconnect: RetryPolicy;
  readonly stableAfterMs: number;
  readonly commandTimeoutMs: number;
  readonly hangupGraceMs: number;
  readonly connectTimeoutMs: number;
  readonly keepAlive: KeepAliveOptions | false;
  readonly heartbeat: ResolvedHeartbeat | false;
  readonly incomingTimeoutMs: number;
  readonly staleCallTimeoutMs: number;
  readonly media: MediaChooser;
  readonly WebSocket: WebSocketConstructor | undefined;
  readonly logger: Logger;
}

function fail(message: string): never {
  throw new ConfigurationError('invalid-options', `createClient: ${message}`);
}

/** An option of the wrong kind: the phrase of every argument check, as a `ConfigurationError`. */
function failMustBe(name: string, what: string, value: unknown): never {
  return fail(mustBe(name, what, value).message);
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    fail(`${name} is required (a non-empty string)`);
  return value;
}

/** Runs an argument validator; its `invalid-argument` becomes `invalid-options`. */
function configured<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    return fail((error as Error).message);
  }
}

function positive(
  value: number | undefined,
  name: string,
  fallback: number,
  allowInfinite = false,
): number {
  return value === undefined
    ? fallback
    : configured(() => requireTimeout(value, name, allowInfinite));
}

/** The options that are a duration in ms, with their defaults. */
const clientDurations = {
  stableAfterMs: 10_000,
  commandTimeoutMs: 30_000,
  hangupGraceMs: 10_000,
  connectTimeoutMs: 10_000,
  incomingTimeoutMs: 15_000,
  staleCallTimeoutMs: 60_000,
};

/** The `keepAlive` durations, with their defaults (no idle timeout unless asked for). */
const keepAliveDurations = {
  pingIntervalMs: 5_000,
  pongTimeoutMs: 10_000,
  idleTimeoutMs: undefined,
};

/**
 * The interpreter of the duration tables: each field of `defaults` read from `given`, checked (1
 * ms up to the timer limit; `Infinity`, no timer, only for the names in `infinite`) and named
 * `${prefix}${field}` in errors, or its default; a field without one stays absent.
 */
function resolveDurations<Field extends string>(
  given: Partial<Record<NoInfer<Field>, unknown>>,
  defaults: Record<Field, number | undefined>,
  prefix: string,
  infinite: readonly string[] = [],
): Record<Field, number> {
  const resolved = {} as Record<Field, number>;
  for (const field of Object.keys(defaults) as Field[]) {
    const value = given[field] as number | undefined;
    const fallback = defaults[field];
    if (value !== undefined || fallback !== undefined) {
      resolved[field] = positive(
        value,
        `${prefix}${field}`,
        fallback ?? 0,
        infinite.includes(field),
      );
    }
  }
  return resolved;
}

/**
 * Validates every option and applies defaults; throws a `ConfigurationError` naming the bad
 * option. Nothing about the client exists yet when it throws.
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (!isPlainObject(options)) {
    failMustBe('options', 'an object', options);
  }
  const url = text(options.url, 'url');
  checkUrl(url);
  const authToken = text(options.authToken, 'authToken');
  if (authToken.length > 4096) fail('authToken is longer than 4096 characters');
  const subscribeNumbers = configured(() =>
    requireNumberList(options.subscribeNumbers ?? [], 'subscribeNumbers'),
  );
  const WebSocket = resolveWebSocket(options.WebSocket);
  const logger = resolveLogger(options.logger, authToken);
  return {
    url,
    authToken,
    clientId: text(options.clientId, 'clientId'),
    appId: text(options.appId, 'appId'),
    subscribeNumbers,
    reconnect: resolveReconnect(options.reconnect, logger),
    ...resolveDurations(options, clientDurations, '', ['commandTimeoutMs']),
    keepAlive: resolveKeepAlive(options.keepAlive),
    heartbeat: resolveHeartbeat(options.heartbeat, WebSocket ?? DefaultWebSocket),
    media: resolveMedia(options.media),
    WebSocket,
    logger,
  };
}

function checkUrl(url: string): void {
  // Only the scheme is echoed: the rest of a URL may carry credentials.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'no scheme';
  if (!/^wss?:\/\//i.test(url)) fail(`url must start with ws:// or wss:// (got ${scheme})`);
  let hash = '';
  try {
    hash = new URL(url).hash;
  } catch {
    fail(`url is not a valid ${scheme}// URL`);
  }
  if (hash !== '') fail('url must not contain a #fragment');
}

/** false (never), a policy function, or backoff options; guarded against a misbehaving policy. */
function resolveReconnect(
  reconnect: ClientOptions['reconnect'] | undefined,
  logger: Logger,
): RetryPolicy {
  if (
    reconnect !== undefined &&
    reconnect !== false &&
    typeof reconnect !== 'function' &&
    !isPlainObject(reconnect)
  ) {
    failMustBe('reconnect', 'false, a policy function or backoff options', reconnect);
  }
  let policy: RetryPolicy;
  try {
    policy = toRetryPolicy(reconnect ?? {});
  } catch (error) {
    return fail(`reconnect: ${(error as Error).message}`);
  }
  return (attempt, elapsedMs, reason) => {
    let delay: unknown;
    try {
      delay = policy(attempt, elapsedMs, reason);
    } catch (error) {
      logger.error('the reconnect policy threw: giving up', { error: String(error) });
      return null;
    }
    if (delay === null) return null;
    if (typeof delay !== 'number' || Number.isNaN(delay)) {
      logger.error('the reconnect policy returned no delay: giving up', {
        got: describeValue(delay),
      });
      return null;
    }
    return Math.min(Math.max(0, delay), MAX_TIMER_MS);
  };
}

/** false, or `{ pingIntervalMs?, pongTimeoutMs?, idleTimeoutMs? }` with usable durations. */
function resolveKeepAlive(keepAlive: unknown): KeepAliveOptions | false {
  if (keepAlive === false) return false;
  const given =
    keepAlive === undefined
      ? {}
      : plainObject(keepAlive, 'keepAlive', 'false or { pingIntervalMs, pongTimeoutMs }');
  return resolveDurations(given, keepAliveDurations, 'keepAlive.', [
    'pingIntervalMs',
    'idleTimeoutMs',
  ]);
}

/** An injected WebSocket constructor, checked by shape like the transport does. */
function resolveWebSocket(WebSocket: unknown): WebSocketConstructor | undefined {
  if (WebSocket === undefined) return undefined;
  const candidate = WebSocket as Record<string, unknown> & {
    prototype?: Record<string, unknown>;
  };
  const shaped =
    typeof WebSocket === 'function' &&
    ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].every(
      (name) => typeof candidate[name] === 'number',
    ) &&
    typeof candidate.prototype?.send === 'function' &&
    typeof candidate.prototype?.close === 'function';
  if (!shaped) {
    fail(
      'WebSocket must be a WebSocket constructor (static CONNECTING/OPEN/CLOSING/CLOSED, prototype.send/close), e.g. the `ws` package or globalThis.WebSocket',
    );
  }
  return WebSocket as WebSocketConstructor;
}

/** The application's logger, wrapped so it redacts (and never sees the auth token). */
function resolveLogger(logger: unknown, authToken: string): Logger {
  if (logger === undefined) return silentLogger;
  if (!isLogger(logger))
    fail('logger must have debug, info, warn and error methods (console fits)');
  const secret = authToken.replace(/^\S+\s+/, '');
  return redactingLogger(logger, [authToken, secret]);
}

function plainObject(value: unknown, name: string, expected: string): Record<string, unknown> {
  if (!isPlainObject(value)) failMustBe(name, expected, value);
  return value;
}

function resolveHeartbeat(
  heartbeat: HeartbeatOptions | false | undefined,
  WebSocket: WebSocketConstructor | undefined,
): ResolvedHeartbeat | false {
  if (heartbeat === false) return false;
  if (heartbeat === undefined) return defaultHeartbeat(WebSocket);
  const given = plainObject(heartbeat, 'heartbeat', 'false or { intervalMs, timeoutMs }');
  return resolveDurations(given, HEARTBEAT_DEFAULTS, 'heartbeat.');
}

function resolveMedia(media: MediaChooser | undefined): MediaChooser {
  if (media === undefined) return defaultMedia;
  if (typeof media !== 'function') {
    fail('media must be a function (request) => { channel, uid, token? }');
  }
  return media;
}
