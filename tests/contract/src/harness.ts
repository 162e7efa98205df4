import type { CallControl, CallEndReason } from '@callstream/core';

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
