import type { KeyObject } from 'node:crypto';
import { EmulatorError } from '../errors';
import { type EmulatorLogger, silentLogger } from '../logger';
import { FAST_TELNYX_TIMING, REALISTIC_TELNYX_TIMING, type TelnyxTiming } from './timing';

/** API key the Telnyx emulator accepts as `Authorization: Bearer …` when none is configured. */
export const DEFAULT_TELNYX_API_KEY = 'KEY_CALLSTREAM_EMULATOR_DEV';

/** The Call Control Application (`connection_id`) the emulator serves when none is configured. */
export const DEFAULT_TELNYX_CONNECTION_ID = '1700000000000000001';

/** An Ed25519 key pair for signing webhooks, as `generateKeyPairSync('ed25519')` returns it. */
export interface TelnyxKeyPair {
  /** The public half; its raw 32 bytes, base64-encoded, become `TelnyxEmulator.publicKey`. */
  publicKey: KeyObject;
  /** The private half that signs; it never leaves the emulator's private state. */
  privateKey: KeyObject;
}

/** A rolling-window request limit. */
export interface TelnyxRateLimit {
  /** Requests allowed per second, on average over the window. */
  perSecond: number;
  /** Length of the rolling window in ms; at most `perSecond × windowMs / 1000` requests fit. */
  windowMs: number;
}

/** Options of {@link startTelnyxEmulator}. Every field is optional. */
export interface TelnyxEmulatorOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** The API key accepted as `Authorization: Bearer <apiKey>`. @default DEFAULT_TELNYX_API_KEY */
  apiKey?: string;
  /** The only `connection_id` (Call Control Application) served. @default DEFAULT_TELNYX_CONNECTION_ID */
  connectionId?: string;
  /**
   * The application's webhook URL (`webhook_event_url`); a dial or answer may name its own.
   * Without any URL, events are only logged (delivery outcome `no-url`). @default undefined
   */
  webhookUrl?: string;
  /**
   * Platform and remote-party delays: a preset, or single delays laid over the realistic one.
   * @default 'realistic'
   */
  timing?: 'realistic' | 'fast' | Partial<TelnyxTiming>;
  /**
   * The Ed25519 key pair that signs webhooks (from `generateKeyPairSync('ed25519')`).
   * @default a new key pair per emulator
   */
  keyPair?: TelnyxKeyPair;
  /** Where the emulator logs. @default silent */
  logger?: EmulatorLogger;
  /** Dial limit: 429 code 90103 beyond it. @default { perSecond: 30, windowMs: 5000 } */
  dialRateLimit?: TelnyxRateLimit;
  /** General API limit over every `/v2` request: 429 code 10011 beyond it; null = off. @default null */
  apiRateLimit?: TelnyxRateLimit | null;
  /** How long a `command_id` is remembered (same id → same result, no second effect). @default 60000 */
  commandIdWindowMs?: number;
  /** Most `command_id`s remembered at once (oldest forgotten first). @default 10000 */
  maxCommandIds?: number;
  /** Most live calls; a dial or inbound call beyond it is refused. @default 500 */
  maxCalls?: number;
  /** Ended calls remembered for 90018 and `GET /calls/{id}` (oldest forgotten first). @default 1000 */
  maxEndedCalls?: number;
  /** Largest request body; larger bodies get 413. @default 65536 */
  maxBodyBytes?: number;
  /** Longest `client_state` accepted, in characters of base64. @default 4096 */
  maxClientStateLength?: number;
  /** Delivery attempts per webhook (first try included) before giving up. @default 3 */
  webhookAttempts?: number;
  /** How long one delivery attempt may take before it counts as a timeout. @default 10000 */
  webhookTimeoutMs?: number;
  /** Most webhooks waiting for delivery; more are dropped (outcome `overflow`). @default 10000 */
  maxQueuedWebhooks?: number;
  /** Entries kept by `deliveries()` (oldest dropped first). @default 1000 */
  maxDeliveryLog?: number;
  /** Entries kept by `requests()` (oldest dropped first). @default 1000 */
  maxRequestLog?: number;
  /** How long a simulated inbound caller waits for answer/reject before giving up. @default 60000 */
  inboundRingTimeoutMs?: number;
  /** How long a reorder fault holds a webhook waiting for the call's next one. @default 1000 */
  reorderHoldMs?: number;
}

/** Options after defaults were applied (the key pair and the API key are kept elsewhere). */
export interface ResolvedTelnyxOptions {
  /** Interface the server listens on. */
  host: string;
  /** The port actually bound (after listening), or the requested one before. */
  port: number;
  /** The served `connection_id`. */
  connectionId: string;
  /** The application's webhook URL, if any. */
  webhookUrl: string | undefined;
  /** The resolved delays. */
  timing: Readonly<TelnyxTiming>;
  /** Dial limit. */
  dialRateLimit: Readonly<TelnyxRateLimit>;
  /** General API limit, or null when off. */
  apiRateLimit: Readonly<TelnyxRateLimit> | null;
  /** `command_id` memory. */
  commandIdWindowMs: number;
  /** `command_id` cap. */
  maxCommandIds: number;
  /** Live call cap. */
  maxCalls: number;
  /** Ended call memory cap. */
  maxEndedCalls: number;
  /** Request body cap. */
  maxBodyBytes: number;
  /** `client_state` length cap. */
  maxClientStateLength: number;
  /** Delivery attempts per webhook. */
  webhookAttempts: number;
  /** Per-attempt delivery timeout. */
  webhookTimeoutMs: number;
  /** Delivery queue cap. */
  maxQueuedWebhooks: number;
  /** Delivery log cap. */
  maxDeliveryLog: number;
  /** Request log cap. */
  maxRequestLog: number;
  /** Inbound caller patience. */
  inboundRingTimeoutMs: number;
  /** Reorder fault hold. */
  reorderHoldMs: number;
  /** The logger in use. */
  logger: EmulatorLogger;
}

function invalid(message: string): EmulatorError {
  return new EmulatorError('INVALID_OPTIONS', message);
}

function count(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalid(`${name} must be an integer >= ${min}`);
  }
  return value;
}

function text(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${name} must be a non-empty string`);
  }
  return value;
}

function rateLimit(name: string, value: TelnyxRateLimit): TelnyxRateLimit {
  if (typeof value !== 'object' || value === null) throw invalid(`${name} must be an object`);
  const perSecond = value.perSecond;
  if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond <= 0) {
    throw invalid(`${name}.perSecond must be a number > 0`);
  }
  return { perSecond, windowMs: count(`${name}.windowMs`, value.windowMs, 5000) };
}

/** Checks that `url` is an absolute http(s) URL; returns it unchanged. */
export function httpUrlOption(name: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`${name} must be an absolute http(s) URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid(`${name} must be an absolute http(s) URL`);
  }
  return url;
}

function resolveTiming(timing: TelnyxEmulatorOptions['timing']): TelnyxTiming {
  if (timing === undefined || timing === 'realistic') return { ...REALISTIC_TELNYX_TIMING };
  if (timing === 'fast') return { ...FAST_TELNYX_TIMING };
  if (typeof timing !== 'object' || timing === null) {
    throw invalid("timing must be 'realistic', 'fast' or an object");
  }
  const resolved: TelnyxTiming = { ...REALISTIC_TELNYX_TIMING };
  for (const key of Object.keys(REALISTIC_TELNYX_TIMING) as (keyof TelnyxTiming)[]) {
    const value = timing[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalid(`timing.${key} must be a finite number >= 0`);
    }
    resolved[key] = value;
  }
  return resolved;
}

/** Applies defaults and validates; throws {@link EmulatorError} `INVALID_OPTIONS`. */
export function resolveTelnyxOptions(options: TelnyxEmulatorOptions = {}): ResolvedTelnyxOptions {
  const port = count('port', options.port, 0, 0);
  if (port > 65535) throw invalid('port must be an integer from 0 to 65535');
  const webhookUrl =
    options.webhookUrl === undefined ? undefined : httpUrlOption('webhookUrl', options.webhookUrl);
  return {
    host: text('host', options.host, '127.0.0.1'),
    port,
    connectionId: text('connectionId', options.connectionId, DEFAULT_TELNYX_CONNECTION_ID),
    webhookUrl,
    timing: resolveTiming(options.timing),
    dialRateLimit: rateLimit(
      'dialRateLimit',
      options.dialRateLimit ?? { perSecond: 30, windowMs: 5000 },
    ),
    apiRateLimit:
      options.apiRateLimit === undefined || options.apiRateLimit === null
        ? null
        : rateLimit('apiRateLimit', options.apiRateLimit),
    commandIdWindowMs: count('commandIdWindowMs', options.commandIdWindowMs, 60000),
    maxCommandIds: count('maxCommandIds', options.maxCommandIds, 10000),
    maxCalls: count('maxCalls', options.maxCalls, 500),
    maxEndedCalls: count('maxEndedCalls', options.maxEndedCalls, 1000),
    maxBodyBytes: count('maxBodyBytes', options.maxBodyBytes, 65536, 64),
    maxClientStateLength: count('maxClientStateLength', options.maxClientStateLength, 4096, 4),
    webhookAttempts: count('webhookAttempts', options.webhookAttempts, 3),
    webhookTimeoutMs: count('webhookTimeoutMs', options.webhookTimeoutMs, 10000),
    maxQueuedWebhooks: count('maxQueuedWebhooks', options.maxQueuedWebhooks, 10000),
    maxDeliveryLog: count('maxDeliveryLog', options.maxDeliveryLog, 1000),
    maxRequestLog: count('maxRequestLog', options.maxRequestLog, 1000),
    inboundRingTimeoutMs: count('inboundRingTimeoutMs', options.inboundRingTimeoutMs, 60000),
    reorderHoldMs: count('reorderHoldMs', options.reorderHoldMs, 1000),
    logger: options.logger ?? silentLogger,
  };
}

/** The API key to accept, validated. */
export function resolveApiKey(apiKey: string | undefined): string {
  return text('apiKey', apiKey, DEFAULT_TELNYX_API_KEY);
}
