import type { ResolvedActiveCallOptions } from './options';
import type { CallType } from './query';

export type { CallType } from './query';

/** One text frame a session received, in arrival order. */
export interface ReceivedCommandFrame {
  /** When it arrived, ms since the epoch. */
  at: number;
  /** The session (its `id`) it arrived on. */
  sessionId: string;
  /** Whether the server would execute it (a known command with fields of the right types). */
  accepted: boolean;
  /** The parsed JSON, secrets (`password`, `secretKey`, …) replaced by `[redacted]`. */
  frame?: unknown;
  /** For a frame that is not JSON: its first 4 KiB. */
  text?: string;
}

/** Life stage of a session's call. */
export type ActiveCallState = 'idle' | 'inviting' | 'ringing' | 'answered' | 'ended';

/** A snapshot of one live session. */
export interface ActiveCallSessionSnapshot {
  /** Session id (`id` query parameter or `s.<uuid>`); also the main track id. */
  id: string;
  /** Media transport chosen by the URL path. */
  callType: CallType;
  /** Call life stage. */
  state: ActiveCallState;
  /** `outbound` after `invite`, `inbound` once a pending call was rung or accepted. */
  direction?: 'outbound' | 'inbound';
  /** Id of the server-side playback track. */
  serverSideTrack: string;
  /** Ping interval in seconds (0 = none). */
  pingSeconds: number;
  /** Session start, RFC 3339. */
  startTime: string;
  /** First ringing, RFC 3339. */
  ringTime?: string;
  /** Answer, RFC 3339. */
  answerTime?: string;
  /** The call option in force (secrets redacted). */
  option?: unknown;
  /** What the server-side track plays now. */
  playing?: {
    /** A TTS track or a file (play, ringtone, music on hold). */
    kind: 'tts' | 'file';
    /** Its playId, when it has one. */
    playId?: string;
  };
  /** Commands waiting behind the one executing. */
  queuedCommands: number;
  /** Binary audio received from the client (bytes). */
  audioBytesReceived: number;
  /** Binary audio frames sent to the client. */
  audioFramesSent: number;
  /** Whether the `stallSessions` fault froze it. */
  stalled: boolean;
}

/** Counters for leak checks: all 0 on an idle emulator. */
export interface ActiveCallStats {
  /** Open sessions. */
  sessions: number;
  /** Inbound calls waiting for `accept`. */
  pendingInbound: number;
  /** Pending timers (steps, pings, audio cadence, accept deadlines). */
  timers: number;
  /** Webhook POSTs in flight. */
  webhooksInFlight: number;
}

/** Totals of what clients sent (see {@link ActiveCallEmulator.received}). */
export interface ActiveCallReceived {
  /** Session sockets opened (WebSocket upgrades accepted). */
  sessions: number;
  /** Text frames received on them (commands, accepted or not). */
  frames: number;
}

/** Parameters of {@link ActiveCallEmulator.simulateInbound}. */
export interface SimulateInboundParams {
  /** From URI. @default 'sip:+15550000000@127.0.0.1' */
  caller?: string;
  /** To URI. @default 'sip:2000@127.0.0.1' */
  callee?: string;
  /** Webhook URL for this call; overrides the emulator's `webhookUrl`. */
  webhookUrl?: string;
}

/** How the webhook of a simulated inbound call went. */
export interface SimulateInboundResult {
  /** The dialog id to open `/call/sip?id=<dialogId>` with. */
  dialogId: string;
  /** The webhook got a 2xx answer. */
  delivered: boolean;
  /** HTTP status of the webhook answer; null when nothing was sent or the POST failed. */
  status: number | null;
  /** Whether the call waits for `accept` (false after a failed webhook: the server answers 503). */
  pending: boolean;
  /** Where the webhook went; null when no URL is configured (the call is still held). */
  webhookUrl: string | null;
  /** Why it was not delivered, in words. */
  error?: string;
}

/** What became of a simulated inbound call. */
export interface InboundOutcome {
  /** The call's dialog id. */
  dialogId: string;
  /** `pending` (waiting), `ringing` (a session sent `ringing`), then one final state. */
  state:
    | 'pending'
    | 'ringing'
    | 'accepted'
    | 'rejected'
    | 'timedOut'
    | 'cancelled'
    | 'webhookFailed'
    | 'abandoned';
  /** For `ringing`: whether a 183 with SDP (early media) was sent instead of a 180. */
  earlyMedia?: boolean;
  /** For `rejected`: the SIP code the client gave (absent = the SIP stack's default). */
  code?: number;
  /** For `rejected`: the reason the client gave. */
  reason?: string;
}

/** Options of {@link ActiveCallRemote.speak}. */
export interface SpeakOptions {
  /** `asrDelta` events before the final one. @default min(words - 1, 8) */
  partials?: number;
  /** `confidence` on `speaking` and ASR events; absent = the field is omitted. */
  confidence?: number;
}

/** The remote parties of live sessions (the PSTN side of SIP calls). */
export interface ActiveCallRemote {
  /**
   * The remote party hangs up an answered call, declines a ringing outbound call (603), or
   * cancels a pending inbound call (`id` = its dialog id). False if there is nothing to end.
   */
  hangup(id: string): boolean;
  /**
   * The remote party presses digits (`0-9*#A-D`, at most 64): one `dtmf` event per digit.
   * False unless the call is answered. Throws `INVALID_ARGUMENT` for other digits.
   */
  pressDigits(id: string, digits: string): boolean;
  /**
   * The remote party says `text`: `speaking` → `asrDelta`* → `asrFinal` → `silence` →
   * `metrics`, limited to the processors the call has (VAD: `speaking`/`silence`; ASR: the rest).
   * False unless the call is answered and has VAD or ASR. Throws `INVALID_ARGUMENT` for empty
   * or over-long text (2,000 characters).
   */
  speak(id: string, text: string, options?: SpeakOptions): boolean;
  /** The remote party puts the call on hold or takes it off (`hold` event). False unless answered. */
  hold(id: string, onHold: boolean): boolean;
}

/**
 * Which earlier event `replayEvent` sends again: the most recent one (`duplicate`), or one of an
 * earlier phase of the call (`earlier`: `ringing` after the `answer`), as a late or reordered
 * event would arrive.
 */
export type ReplayKind = 'duplicate' | 'earlier';

/** Failure injection; counts returned are the sessions affected. */
export interface ActiveCallFaults {
  /** Silently drop the next `count` JSON events ('all' until reset, 0 = off). */
  dropEvents(count: number | 'all'): void;
  /** Hold every JSON event this long before sending (order kept); null or 0 = off. */
  delayEvents(ms: number | null): void;
  /** Half-open: stop reading the socket and send nothing more (no events, pings or audio). */
  stallSessions(sessionId?: string): number;
  /** Close sockets with a close frame at once, no teardown events. @default code 1001 */
  closeSessions(code?: number, sessionId?: string): number;
  /** Abrupt loss: terminate sockets without a close frame. */
  dropSessions(sessionId?: string): number;
  /**
   * Sends an event of session `sessionId` once more, byte for byte and out of its place (see
   * {@link ReplayKind}); the `dropEvents` fault does not apply to it. Each session keeps its most
   * recent event and the most recent `ringing`, `answer` and `hangup`. False when the session is
   * not live (a call's events can only reach its own socket) or has no such event. Throws
   * `INVALID_ARGUMENT` for another `kind`.
   */
  replayEvent(sessionId: string, kind: ReplayKind): boolean;
  /** Turn every fault off and resume stalled sockets. */
  reset(): void;
}

/** A running emulated RustPBX Active Call server. `await using` closes it. */
export interface ActiveCallEmulator extends AsyncDisposable {
  /** `ws://HOST:PORT`, the base that `/call/sip`, `/call/webrtc` and `/call` hang off. */
  readonly wsUrl: string;
  /** `http://HOST:PORT`. */
  readonly httpUrl: string;
  /** The bound port. */
  readonly port: number;
  /** The resolved options. */
  readonly options: Readonly<ResolvedActiveCallOptions>;
  /** Stops everything: sockets, timers, pending calls, webhook POSTs. Idempotent. */
  close(): Promise<void>;
  /**
   * An inbound call arrives: POSTs the webhook (§6.2) and holds the call for `acceptTimeoutMs`.
   * Resolves once the webhook was answered (or failed). Rejects with `EmulatorError`
   * `INVALID_ARGUMENT` for bad parameters, `CLOSED` after close.
   */
  simulateInbound(params?: SimulateInboundParams): Promise<SimulateInboundResult>;
  /** What became of an inbound call (the most recent 1,000 are kept). */
  inboundOutcome(dialogId: string): InboundOutcome | undefined;
  /** Ends a session like `GET /kill/{id}`; false if there is none. */
  kill(id: string): boolean;
  /** Live sessions (like `GET /list`, with more detail). */
  sessions(): ActiveCallSessionSnapshot[];
  /** Text frames sessions received (most recent 10,000), optionally of one session. */
  frames(sessionId?: string): ReceivedCommandFrame[];
  /**
   * The first received frame, past or future, matching `predicate`; rejects with `EmulatorError`
   * `TIMEOUT` after `timeoutMs` (@default 5000) or `CLOSED` on close.
   */
  waitForFrame(
    predicate: (frame: ReceivedCommandFrame) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedCommandFrame>;
  /** Leak counters. */
  stats(): ActiveCallStats;
  /**
   * What clients sent since the emulator started (restarts and outages included): sessions
   * opened and text frames received. Never trimmed, unlike {@link frames}.
   */
  received(): ActiveCallReceived;
  /**
   * Drops everything like a crash (every session socket cut without a close frame, pending
   * inbound calls, timers and faults forgotten), then listens again on the same port. Queued with
   * `outage()` and `close()`; rejects with `EmulatorError` `CLOSED` when `close()` came first.
   */
  restart(): Promise<void>;
  /**
   * An outage: like {@link restart}, but the port stays unbound (connections are refused) for
   * `ms` and, when given, until `until` settles, before it listens again, with nothing of before. A `close()` ends the outage at once
   * (rejects with `CLOSED`). Rejects with `INVALID_ARGUMENT` unless `ms` is a whole number from
   * 0 to 600,000.
   */
  outage(ms: number, until?: PromiseLike<unknown>): Promise<void>;
  /** The remote parties. */
  readonly remote: ActiveCallRemote;
  /** Failure injection. */
  readonly faults: ActiveCallFaults;
}
