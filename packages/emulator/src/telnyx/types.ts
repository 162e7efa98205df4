import type { ResolvedTelnyxOptions, TelnyxRateLimit } from './options';

/**
 * Life stage of a simulated Telnyx call leg. `parked`: an incoming leg waiting for answer or
 * reject; `ringing`: an outgoing leg not answered yet (Telnyx reports `state: "bridging"`).
 */
export type TelnyxCallState = 'parked' | 'ringing' | 'answered' | 'bridged' | 'ended';

/** An immutable snapshot of one call leg. */
export interface TelnyxCall {
  /** The leg's command token (`v3:…`). */
  readonly callControlId: string;
  /** The leg's UUID (the key of `call.recording.saved`). */
  readonly callLegId: string;
  /** The session grouping related legs (a transfer's legs, `link_to` dials). */
  readonly callSessionId: string;
  /** The Call Control Application it belongs to. */
  readonly connectionId: string;
  /** `incoming`: simulated inbound call; `outgoing`: created by dial or transfer. */
  readonly direction: 'incoming' | 'outgoing';
  /** Calling number or SIP URI. */
  readonly from: string;
  /** Called number or SIP URI. */
  readonly to: string;
  /** Life stage. */
  readonly state: TelnyxCallState;
  /** The `client_state` repeated on its webhooks, if any. */
  readonly clientState?: string;
  /** The `call_control_id` it is bridged with. */
  readonly bridgedWith?: string;
  /** The recording in progress, if any. */
  readonly recording?: {
    /** The `recording_id` (also on `call.recording.saved`). */
    readonly recordingId: string;
    /** `single` (mixed) or `dual` (one channel per party). */
    readonly channels: 'single' | 'dual';
    /** File format. */
    readonly format: 'wav' | 'mp3';
    /** Whether `record_pause` paused it. */
    readonly paused: boolean;
  };
  /** Whether a gather is collecting digits. */
  readonly gathering: boolean;
  /** Speak and playback items playing or queued. */
  readonly audioQueued: number;
  /** Digits the application sent with `send_dtmf` (the last 64). */
  readonly sentDigits: string;
  /** The webhook URL its events go to (a command's `webhook_url` or the application's). */
  readonly webhookUrl?: string;
  /** Creation time, ISO 8601. */
  readonly startTime: string;
  /** Answer time, ISO 8601. */
  readonly answeredAt?: string;
  /** End time, ISO 8601. */
  readonly endedAt?: string;
  /** How it ended (`hangup_cause`). */
  readonly hangupCause?: string;
}

/** How one webhook delivery attempt went. */
export type TelnyxDeliveryOutcome =
  /** The receiver answered 2xx. */
  | 'delivered'
  /** The receiver answered another status (see `status`). */
  | 'failed'
  /** No answer within `webhookTimeoutMs`. */
  | 'timeout'
  /** Connection refused, reset or similar. */
  | 'error'
  /** Not sent: a drop fault took it. */
  | 'dropped'
  /** Not sent: the delivery queue was full. */
  | 'overflow'
  /** Not sent: neither the call nor the application has a webhook URL. */
  | 'no-url';

/** A fault that shaped a delivery. */
export type TelnyxDeliveryFault =
  | 'duplicate'
  | 'delayed'
  | 'reordered'
  | 'dropped'
  | 'bad-signature'
  | 'stale-timestamp';

/** One webhook delivery attempt (or a webhook that was not sent), as logged by the emulator. */
export interface TelnyxWebhookDelivery {
  /** Position in the log: increases by one per entry. */
  readonly seq: number;
  /** `data.id` of the event (equal for retries and duplicates of one event). */
  readonly eventId: string;
  /** `data.event_type`. */
  readonly eventType: string;
  /** The leg the event belongs to (the per-call ordering key). */
  readonly callLegId: string;
  /** `payload.call_control_id`, absent on `call.recording.saved`. */
  readonly callControlId?: string;
  /** Where it went. */
  readonly url?: string;
  /** 1 for the first try; `meta.attempt` of the body. */
  readonly attempt: number;
  /** How it went. */
  readonly outcome: TelnyxDeliveryOutcome;
  /** The receiver's HTTP status, when it answered. */
  readonly status?: number;
  /** The fault applied to it, if any. */
  readonly fault?: TelnyxDeliveryFault;
  /** When the attempt finished, ms since the epoch. */
  readonly at: number;
  /** The exact body sent (or that would have been sent). */
  readonly body: string;
  /** `telnyx-timestamp` sent with it (absent when not sent). */
  readonly timestamp?: string;
  /** `telnyx-signature-ed25519` sent with it (absent when not sent). */
  readonly signature?: string;
}

/** One `/v2` request the emulator received. The API key is never kept. */
export interface TelnyxApiRequest {
  /** When it was answered, ms since the epoch. */
  readonly at: number;
  /** HTTP method. */
  readonly method: string;
  /** Path without the query string, as received. */
  readonly path: string;
  /** The answer's HTTP status. */
  readonly status: number;
  /** `errors[0].code` of an error answer. */
  readonly errorCode?: string;
  /** Whether `Authorization: Bearer` carried the right key. */
  readonly authorized: boolean;
  /** The call named in the path. */
  readonly callControlId?: string;
  /** The action verb (`answer`, `speak`, …) or `dial`. */
  readonly action?: string;
  /** The body's `command_id`. */
  readonly commandId?: string;
  /** Whether the answer replayed an earlier `command_id`'s result without a second effect. */
  readonly replayed: boolean;
  /** The parsed body with secret-looking fields redacted. */
  readonly body?: Readonly<Record<string, unknown>>;
}

/** Live counters; every one is back to 0 once calls ended and webhooks settled. */
export interface TelnyxStats {
  /** Live call legs. */
  calls: number;
  /** Pending timers (call steps, media, retries). */
  timers: number;
  /** Webhooks waiting for delivery (in flight included). */
  queuedWebhooks: number;
  /** Webhook HTTP requests in flight. */
  inFlightWebhooks: number;
}

/** How many deliveries or requests a fault applies to: a count or every one until reset. */
export type TelnyxFaultBudget = number | 'all';

/** Failure injection. Every fault applies to the next deliveries/requests, in order. */
export interface TelnyxFaults {
  /** The next `count` webhooks are delivered twice (same body, same event id). @default 1 */
  duplicateWebhooks(count?: TelnyxFaultBudget): void;
  /** The next `count` webhooks wait `ms` before their first attempt; `null` clears. */
  delayWebhooks(ms: number | null, count?: TelnyxFaultBudget): void;
  /** The next `count` webhooks swap places with the next webhook of the same call. @default 1 */
  reorderWebhooks(count?: TelnyxFaultBudget): void;
  /** The next `count` webhooks are never sent (logged as `dropped`). @default 1 */
  dropWebhooks(count?: TelnyxFaultBudget): void;
  /** The next `count` webhooks carry a signature that does not verify. @default 1 */
  corruptSignatures(count?: TelnyxFaultBudget): void;
  /** The next `count` webhooks are stamped `ageSeconds` in the past (default 301). */
  staleTimestamps(count?: TelnyxFaultBudget, ageSeconds?: number): void;
  /**
   * The next `count` `/v2` requests are answered `status` (500 or 503, code 10007). With
   * `afterEffect`, the command takes effect first and only its answer is lost, as when a
   * response times out: retrying with the same `command_id` must not repeat the effect.
   */
  failRequests(
    count?: TelnyxFaultBudget,
    options?: { status?: 500 | 503; afterEffect?: boolean },
  ): void;
  /**
   * The API key is revoked, as when it is deleted in the portal: from now on every `/v2`
   * request, with the key or without, is refused 401 (code 10009). `reset()` restores it.
   */
  revokeApiKey(): void;
  /** Clears every fault (a revoked key is accepted again). */
  reset(): void;
}

/** The simulated remote parties, for tests. */
export interface TelnyxRemoteControl {
  /**
   * The remote party hangs up: `normal_clearing` once answered; before answer an incoming
   * caller gives up (`originator_cancel`) and an outgoing callee declines (`call_rejected`).
   * `cause` overrides the `hangup_cause`. False when the call is not live.
   */
  hangup(callControlId: string, cause?: string): boolean;
  /**
   * The remote party presses `digits` (0-9, *, #, A-D) on an answered call: one
   * `call.dtmf.received` per digit, `digitGapMs` apart, fed to a running gather. False when the
   * call is not answered or the digits are invalid.
   */
  pressDigits(callControlId: string, digits: string): boolean;
}

/** What {@link TelnyxEmulator.simulateInbound} needs; every field is optional. */
export interface SimulateTelnyxInboundParams {
  /** Caller. A scenario number sets its behaviour (remoteHangup, pressDigits). @default DEFAULT_CALLER */
  from?: string;
  /** Called number. @default DEFAULT_DIDS[0] */
  to?: string;
  /** `caller_id_name` on `call.initiated`. @default undefined */
  callerIdName?: string;
  /** Once answered, the caller hangs up after this many ms. @default undefined (stays) */
  hangupAfterMs?: number;
  /** Once answered, the caller presses these digits. @default undefined */
  digits?: string;
  /** Unanswered, the caller gives up after this many ms. @default inboundRingTimeoutMs */
  cancelAfterMs?: number;
}

/** The ids of a simulated inbound call. */
export interface TelnyxInboundCall {
  /** The new leg's command token. */
  callControlId: string;
  /** The new leg's UUID. */
  callLegId: string;
  /** The new leg's session. */
  callSessionId: string;
}

/** A running Telnyx Call Control emulator (see {@link startTelnyxEmulator}). */
export interface TelnyxEmulator extends AsyncDisposable {
  /** `http://host:port`. */
  readonly httpUrl: string;
  /** `http://host:port/v2`: the `baseURL` for the official SDK. */
  readonly apiBase: string;
  /** Base64 of the raw 32-byte Ed25519 public key that verifies webhooks. */
  readonly publicKey: string;
  /** The served `connection_id`. */
  readonly connectionId: string;
  /** The accepted API key (the emulator's own development credential). */
  readonly apiKey: string;
  /** The bound TCP port. */
  readonly port: number;
  /** The resolved options (the key pair and API key are not in here). */
  readonly options: Readonly<ResolvedTelnyxOptions>;
  /** Remote-party controls. */
  readonly remote: TelnyxRemoteControl;
  /** Failure injection. */
  readonly faults: TelnyxFaults;
  /** Snapshots of the live legs, oldest first. */
  calls(): TelnyxCall[];
  /** A snapshot of one leg, live or recently ended. */
  call(callControlId: string): TelnyxCall | undefined;
  /** The delivery log, oldest first (capped at `maxDeliveryLog`). */
  deliveries(): TelnyxWebhookDelivery[];
  /** The request log, oldest first (capped at `maxRequestLog`). */
  requests(): TelnyxApiRequest[];
  /** Live counters. */
  stats(): TelnyxStats;
  /** A call arrives on the application: `call.initiated` (`incoming`, `parked`). */
  simulateInbound(params?: SimulateTelnyxInboundParams): Promise<TelnyxInboundCall>;
  /** Changes the application's webhook URL (`undefined`: none). */
  setWebhookUrl(url: string | undefined): void;
  /**
   * Ends every call without webhooks, drops queued webhooks, clears logs, faults, remembered
   * `command_id`s and rate-limit windows.
   */
  reset(): void;
  /** Stops everything and releases the port; idempotent. */
  close(): Promise<void>;
}

export type { TelnyxRateLimit };
