import { WebSocket as DefaultWebSocket, type WebSocketConstructor } from '@callstream/ws';
import { TransportError } from './errors';
import type { SocketState } from './types';

/** Liveness detection. Any inbound frame (data, ping or pong) proves the peer is alive. */
export interface KeepAliveOptions {
  /**
   * Send a WebSocket ping frame this often. Only where the socket can ping (the Node `ws`
   * package); browsers cannot send pings and rely on `idleTimeoutMs`.
   * @default 5000
   */
  pingIntervalMs?: number;
  /**
   * Terminate the socket when nothing at all (pong, ping or any frame) arrived for this long
   * after a ping was sent: at the latest `pingIntervalMs + pongTimeoutMs` after the last
   * inbound frame.
   * @default 10000
   */
  pongTimeoutMs?: number;
  /**
   * In every runtime: terminate the socket when no inbound data frame (or, in Node, ping/pong)
   * arrived for this long. Browsers never see WebSocket pings, so there it only helps when the
   * server sends regular data frames.
   * @default undefined (off)
   */
  idleTimeoutMs?: number;
}

/** What `send()` does when the socket cannot keep up. Nothing is ever dropped silently. */
export interface BackpressureOptions {
  /**
   * Bytes of `bufferedAmount` above which `send()` stops writing to the socket.
   * @default 1048576 (1 MiB)
   */
  highWaterMark?: number;
  /**
   * `queue`: keep frames in order in a bounded queue and flush them as the buffer drains.
   * `reject`: throw `TransportError('backpressure')` at once.
   * @default 'queue'
   */
  strategy?: 'queue' | 'reject';
  /**
   * Most frames the queue holds; one more makes `send()` throw `backpressure`.
   * @default 1000
   */
  maxQueuedFrames?: number;
  /**
   * How often a non-empty queue checks whether the buffer drained (WebSocket has no drain event).
   * @default 10
   */
  pollIntervalMs?: number;
}

/** Options of `openSocket`. */
export interface SocketOptions {
  /** `ws://` or `wss://` URL of the server. */
  url: string | URL;
  /**
   * WebSocket constructor to use instead of the runtime's (from `@callstream/ws`). Checked
   * structurally: static `CONNECTING`/`OPEN`/`CLOSING`/`CLOSED` and `prototype.send`/`close`.
   * @default the `WebSocket` export of `@callstream/ws`
   */
  WebSocket?: WebSocketConstructor;
  /** WebSocket subprotocols to offer. @default undefined (none) */
  protocols?: string | string[];
  /**
   * Fail with `connect-timeout` when the socket is not open after this long; `Infinity` waits
   * for ever.
   * @default 10000
   */
  openTimeoutMs?: number;
  /** Liveness detection, or `false` to switch every keep-alive timer off. @default {} */
  keepAlive?: KeepAliveOptions | false;
  /** Backpressure handling of `send()`. @default {} */
  backpressure?: BackpressureOptions;
  /** Called on every real transition of this socket. @default undefined */
  onState?: (state: SocketState) => void;
}

/** Keep-alive settings after defaults; `undefined` means off. */
export interface ResolvedKeepAlive {
  pingIntervalMs: number | undefined;
  pongTimeoutMs: number;
  idleTimeoutMs: number | undefined;
}

/** Backpressure settings after defaults. */
export type ResolvedBackpressure = Required<BackpressureOptions>;

/** {@link SocketOptions} checked and completed with defaults. */
export interface ResolvedSocketOptions {
  url: string;
  /** The URL without credentials or query string: safe to show in states and errors. */
  safeUrl: string;
  WebSocket: WebSocketConstructor;
  protocols: string | string[] | undefined;
  openTimeoutMs: number | undefined;
  keepAlive: ResolvedKeepAlive;
  backpressure: ResolvedBackpressure;
  onState: ((state: SocketState) => void) | undefined;
}

/** setTimeout fires at once for delays above this, so longer ones are refused. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Checks every option of `openSocket`, then fills in the defaults; throws `TransportError('invalid-options')`. */
export function resolveSocketOptions(options: SocketOptions): ResolvedSocketOptions {
  checkSocketOptions(options);
  return withDefaults(options);
}

/** Throws `TransportError('invalid-options')` for the first option `openSocket` cannot use. */
function checkSocketOptions(options: SocketOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw invalid('openSocket needs an options object such as { url: "ws://host/path" }.');
  }
  checkUrl(options.url);
  const keepAlive = options.keepAlive ?? {};
  const backpressure = options.backpressure ?? {};
  const strategy = backpressure.strategy ?? 'queue';
  if (strategy !== 'queue' && strategy !== 'reject') {
    throw invalid(`backpressure.strategy must be 'queue' or 'reject' (got ${String(strategy)}).`);
  }
  checkWebSocketConstructor(options.WebSocket ?? DefaultWebSocket, options.WebSocket !== undefined);
  duration('openTimeoutMs', options.openTimeoutMs ?? 10_000, true);
  if (keepAlive !== false) {
    duration('keepAlive.pingIntervalMs', keepAlive.pingIntervalMs ?? 5_000, true);
    duration('keepAlive.pongTimeoutMs', keepAlive.pongTimeoutMs ?? 10_000, false);
    if (keepAlive.idleTimeoutMs !== undefined) {
      duration('keepAlive.idleTimeoutMs', keepAlive.idleTimeoutMs, true);
    }
  }
  count('backpressure.highWaterMark', backpressure.highWaterMark ?? 1024 * 1024);
  count('backpressure.maxQueuedFrames', backpressure.maxQueuedFrames ?? 1000);
  duration('backpressure.pollIntervalMs', backpressure.pollIntervalMs ?? 10, false);
}

/**
 * The options with every default filled in, without checking them: for options that are known
 * to be valid (see `openSocketUnchecked`). `Infinity` switches a timer off (`undefined`).
 */
export function withDefaults(options: SocketOptions): ResolvedSocketOptions {
  const parsed = new URL(String(options.url));
  const keepAlive = options.keepAlive ?? {};
  const backpressure = options.backpressure ?? {};
  return {
    url: parsed.href,
    safeUrl: redactUrl(parsed),
    WebSocket: options.WebSocket ?? DefaultWebSocket,
    protocols: options.protocols,
    openTimeoutMs: finite(options.openTimeoutMs ?? 10_000),
    keepAlive:
      keepAlive === false
        ? { pingIntervalMs: undefined, pongTimeoutMs: MAX_TIMER_MS, idleTimeoutMs: undefined }
        : {
            pingIntervalMs: finite(keepAlive.pingIntervalMs ?? 5_000),
            pongTimeoutMs: keepAlive.pongTimeoutMs ?? 10_000,
            idleTimeoutMs: finite(keepAlive.idleTimeoutMs),
          },
    backpressure: {
      highWaterMark: backpressure.highWaterMark ?? 1024 * 1024,
      strategy: backpressure.strategy ?? 'queue',
      maxQueuedFrames: backpressure.maxQueuedFrames ?? 1000,
      pollIntervalMs: backpressure.pollIntervalMs ?? 10,
    },
    onState: options.onState,
  };
}

/** A duration, or `undefined` (off) for `Infinity` or no value. */
function finite(ms: number | undefined): number | undefined {
  return ms === Number.POSITIVE_INFINITY ? undefined : ms;
}

/**
 * Structural check of a WebSocket constructor, with a message that says what is missing and
 * what to pass instead.
 */
export function checkWebSocketConstructor(value: unknown, injected: boolean): WebSocketConstructor {
  const fix =
    'Pass a WHATWG-compatible WebSocket constructor: the default export of the `ws` package in Node, ' +
    'globalThis.WebSocket in browsers, or leave the option out to use @callstream/ws.';
  if (typeof value !== 'function') {
    throw invalid(
      injected
        ? `options.WebSocket is not a constructor (got ${describe(value)}). ${fix}`
        : `This runtime has no WebSocket implementation. ${fix}`,
    );
  }
  const candidate = value as unknown as Record<string, unknown> & {
    prototype?: Record<string, unknown>;
  };
  const missing: string[] = [];
  for (const name of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) {
    if (typeof candidate[name] !== 'number') missing.push(`static ${name}`);
  }
  for (const name of ['send', 'close']) {
    if (typeof candidate.prototype?.[name] !== 'function') missing.push(`prototype.${name}()`);
  }
  if (missing.length > 0) {
    throw invalid(
      `options.WebSocket (${describe(value)}) does not look like a WebSocket constructor: missing ${missing.join(', ')}. ${fix}`,
    );
  }
  return value as WebSocketConstructor;
}

/** The URL without user info and query, so tokens carried there never reach logs. */
export function redactUrl(url: URL): string {
  const query = url.search === '' ? '' : '?…';
  return `${url.protocol}//${url.host}${url.pathname}${query}`;
}

function checkUrl(value: unknown): void {
  if (typeof value !== 'string' && !(value instanceof URL)) {
    throw invalid(
      `url must be a string or URL such as "ws://127.0.0.1:8080/v1/ws/events" (got ${describe(value)}).`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(String(value));
  } catch (cause) {
    throw new TransportError(
      'invalid-options',
      'url is not an absolute URL; use "ws://host:port/path" or "wss://…".',
      {
        cause,
      },
    );
  }
  const safeUrl = redactUrl(parsed);
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw invalid(`url must use ws: or wss: (got ${parsed.protocol} in ${safeUrl}).`);
  }
  if (parsed.hash !== '') throw invalid(`url must not contain a #fragment (${safeUrl}).`);
}

/** A timer duration: positive and finite, or `Infinity` (= off) when allowed. */
function duration(name: string, value: number, allowInfinity: boolean): void {
  if (allowInfinity && value === Number.POSITIVE_INFINITY) return;
  if (typeof value !== 'number' || !(value > 0) || value > MAX_TIMER_MS) {
    const range = `a number of milliseconds between 1 and ${MAX_TIMER_MS}${allowInfinity ? ', or Infinity to switch it off' : ''}`;
    throw invalid(`${name} must be ${range} (got ${String(value)}).`);
  }
}

function count(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalid(`${name} must be a whole number >= 0 (got ${String(value)}).`);
  }
}

function invalid(message: string): TransportError {
  return new TransportError('invalid-options', message);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function')
    return value.name ? `function ${value.name}` : 'an anonymous function';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return typeof value;
}
