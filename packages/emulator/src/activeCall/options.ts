import { EmulatorError } from '../errors';
import { type EmulatorLogger, silentLogger } from '../logger';
import { AC_FAST_TIMING, AC_REALISTIC_TIMING, type ActiveCallTiming } from './timing';

/** One entry of `GET /iceservers` (the WebRTC `RTCIceServer` shape). */
export interface IceServer {
  /** STUN/TURN URLs. */
  urls: string[];
  /** TURN user name. */
  username?: string;
  /** TURN credential. */
  credential?: string;
}

/** Options of {@link startActiveCallEmulator}. Every field is optional. */
export interface ActiveCallEmulatorOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /**
   * Where inbound calls are announced (the server's `[handler] url`): `simulateInbound` POSTs
   * the webhook here unless the call gives its own URL. @default none
   */
  webhookUrl?: string;
  /**
   * Server and remote-party delays: a preset, or single delays laid over the realistic preset.
   * @default 'realistic'
   */
  timing?: 'realistic' | 'fast' | Partial<ActiveCallTiming>;
  /** How long an inbound call stays pending for `accept` (the server's `accept_timeout`). @default 50000 */
  acceptTimeoutMs?: number;
  /**
   * Emit a `hangup` event at the end of WebRTC and `/call` sessions too. The real server sends
   * one on SIP sessions only; many clients wait for it. @default false
   */
  hangupForAllTypes?: boolean;
  /**
   * Let simulated user speech produce VAD/ASR events on an inbound call that got `ringing`
   * before `accept`. The real server attaches no ASR/VAD processors to such a call. @default false
   */
  asrAfterRinging?: boolean;
  /**
   * `interrupt` clears a pending auto-hangup. The real server keeps it, so interrupting an
   * `autoHangup` playback still hangs up. @default false
   */
  interruptClearsAutoHangup?: boolean;
  /** `ringing` events an outbound SIP call emits before it is answered or fails. @default 1 */
  ringCount?: number;
  /**
   * Body of `GET /iceservers`. The real server's default is Google's public STUN server; the
   * emulator answers an empty list so browsers never contact the internet. @default []
   */
  iceServers?: IceServer[];
  /** Client frames larger than this close the socket with 1009. @default 1048576 */
  maxFrameBytes?: number;
  /** Open sessions at most; further upgrades get HTTP 503. @default 1000 */
  maxSessions?: number;
  /** Pending inbound calls at most; further `simulateInbound` calls are refused. @default 1000 */
  maxPendingInbound?: number;
  /** Commands waiting behind a blocking one, per session; the excess is dropped. @default 256 */
  maxQueuedCommands?: number;
  /** Characters of TTS text one playback may hold; the excess is refused with an `error`. @default 100000 */
  maxTtsChars?: number;
  /** How long a webhook POST may take before it counts as failed. @default 5000 */
  webhookTimeoutMs?: number;
  /** Where the emulator logs. @default silent */
  logger?: EmulatorLogger;
}

/** Options after defaults were applied; what {@link ActiveCallEmulator.options} shows. */
export interface ResolvedActiveCallOptions {
  /** Interface the server listens on. */
  host: string;
  /** The port actually bound (after listening), or the requested one before. */
  port: number;
  /** Default webhook URL ('' = none). */
  webhookUrl: string;
  /** The resolved delays. */
  timing: Readonly<ActiveCallTiming>;
  /** Pending inbound call lifetime. */
  acceptTimeoutMs: number;
  /** Whether WebRTC and `/call` sessions emit `hangup` too. */
  hangupForAllTypes: boolean;
  /** Whether a rung-first inbound call still gets VAD/ASR events. */
  asrAfterRinging: boolean;
  /** Whether `interrupt` clears a pending auto-hangup. */
  interruptClearsAutoHangup: boolean;
  /** `ringing` events per outbound SIP call. */
  ringCount: number;
  /** `GET /iceservers` body. */
  iceServers: readonly IceServer[];
  /** Largest accepted client frame. */
  maxFrameBytes: number;
  /** Session cap. */
  maxSessions: number;
  /** Pending inbound cap. */
  maxPendingInbound: number;
  /** Per-session command queue cap. */
  maxQueuedCommands: number;
  /** Per-playback TTS text cap. */
  maxTtsChars: number;
  /** Webhook POST deadline. */
  webhookTimeoutMs: number;
  /** The logger in use. */
  logger: EmulatorLogger;
}

function invalid(message: string): EmulatorError {
  return new EmulatorError('INVALID_OPTIONS', message);
}

function count(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalid(`${name} must be an integer >= ${min}`);
  }
  return value;
}

function flag(name: string, value: boolean | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid(`${name} must be a boolean`);
  return value;
}

function resolveTiming(timing: ActiveCallEmulatorOptions['timing']): ActiveCallTiming {
  if (timing === undefined || timing === 'realistic') return { ...AC_REALISTIC_TIMING };
  if (timing === 'fast') return { ...AC_FAST_TIMING };
  if (typeof timing !== 'object' || timing === null) {
    throw invalid("timing must be 'realistic', 'fast' or an object");
  }
  const resolved: ActiveCallTiming = { ...AC_REALISTIC_TIMING };
  for (const key of Object.keys(AC_REALISTIC_TIMING) as (keyof ActiveCallTiming)[]) {
    const value = timing[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalid(`timing.${key} must be a finite number >= 0`);
    }
    resolved[key] = value;
  }
  // A zero cadence or ping unit would spin the event loop.
  if (resolved.audioFrameMs < 1) throw invalid('timing.audioFrameMs must be >= 1');
  if (resolved.pingUnitMs < 1) throw invalid('timing.pingUnitMs must be >= 1');
  return resolved;
}

function resolveWebhookUrl(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value) || !URL.canParse(value)) {
    throw invalid('webhookUrl must be an http(s) URL');
  }
  return value;
}

function resolveIceServers(value: IceServer[] | undefined): IceServer[] {
  if (value === undefined) return [];
  const valid =
    Array.isArray(value) &&
    value.every(
      (entry) =>
        typeof entry === 'object' &&
        entry !== null &&
        Array.isArray(entry.urls) &&
        entry.urls.every((url) => typeof url === 'string'),
    );
  if (!valid) throw invalid('iceServers must be an array of { urls: string[] }');
  return value.map((entry) => ({ ...entry, urls: [...entry.urls] }));
}

/** Applies defaults and validates; throws {@link EmulatorError} `INVALID_OPTIONS`. */
export function resolveActiveCallOptions(
  options: ActiveCallEmulatorOptions = {},
): ResolvedActiveCallOptions {
  const port = count('port', options.port, 0);
  if (port > 65535) throw invalid('port must be an integer from 0 to 65535');
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw invalid('host must be a non-empty string');
  return {
    host,
    port,
    webhookUrl: resolveWebhookUrl(options.webhookUrl),
    timing: resolveTiming(options.timing),
    acceptTimeoutMs: count('acceptTimeoutMs', options.acceptTimeoutMs, 50_000, 1),
    hangupForAllTypes: flag('hangupForAllTypes', options.hangupForAllTypes),
    asrAfterRinging: flag('asrAfterRinging', options.asrAfterRinging),
    interruptClearsAutoHangup: flag('interruptClearsAutoHangup', options.interruptClearsAutoHangup),
    ringCount: count('ringCount', options.ringCount, 1),
    iceServers: resolveIceServers(options.iceServers),
    maxFrameBytes: count('maxFrameBytes', options.maxFrameBytes, 1024 * 1024, 1),
    maxSessions: count('maxSessions', options.maxSessions, 1000, 1),
    maxPendingInbound: count('maxPendingInbound', options.maxPendingInbound, 1000, 1),
    maxQueuedCommands: count('maxQueuedCommands', options.maxQueuedCommands, 256, 1),
    maxTtsChars: count('maxTtsChars', options.maxTtsChars, 100_000, 1),
    webhookTimeoutMs: count('webhookTimeoutMs', options.webhookTimeoutMs, 5000, 1),
    logger: options.logger ?? silentLogger,
  };
}
