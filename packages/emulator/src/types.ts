import type { MessageFaultSettings } from './faultState';
import type { FrameLogStats } from './frameLog';
import type { ResolvedEmulatorOptions } from './options';

/** Selects sessions; every given field must match, an empty filter matches every session. */
export type ClientFilter = {
  /** The `client_id` the session registered with. */
  clientId?: string;
  /** The `session_id` from the greeting. */
  sessionId?: string;
  /** The `appid` the session registered with (`MULTI` included). */
  appId?: string;
};

/** One JSON object frame received from a client (auth tokens redacted). */
export interface ReceivedFrame {
  /** When it arrived, ms since the epoch. */
  at: number;
  /** The session it came from. */
  sessionId: string;
  /** The sender's `client_id`, once registered (the register frame itself has it too). */
  clientId?: string;
  /** The sender's registered `appid` (`MULTI` included); on the register frame, the one it asks for. */
  appId?: string;
  /** The parsed frame; `auth_token` keeps only its scheme word (`Basic [redacted]`). */
  frame: Record<string, unknown>;
}

/** One client in `GET /v1/api/websocket-status` (§11.1). */
export interface WebsocketStatusClient {
  /** The registered `client_id`. */
  client_id: string;
  /** Current subscription, normalised digits; `[]` for catch-all. */
  subscribed_numbers: string[];
  /** The registered app id (or `MULTI`). */
  appid: string;
  /** The greeting's session id. */
  session_id: string;
  /** Connection time, unix seconds. */
  connected_at: number;
}

/** Body of `GET /v1/api/websocket-status`: registered sessions only. */
export interface WebsocketStatus {
  /** Number of registered sessions. */
  client_count: number;
  /** One entry per registered session, oldest first. */
  clients: WebsocketStatusClient[];
}

/** Life stage of a simulated call leg. */
export type EmulatorLegState =
  | 'initiated'
  | 'ringing'
  | 'answered'
  | 'bridged'
  | 'unbridged'
  | 'ending';

/** A snapshot of one live call leg. */
export interface EmulatorLeg {
  /** The leg's call id. */
  callid: string;
  /** `outbound` = A-leg dialled by a session; `inbound` = B-leg accepted by a session. */
  direction: 'outbound' | 'inbound';
  /** App id the leg belongs to. */
  appid: string;
  /** Current Agora channel. */
  channel: string;
  /** Current Agora uid. */
  uid: string;
  /** Caller number. */
  from: string;
  /** Called number. */
  to: string;
  /** Whether video was requested. */
  video: boolean;
  /** Life stage. */
  state: EmulatorLegState;
  /** Whether the leg is joined to an Agora channel. */
  bridged: boolean;
  /** `client_id` of the owning session (events go there only). */
  clientId: string;
  /** `session_id` of the owning session. */
  sessionId: string;
  /** Whether the owning session (or one with its `client_id`) is connected. */
  ownerConnected: boolean;
  /** The other leg of a loopback call, if any. */
  peerCallid?: string;
  /** For inbound legs: the looked-up DID (digits). */
  did?: string;
  /** Set when the accepter supplied its own `webhook_url`: events bypass the WebSocket. */
  externalWebhook: boolean;
  /** Creation time, ms since the epoch. */
  createdAt: number;
  /** Answer time, ms since the epoch. */
  answeredAt?: number;
}

/** How a lookup (gateway asking the CM about an inbound call) was answered. */
export interface LookupOutcome {
  /** 200 bundle, 404 rejected/expired/cancelled, 500 no route, 503 emulator closed. */
  status: 200 | 404 | 500 | 503;
  /** The JSON body the gateway got. */
  body: Record<string, unknown>;
  /** The inbound (B-leg) call id. */
  callid: string;
}

/** Parameters of {@link Emulator.simulateInbound}. */
export interface SimulateInboundParams {
  /** The dialled DID, any formatting. */
  did: string;
  /** Caller number. @default DEFAULT_CALLER ('+15550000000') */
  from?: string;
  /** Call id to use. @default a fresh UUID */
  callid?: string;
  /** Pin the caller entered. @default '' */
  pin?: string;
}

/** Counters for leak checks: all four are 0 on an idle emulator. */
export interface EmulatorStats {
  /** Open WebSockets (registered or not). */
  sessions: number;
  /** Live call legs, including legs being torn down. */
  calls: number;
  /** Lookups waiting for accept/reject/expiry. */
  heldLookups: number;
  /** Pending one-shot timers (the server's ping interval is not counted). */
  timers: number;
}

/** The remote parties (PSTN side) of live calls. */
export interface RemoteControl {
  /**
   * The remote party hangs up: the leg (and its loopback peer) end with `cause`
   * (@default 'NORMAL_CLEARING'; at most `limits.maxFieldLength` characters). A held lookup's
   * caller hanging up cancels the lookup (404). False if no such leg or lookup.
   */
  hangup(callid: string, cause?: string): boolean;
  /**
   * The remote party presses digits (1 to 64 of `0-9 * #`; `EmulatorError` `INVALID_ARGUMENT`
   * otherwise): one `dtmf_received` per digit. False if no such leg.
   */
  pressDigits(callid: string, digits: string): boolean;
}

/** The faults in force, as {@link EmulatorFaults.settings} and `POST /v1/emulator/faults` report them. */
export interface FaultSettings extends MessageFaultSettings {
  /** Sessions currently stalled by `stallClients` (until `reset`). */
  stalledSessions: number;
}

/** Failure injection. Counts returned are the sessions affected. */
export interface EmulatorFaults {
  /** Abrupt loss: terminate sockets without a close frame. */
  dropClients(filter?: ClientFilter): number;
  /** Clean close frame. @default code 1001 ('going away') */
  closeClients(filter?: ClientFilter, code?: number, reason?: string): number;
  /** Half-open: pause the TCP socket (no reads, no pongs) and send nothing more. */
  stallClients(filter?: ClientFilter): number;
  /**
   * Hold every reply this long before sending (0 to 2^31-1 ms; 0 or null = off). Throws
   * `EmulatorError` `INVALID_ARGUMENT` for anything else, and then changes nothing.
   */
  delayReplies(ms: number | null): void;
  /** Silently drop the next `count` replies ('all' until reset, 0 = off). */
  dropReplies(count: number | 'all' | 0): void;
  /** Silently drop the next `count` events ('all' until reset, 0 = off). */
  dropEvents(count: number | 'all' | 0): void;
  /** Send a raw text frame (default `{"malformed":`) that is not valid JSON. */
  sendMalformed(filter?: ClientFilter, payload?: string): number;
  /** Answer every register with `{"status":"error","error":<error>}` and close 1008; null = off. */
  refuseRegistrations(error: string | null): void;
  /** The faults in force now: message-level settings and the number of stalled sessions. */
  settings(): FaultSettings;
  /** Turn every fault off and resume stalled sockets. */
  reset(): void;
}

/** A running emulated Call Manager. `await using` closes it. */
export interface Emulator extends AsyncDisposable {
  /** `ws://HOST:PORT/v1/ws/events`. */
  readonly wsUrl: string;
  /** `http://HOST:PORT`. */
  readonly httpUrl: string;
  /** The bound port. */
  readonly port: number;
  /** The default token (accepted for every app id without an override and for MULTI). */
  readonly token: string;
  /** Configured app ids. */
  readonly appIds: readonly string[];
  /** The resolved options. */
  readonly options: Readonly<ResolvedEmulatorOptions>;
  /**
   * Stops everything: sockets, timers; held lookups are answered 503. Idempotent. A `restart()`
   * in flight finishes or gives up first, so the port is closed once this resolves.
   */
  close(): Promise<void>;
  /**
   * Drops everything like a crash, then listens again on the same port. Restarts run one after
   * another; rejects with `EmulatorError` `CLOSED` when `close()` was called before it could
   * listen again.
   */
  restart(): Promise<void>;
  /**
   * An outage: drops everything like a crash (every socket cut, every call forgotten), refuses
   * connections for `ms` (the port is not bound) and, when given, until `until` settles (e.g.
   * what a test does meanwhile), then listens again on the same port with nothing of before.
   * Resolves once it listens again; queued with `restart()` and `close()` (a `close()` ends the
   * outage at once and nothing binds again: rejects with `CLOSED`). Rejects with
   * `INVALID_ARGUMENT` unless `ms` is a whole number from 0 to 600,000.
   */
  outage(ms: number, until?: PromiseLike<unknown>): Promise<void>;
  /** Same JSON as `GET /v1/api/websocket-status`. */
  status(): WebsocketStatus;
  /** Snapshots of the live legs. */
  calls(): EmulatorLeg[];
  /** Leak counters. */
  stats(): EmulatorStats;
  /** DIDs a lookup would offer to at least one live session now (`+` and digits). */
  eligibleDids(): string[];
  /**
   * Frames received from clients, oldest first, optionally filtered by sender. The log keeps the
   * most recent `limits.maxLoggedFrames` (50,000) frames and `limits.maxLoggedBytes` (16 MiB);
   * {@link Emulator.frameStats} says how many were dropped. Emptied by `close()`.
   */
  frames(filter?: ClientFilter): ReceivedFrame[];
  /** What the received-frame log holds, its caps, and how many frames it dropped. */
  frameStats(): FrameLogStats;
  /** Live tap on received frames; returns the unsubscribe function. */
  onFrame(listener: (frame: ReceivedFrame) => void): () => void;
  /**
   * Resolves with the first frame, kept or future, matching `predicate`; rejects with
   * `EmulatorError` `TIMEOUT` after `timeoutMs` (@default 5000), `CLOSED` on close, or
   * `INVALID_ARGUMENT` when `timeoutMs` is not 0 to 2^31-1.
   */
  waitForFrame(
    predicate: (frame: ReceivedFrame) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedFrame>;
  /** Switches quirk mode on or off for events sent from now on. */
  setQuirks(on: boolean): void;
  /** Does what a gateway lookup POST does; resolves when the lookup is answered. */
  simulateInbound(params: SimulateInboundParams): Promise<LookupOutcome>;
  /** Same as `POST /webhook`: route a gateway event to the leg owner; false if no owner. */
  injectEvent(event: Record<string, unknown>): boolean;
  /** The remote parties. */
  readonly remote: RemoteControl;
  /** Failure injection. */
  readonly faults: EmulatorFaults;
}
