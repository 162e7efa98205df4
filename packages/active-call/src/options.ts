import type { Logger } from '@callstream/core';
import { silentLogger } from '@callstream/core';
import { redactingLogger, requireTimeout } from '@callstream/core/engine';
import type { KeepAliveOptions } from '@callstream/transport';
import type { WebSocketConstructor } from '@callstream/ws';
import { acError } from './codes';
import { callOptionSchema } from './protocol/optionSchemas';
import type { CallOption } from './protocol/options';
import { encodeObject } from './protocol/schema';
import { CALL_TYPES, type CallType, DEFAULT_SERVER_SIDE_TRACK } from './protocol/url';

/** Options of {@link createActiveCallClient}. */
export interface ActiveCallClientOptions {
  /**
   * The server's WebSocket base, e.g. `ws://127.0.0.1:8080` or `wss://pbx.example/active`:
   * sessions open `<endpoint>/call/sip`, `<endpoint>/call/webrtc` or `<endpoint>/call`.
   */
  endpoint: string;
  /** WebSocket constructor to use instead of the runtime's (see `@callstream/ws`). */
  WebSocket?: WebSocketConstructor;
  /** Where the client logs; silent by default. Credentials in frames are redacted. */
  logger?: Logger;
  /** Media transport of `dial()` when the dial names none. @default 'sip' */
  callType?: CallType;
  /**
   * Call options every `invite` and `accept` starts from (ASR, TTS, VAD, SIP credentials…);
   * a dial's or accept's own `option` is laid over it, nested objects field by field.
   * @default {}
   */
  callOption?: CallOption;
  /**
   * Domain that makes a dialled phone number a SIP URI: `to: '+15551234567'` becomes
   * `sip:+15551234567@<sipDomain>`. Without it, numbers are sent as they are (the emulator
   * takes them; a real server needs a URI). @default undefined
   */
  sipDomain?: string;
  /** How long `dial()` waits for the answer (a phone may ring long). @default 120000 */
  dialTimeoutMs?: number;
  /** How long `accept()` waits for the answer and `hangup()` for the session's end. @default 30000 */
  commandTimeoutMs?: number;
  /**
   * How long an inbound offer can be accepted after its webhook arrived: the server's
   * `accept_timeout` (50 s by default), counted by the server from the INVITE, so keep a margin.
   * @default 50000
   */
  acceptTimeoutMs?: number;
  /** Limit for opening a session's socket. @default 10000 */
  openTimeoutMs?: number;
  /**
   * Liveness of each session's socket (Node sends WebSocket pings; the server pings every
   * `pingSeconds` too). `false` turns it off. @default \{ pingIntervalMs: 5000, pongTimeoutMs: 10000 \}
   */
  keepAlive?: KeepAliveOptions | false;
  /** The server's ping interval (query `ping`), seconds, 0 = none. @default the server's (20) */
  pingSeconds?: number;
  /** Whether the server writes a dump file of each session (query `dump`). @default the server's (true) */
  dump?: boolean;
  /** Id of the server-side playback track (query `serverSideTrack`). @default 'server-side-track' */
  serverSideTrack?: string;
  /** Most calls (sessions and offers) at once; beyond, dials and webhooks are refused. @default 1000 */
  maxCalls?: number;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  readonly endpoint: string;
  /** The endpoint without credentials or query, for messages. */
  readonly safeEndpoint: string;
  readonly WebSocket: WebSocketConstructor | undefined;
  readonly logger: Logger;
  readonly callType: CallType;
  readonly callOption: CallOption;
  readonly sipDomain: string | undefined;
  readonly dialTimeoutMs: number;
  readonly commandTimeoutMs: number;
  readonly acceptTimeoutMs: number;
  readonly openTimeoutMs: number;
  readonly keepAlive: KeepAliveOptions | false;
  readonly pingSeconds: number | undefined;
  readonly dump: boolean | undefined;
  readonly serverSideTrack: string;
  readonly maxCalls: number;
}

/** A host name or IP literal, optionally with a port. */
const SIP_DOMAIN = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

function fail(message: string, cause?: unknown): never {
  throw acError(
    'invalid-options',
    `createActiveCallClient: ${message}`,
    cause === undefined ? {} : { cause },
  );
}

function timeout(value: number | undefined, name: string, fallback: number, infinite = false) {
  if (value === undefined) return fallback;
  try {
    return requireTimeout(value, name, infinite);
  } catch (error) {
    return fail((error as Error).message);
  }
}

function checkEndpoint(value: unknown): { endpoint: string; safeEndpoint: string } {
  if (typeof value !== 'string' || value.trim() === '') {
    fail('endpoint is required: the server\'s WebSocket base, e.g. "ws://127.0.0.1:8080"');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('endpoint is not an absolute URL (e.g. "ws://127.0.0.1:8080")');
  }
  // Only the scheme and host are echoed: the rest of a URL may carry credentials.
  const safeEndpoint = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    fail(`endpoint must use ws: or wss: (got ${url.protocol})`);
  }
  if (url.search !== '' || url.hash !== '') {
    fail('endpoint must not have a query or #fragment: the client adds the session query');
  }
  if (url.username !== '' || url.password !== '') {
    fail('endpoint must not carry user:password (browsers refuse it)');
  }
  if (/\/call(\/(sip|webrtc)?)?\/?$/.test(url.pathname)) {
    fail(`endpoint is the server's base, without /call… (got ${safeEndpoint})`);
  }
  return { endpoint: url.href.replace(/\/+$/, ''), safeEndpoint };
}

function checkCallOption(value: unknown): CallOption {
  if (value === undefined) return {};
  try {
    encodeObject(callOptionSchema, value, 'callOption');
  } catch (error) {
    return fail((error as Error).message);
  }
  return value as CallOption;
}

/** Validates options and applies defaults; throws `invalid-options` naming the bad one. */
export function resolveOptions(options: ActiveCallClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('an options object is required');
  const { endpoint, safeEndpoint } = checkEndpoint(options.endpoint);
  const callType = options.callType ?? 'sip';
  if (!CALL_TYPES.includes(callType)) {
    fail(`callType must be ${CALL_TYPES.join(', ')} (got ${JSON.stringify(String(callType))})`);
  }
  const { sipDomain, serverSideTrack, pingSeconds, dump, maxCalls, logger } = options;
  if (sipDomain !== undefined && (typeof sipDomain !== 'string' || !SIP_DOMAIN.test(sipDomain))) {
    fail('sipDomain must be a host name such as "pbx.example" (no scheme, user or path)');
  }
  if (
    serverSideTrack !== undefined &&
    (typeof serverSideTrack !== 'string' || serverSideTrack === '')
  ) {
    fail('serverSideTrack must be a non-empty string');
  }
  if (
    pingSeconds !== undefined &&
    (typeof pingSeconds !== 'number' ||
      !Number.isInteger(pingSeconds) ||
      pingSeconds < 0 ||
      pingSeconds > 4_294_967_295)
  ) {
    fail(`pingSeconds must be a whole number of seconds >= 0 (got ${String(pingSeconds)})`);
  }
  if (dump !== undefined && typeof dump !== 'boolean') fail('dump must be true or false');
  if (
    maxCalls !== undefined &&
    (typeof maxCalls !== 'number' || !Number.isInteger(maxCalls) || maxCalls < 1)
  ) {
    fail(`maxCalls must be a whole number >= 1 (got ${String(maxCalls)})`);
  }
  if (
    logger !== undefined &&
    (typeof logger !== 'object' || logger === null || typeof logger.debug !== 'function')
  ) {
    fail('logger must have debug, info, warn and error methods (console fits)');
  }
  const keepAlive = options.keepAlive ?? { pingIntervalMs: 5_000, pongTimeoutMs: 10_000 };
  if (keepAlive !== false && (typeof keepAlive !== 'object' || keepAlive === null)) {
    fail('keepAlive must be an object or false');
  }
  if (options.WebSocket !== undefined && typeof options.WebSocket !== 'function') {
    fail('WebSocket must be a WebSocket constructor');
  }
  return {
    endpoint,
    safeEndpoint,
    WebSocket: options.WebSocket,
    logger: redactingLogger(logger ?? silentLogger),
    callType,
    callOption: checkCallOption(options.callOption),
    sipDomain,
    dialTimeoutMs: timeout(options.dialTimeoutMs, 'dialTimeoutMs', 120_000, true),
    commandTimeoutMs: timeout(options.commandTimeoutMs, 'commandTimeoutMs', 30_000, true),
    acceptTimeoutMs: timeout(options.acceptTimeoutMs, 'acceptTimeoutMs', 50_000),
    openTimeoutMs: timeout(options.openTimeoutMs, 'openTimeoutMs', 10_000),
    keepAlive,
    pingSeconds,
    dump,
    serverSideTrack: serverSideTrack ?? DEFAULT_SERVER_SIDE_TRACK,
    maxCalls: maxCalls ?? 1000,
  };
}

/**
 * `base` with `over` laid on it: top-level fields replaced, nested option objects (`asr`,
 * `tts`, `sip`…) merged field by field.
 */
export function mergeCallOption(base: CallOption, over: CallOption): CallOption {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const existing = merged[key];
    const nested =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof existing === 'object' &&
      existing !== null &&
      !Array.isArray(existing);
    merged[key] = nested ? { ...existing, ...value } : value;
  }
  return merged as CallOption;
}
