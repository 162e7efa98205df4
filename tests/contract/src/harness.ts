import type { CallControl, CallEndReason, Logger } from '@callstream/core';

/** Client settings every harness maps onto its backend's own options. */
export interface ContractClientOptions {
  /** How long an offer can be claimed before it expires, in ms. */
  readonly incomingTimeoutMs?: number;
}

/** What the remote party of an outbound call does (the emulators' scenario numbers). */
export type RemoteBehaviour = 'answer' | 'busy' | 'noAnswer' | 'reject' | 'remoteHangup';

/**
 * One backend's emulator, running for one test, with the controls the contract scenarios need.
 * Every client it hands out is closed when it is disposed.
 */
export interface ContractFixture extends AsyncDisposable {
  /** A new client of this backend pointed at the emulator (not connected). */
  client(options?: ContractClientOptions): CallControl;
  /** Caller id for outbound calls. */
  readonly from: string;
  /** A number whose remote party behaves as `behaviour` (fast timing). */
  target(behaviour: RemoteBehaviour): string;
  /** A number whose remote party answers, then presses `digits` (4 digits 0-9). */
  digitsTarget(digits: string): string;
  /** Makes an inbound call ring at every client of this fixture that can receive it. */
  ringIn(from: string): Promise<void>;
  /** The remote party of `callId` hangs up. */
  remoteHangup(callId: string): Promise<void>;
  /** The remote party of `callId` presses `digits`. */
  remoteDigits(callId: string, digits: string): Promise<void>;
  /** The digits the remote party of `callId` received from the client (`sendDtmf`), in order. */
  digitsReceived(callId: string): string;
  /** Cuts every connection between the emulator and its clients mid-call. */
  dropConnections(): Promise<void>;
  /** Holds the emulator's answers to commands (so a command is pending), until released. */
  holdReplies(): () => void;
  /** Number of calls the emulator still holds (0 once every call is over). */
  liveCalls(): number;
}

/** A backend as the contract suite sees it. */
export interface ContractHarness {
  /** The backend's name (`cm`, `active-call`, `telnyx`). */
  readonly backend: string;
  /**
   * The backend's documented rule for calls after `dropConnections()`: the `endReason`s a call
   * may leave `calls$` with.
   */
  readonly afterDrop: readonly CallEndReason[];
  /**
   * Whether `dial()` settles with the call's outcome: it resolves once the call is answered and
   * rejects, with a typed error naming the call (`callId`), when it is not (busy, no answer,
   * rejected). Otherwise (the default) `dial()` resolves once the backend accepted the call.
   */
  readonly dialWaitsForAnswer?: boolean;
  /** Starts a fresh emulator (fast timing) on 127.0.0.1, port 0. */
  start(): Promise<ContractFixture>;
  /**
   * For the exit check: the module (absolute path) whose `probe(config)` export builds a client
   * in a child process, and the JSON config it gets from `fixture`.
   */
  exitProbe(fixture: ContractFixture): { readonly module: string; readonly config: unknown };
}

/**
 * Client settings of the fault matrix, on top of {@link ContractClientOptions}: every backend
 * maps them onto its own options with fast failure timing (liveness checks, reconnect backoff and
 * grace timers of at most a few hundred ms), so the matrix runs in seconds.
 */
export interface FaultClientOptions extends ContractClientOptions {
  /** Where the client logs (every level). */
  readonly logger?: Logger;
}

/** How a replayed event relates to the call's history (see {@link FaultFixture.replayEvent}). */
export type ReplayKind =
  /** The event the call got most recently, again (a duplicate). */
  | 'duplicate'
  /** An event of an earlier phase (e.g. ringing after the answer): late, or reordered. */
  | 'earlier';

/** A delivery fault of a backend that delivers events on its own schedule (webhooks). */
export type DeliveryFault =
  /** Every event is delivered twice (same body, same event id). */
  | 'duplicate'
  /** Every event is held back a little before it is delivered. */
  | 'delay'
  /** Every event swaps places with the call's next one. */
  | 'reorder';

/**
 * A fixture with the fault controls of the matrix (`faults.ts`). The required members apply to
 * every backend; the optional ones only to backends with a persistent link to a server (a
 * backend without them has no such fault, and the matrix prints why it skips the case).
 */
export interface FaultFixture extends ContractFixture {
  /** A client with fast failure timing (see {@link FaultClientOptions}); not connected. */
  faultClient(options?: FaultClientOptions): CallControl;
  /** Every secret the fixture's clients hold (tokens, keys): none may ever appear in output. */
  readonly secrets: readonly string[];
  /** A number whose remote party rings for at least 5 s before it answers. */
  ringingTarget(): string;
  /** How many commands the backend has received from clients so far (its request or frame log). */
  commandsReceived(): number;
  /** Stops delivering call events to clients (they are lost) until the returned function runs. */
  dropEvents(): () => void;
  /** Delivers an event about `callId` once more, out of its place in the call's history. */
  replayEvent(callId: string, kind: ReplayKind): Promise<void>;
  /**
   * Revokes the clients' credentials: from now on the backend refuses them (new connections,
   * registrations, commands), and existing connections are cut where there are any. Absent for a
   * backend whose protocol has no client credentials to revoke (Active Call).
   */
  revokeAuth?(): Promise<void>;
  /** The backend crashes and comes back on the same address (nothing survives). */
  restart?(): Promise<void>;
  /**
   * The backend is unreachable for `ms` (connections refused), then back on the same address
   * with nothing of before. `during` runs while it is down (the outage lasts until it settled).
   */
  outage?(ms: number, during?: () => Promise<unknown>): Promise<void>;
  /**
   * Arms one of the backend's own delivery faults for every event until the returned function
   * runs (backends whose server delivers events by itself, with retries: webhooks). Undefined
   * for a kind the backend's server cannot produce (events in order on one socket are never
   * duplicated or reordered, only late).
   */
  deliveryFaults?(kind: DeliveryFault): (() => void) | undefined;
  /** Half-open: the backend stops reading and answering the clients' sockets without closing them. */
  halfOpen?(): () => void;
  /**
   * Backends whose client checks, by itself, calls it heard nothing of (Telnyx's status checks):
   * how long {@link faultClient}'s calls stay quiet before such a check. A call whose end was
   * lost may leave `calls$` on its own after that.
   */
  readonly statusCheckMs?: number;
  /** The longest reconnect delay of {@link faultClient} (backends that reconnect). */
  readonly maxBackoffMs?: number;
}

/** A backend as the fault matrix sees it. */
export interface FaultHarness extends ContractHarness {
  /**
   * Each call has a link of its own (Active Call: one WebSocket per call): `connect()` opens
   * nothing (`state$` goes `idle → connected`), a lost link is a lost call and nothing
   * reconnects, and a call's end travels with its link: the link's close tells the client the
   * call is over even when every event was lost.
   */
  readonly linkPerCall?: boolean;
  /** Starts a fresh emulator with the fault controls. */
  start(): Promise<FaultFixture>;
  /**
   * For the exit checks of the matrix: the module (absolute path) whose `faultProbe(config)`
   * export builds a client and its fault controls in a child process, and its JSON config.
   */
  faultProbe(fixture: FaultFixture): { readonly module: string; readonly config: unknown };
}
