import type {
  ExponentialBackoffOptions,
  KeepAliveOptions,
  RetryPolicy,
} from '@callstream/transport';
import type { WebSocketConstructor } from '@callstream/ws';
import { WebSocket as DefaultWebSocket } from '@callstream/ws';
import { ConfigurationError } from '../errors';
import { type Logger, redactingLogger, silentLogger } from '../logger';
import { requireNumberList, requireTimeout } from '../validation';
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
  readonly reconnect: RetryPolicy | ExponentialBackoffOptions | false;
  readonly stableAfterMs: number;
  readonly commandTimeoutMs: number;
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

/** Validates options and applies defaults; throws a `ConfigurationError` naming the bad option. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options object is required');
  const url = text(options.url, 'url');
  if (!/^wss?:\/\//i.test(url)) {
    // Only the scheme is echoed: the rest of a URL may carry credentials.
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'no scheme';
    fail(`url must start with ws:// or wss:// (got ${scheme})`);
  }
  const subscribeNumbers = configured(() =>
    requireNumberList(options.subscribeNumbers ?? [], 'subscribeNumbers'),
  );
  return {
    url,
    authToken: text(options.authToken, 'authToken'),
    clientId: text(options.clientId, 'clientId'),
    appId: text(options.appId, 'appId'),
    subscribeNumbers,
    reconnect: options.reconnect ?? {},
    stableAfterMs: positive(options.stableAfterMs, 'stableAfterMs', 10_000),
    commandTimeoutMs: positive(options.commandTimeoutMs, 'commandTimeoutMs', 30_000, true),
    connectTimeoutMs: positive(options.connectTimeoutMs, 'connectTimeoutMs', 10_000),
    keepAlive: options.keepAlive ?? { pingIntervalMs: 5_000, pongTimeoutMs: 10_000 },
    heartbeat: resolveHeartbeat(options.heartbeat, options.WebSocket ?? DefaultWebSocket),
    incomingTimeoutMs: positive(options.incomingTimeoutMs, 'incomingTimeoutMs', 15_000),
    staleCallTimeoutMs: positive(options.staleCallTimeoutMs, 'staleCallTimeoutMs', 60_000),
    media: resolveMedia(options.media),
    WebSocket: options.WebSocket,
    logger: redactingLogger(options.logger ?? silentLogger),
  };
}

function resolveHeartbeat(
  heartbeat: HeartbeatOptions | false | undefined,
  WebSocket: WebSocketConstructor | undefined,
): ResolvedHeartbeat | false {
  if (heartbeat === false) return false;
  if (heartbeat === undefined) return defaultHeartbeat(WebSocket);
  return {
    intervalMs: positive(
      heartbeat.intervalMs,
      'heartbeat.intervalMs',
      HEARTBEAT_DEFAULTS.intervalMs,
    ),
    timeoutMs: positive(heartbeat.timeoutMs, 'heartbeat.timeoutMs', HEARTBEAT_DEFAULTS.timeoutMs),
  };
}

function resolveMedia(media: MediaChooser | undefined): MediaChooser {
  if (media === undefined) return defaultMedia;
  if (typeof media !== 'function')
    fail('media must be a function (request) => { channel, uid, token? }');
  return media;
}
