import type { KeyObject } from 'node:crypto';
import { ConfigurationError, type Logger } from '@callstream/core';
import {
  isPlainObject,
  MAX_TIMER_MS,
  redactingLogger,
  requireTimeout,
} from '@callstream/core/engine';
import type Telnyx from 'telnyx';
import type { DialRateLimit, DialRateSettings } from './rest/dialLimiter';
import type { RetryOptions, RetrySettings } from './rest/runner';
import { importPublicKey } from './webhook/verify';

/** Where the client's own webhook server listens (see {@link TelnyxWebhookOptions.listen}). */
export interface WebhookListenOptions {
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one (read it from `client.webhookAddress`). @default 0 */
  port?: number;
  /** The path webhooks are POSTed to; other paths get 404. @default '/telnyx/webhooks' */
  path?: string;
}

/** How webhooks reach the client. */
export interface TelnyxWebhookOptions {
  /**
   * The public URL Telnyx delivers this client's webhooks to. When set it is sent as
   * `webhook_url` with every dial, answer and transfer, so those legs' events come here whatever
   * the application's URL is. @default none: the Call Control Application's URL is used
   */
  url?: string;
  /**
   * Start a Node `http` server on `connect()` (closed by `close()`) that feeds webhooks to the
   * client. Without it, mount `client.webhookHandler` / `client.handleWebhook` in your own
   * server. @default none
   */
  listen?: WebhookListenOptions;
  /** Largest accepted `telnyx-timestamp` distance from local time, in seconds. @default 300 */
  toleranceSec?: number;
  /** Largest accepted body; larger ones get 413. @default 262144 (256 KiB) */
  maxBodyBytes?: number;
}

/** When the client asks Telnyx whether a call it lost track of still exists. */
export interface ReconcileOptions {
  /** A call silent this long is checked with `GET /calls/{id}`. @default 60000 */
  intervalMs?: number;
  /** How long after a hangup, a reject or a failed command the call is checked if it is still tracked. @default 5000 */
  graceMs?: number;
}

/** Options of {@link createTelnyxClient}. */
export interface TelnyxClientOptions {
  /**
   * The Telnyx API key (`KEY…`). Handed to the `telnyx` SDK and kept nowhere else: never logged,
   * never in errors, events or `util.inspect(client)`. Required unless `telnyx` is given.
   */
  apiKey?: string;
  /** The Call Control Application (`connection_id`) that places and receives the calls. */
  connectionId: string;
  /** The account's webhook public key: base64 of the raw 32-byte Ed25519 key (Mission Control). */
  publicKey: string;
  /**
   * The REST API base; `undefined` means Telnyx's own, so `process.env.TELNYX_BASE_URL` can be
   * passed as it is. @default 'https://api.telnyx.com/v2'
   */
  baseURL?: string | undefined;
  /**
   * An official `telnyx` SDK instance to send requests with instead of the one the client
   * builds from `apiKey` and `baseURL` (give one or the other). Its own retries are turned off
   * per request: the client retries itself, with the same `command_id`.
   */
  telnyx?: Telnyx;
  /** How webhooks reach the client. @default mount `client.webhookHandler` yourself */
  webhook?: TelnyxWebhookOptions;
  /** Default limit of every command, retries included (1 ms to 2^31-1 ms, or Infinity). @default 30000 */
  commandTimeoutMs?: number;
  /** Limit of one HTTP attempt. @default 15000 */
  requestTimeoutMs?: number;
  /** Retries of network errors, 408, 429 and 5xx, with the same `command_id`; `false`: none. @default \{ attempts: 3, initialDelayMs: 250, maxDelayMs: 4000 \} */
  retry?: RetryOptions | false;
  /** Client-side dial limiter; `false` turns it off. @default \{ perSecond: 30, windowMs: 5000, maxQueued: 1000 \} */
  dialRateLimit?: DialRateLimit | false;
  /** How long an inbound call can be claimed before it expires locally. @default 30000 */
  incomingTimeoutMs?: number;
  /** Reject (`CALL_REJECTED`) an offer that expired unclaimed, so the caller is not left parked. @default true */
  rejectExpiredOffers?: boolean;
  /** Status checks of calls whose webhooks may have been lost; `false` turns them off. @default \{ intervalMs: 60000, graceMs: 5000 \} */
  reconcile?: ReconcileOptions | false;
  /** Where the client logs; silent by default. */
  logger?: Logger;
}

/** Options with defaults applied; the API key is not in here (it lives in the SDK instance only). */
export interface ResolvedTelnyxOptions {
  readonly connectionId: string;
  readonly baseURL: string | undefined;
  readonly webhookUrl: string | undefined;
  readonly listen: Required<WebhookListenOptions> | undefined;
  readonly toleranceSec: number;
  readonly maxBodyBytes: number;
  readonly commandTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly retry: RetrySettings;
  readonly dialRateLimit: DialRateSettings | undefined;
  readonly incomingTimeoutMs: number;
  readonly rejectExpiredOffers: boolean;
  readonly reconcile: Required<ReconcileOptions> | undefined;
  readonly logger: Logger;
}

const KNOWN = new Set([
  'apiKey',
  'connectionId',
  'publicKey',
  'baseURL',
  'telnyx',
  'webhook',
  'commandTimeoutMs',
  'requestTimeoutMs',
  'retry',
  'dialRateLimit',
  'incomingTimeoutMs',
  'rejectExpiredOffers',
  'reconcile',
  'logger',
]);

function fail(message: string): never {
  throw new ConfigurationError('invalid-options', `createTelnyxClient: ${message}`);
}

function object(value: unknown, name: string, keys: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(value)) {
    fail(`${name} must be an object`);
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) fail(`${name} has an unknown option ${JSON.stringify(key)}`);
  }
  return value as Record<string, unknown>;
}

function text(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '')
    fail(`${name} is required (a non-empty string)`);
  if (value.length > max) fail(`${name} is longer than ${max} characters`);
  return value;
}

function integer(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${name} must be an integer from ${min} to ${max} (got ${String(value)})`);
  }
  return value;
}

function timeout(value: unknown, name: string, fallback: number, infinite = false): number {
  if (value === undefined) return fallback;
  try {
    return requireTimeout(value, name, infinite);
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** An http(s) URL; only its scheme is echoed in errors (the rest may carry credentials). */
function httpUrl(value: unknown, name: string): string {
  const raw = text(value, name, 2048);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${name} must be an http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(`${name} must be an http:// or https:// URL (got ${url.protocol})`);
  }
  return raw;
}

/** Whether `host` (a URL's hostname) is this machine. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

function resolveRetry(value: unknown): RetrySettings {
  if (value === false) return { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 };
  const retry = object(value ?? {}, 'retry', ['attempts', 'initialDelayMs', 'maxDelayMs']);
  return {
    attempts: integer(retry.attempts, 'retry.attempts', 1, 10, 3),
    initialDelayMs: integer(retry.initialDelayMs, 'retry.initialDelayMs', 0, 60_000, 250),
    maxDelayMs: integer(retry.maxDelayMs, 'retry.maxDelayMs', 0, 60_000, 4_000),
  };
}

function resolveDialRate(value: unknown): DialRateSettings | undefined {
  if (value === false) return undefined;
  const rate = object(value ?? {}, 'dialRateLimit', ['perSecond', 'windowMs', 'maxQueued']);
  return {
    perSecond: integer(rate.perSecond, 'dialRateLimit.perSecond', 1, 10_000, 30),
    windowMs: integer(rate.windowMs, 'dialRateLimit.windowMs', 100, 60_000, 5_000),
    maxQueued: integer(rate.maxQueued, 'dialRateLimit.maxQueued', 0, 100_000, 1_000),
  };
}

function resolveReconcile(value: unknown): Required<ReconcileOptions> | undefined {
  if (value === false) return undefined;
  const reconcile = object(value ?? {}, 'reconcile', ['intervalMs', 'graceMs']);
  return {
    intervalMs: integer(reconcile.intervalMs, 'reconcile.intervalMs', 10, MAX_TIMER_MS, 60_000),
    graceMs: integer(reconcile.graceMs, 'reconcile.graceMs', 1, MAX_TIMER_MS, 5_000),
  };
}

function resolveListen(value: unknown): Required<WebhookListenOptions> | undefined {
  if (value === undefined) return undefined;
  const listen = object(value, 'webhook.listen', ['host', 'port', 'path']);
  const path =
    listen.path === undefined ? '/telnyx/webhooks' : text(listen.path, 'webhook.listen.path', 256);
  if (!path.startsWith('/')) fail('webhook.listen.path must start with /');
  return {
    host: listen.host === undefined ? '127.0.0.1' : text(listen.host, 'webhook.listen.host', 256),
    port: integer(listen.port, 'webhook.listen.port', 0, 65_535, 0),
    path,
  };
}

function resolveLogger(value: unknown): Logger | undefined {
  if (value === undefined) return undefined;
  const logger = value as Record<string, unknown> | null;
  const methods = ['debug', 'info', 'warn', 'error'];
  if (
    typeof logger !== 'object' ||
    logger === null ||
    methods.some((m) => typeof logger[m] !== 'function')
  ) {
    fail('logger must have debug, info, warn and error functions');
  }
  return value as Logger;
}

/** What resolving the options gives besides the settings: the secrets, kept apart. */
export interface ResolvedSecrets {
  /** The API key, when the client builds the SDK instance itself. */
  readonly apiKey: string | undefined;
  /** The injected SDK instance, when given. */
  readonly telnyx: Telnyx | undefined;
  /** The imported webhook verification key. */
  readonly publicKey: KeyObject;
}

/**
 * Validates every option (a `ConfigurationError` `invalid-options` naming the bad one, before
 * anything happens) and applies the defaults. The API key is returned apart from the settings.
 */
export function resolveTelnyxOptions(options: TelnyxClientOptions): {
  settings: ResolvedTelnyxOptions;
  secrets: ResolvedSecrets;
} {
  const given = object(options, 'options', [...KNOWN]);
  const injected = given.telnyx;
  if (injected !== undefined) {
    if (
      typeof injected !== 'object' ||
      injected === null ||
      typeof (injected as { calls?: unknown }).calls !== 'object'
    ) {
      fail('telnyx must be an instance of the official telnyx SDK');
    }
    if (given.apiKey !== undefined || given.baseURL !== undefined) {
      fail('give either apiKey (and baseURL) or an injected telnyx instance, not both');
    }
  }
  const apiKey = injected === undefined ? text(given.apiKey, 'apiKey', 1024) : undefined;
  if (apiKey !== undefined && !/^[\x21-\x7e]+$/.test(apiKey)) {
    fail('apiKey must be printable ASCII without spaces');
  }
  let publicKey: KeyObject;
  try {
    publicKey = importPublicKey(text(given.publicKey, 'publicKey', 1024));
  } catch (error) {
    return fail((error as Error).message);
  }
  const webhook = object(given.webhook ?? {}, 'webhook', [
    'url',
    'listen',
    'toleranceSec',
    'maxBodyBytes',
  ]);
  if (given.rejectExpiredOffers !== undefined && typeof given.rejectExpiredOffers !== 'boolean') {
    fail('rejectExpiredOffers must be true or false');
  }
  const logger = resolveLogger(given.logger);
  const settings: ResolvedTelnyxOptions = {
    connectionId: text(given.connectionId, 'connectionId', 256),
    baseURL: given.baseURL === undefined ? undefined : httpUrl(given.baseURL, 'baseURL'),
    webhookUrl: webhook.url === undefined ? undefined : httpUrl(webhook.url, 'webhook.url'),
    listen: resolveListen(webhook.listen),
    toleranceSec: integer(webhook.toleranceSec, 'webhook.toleranceSec', 1, 3_600, 300),
    maxBodyBytes: integer(
      webhook.maxBodyBytes,
      'webhook.maxBodyBytes',
      1_024,
      10 * 1024 * 1024,
      256 * 1024,
    ),
    commandTimeoutMs: timeout(given.commandTimeoutMs, 'commandTimeoutMs', 30_000, true),
    requestTimeoutMs: timeout(given.requestTimeoutMs, 'requestTimeoutMs', 15_000),
    retry: resolveRetry(given.retry),
    dialRateLimit: resolveDialRate(given.dialRateLimit),
    incomingTimeoutMs: timeout(given.incomingTimeoutMs, 'incomingTimeoutMs', 30_000),
    rejectExpiredOffers: (given.rejectExpiredOffers as boolean | undefined) ?? true,
    reconcile: resolveReconcile(given.reconcile),
    logger: redactingLogger(logger ?? { debug() {}, info() {}, warn() {}, error() {} }),
  };
  return { settings, secrets: { apiKey, telnyx: injected as Telnyx | undefined, publicKey } };
}
