import type { LookupRequest } from '../gateway/lookup';
import type { EmulatorLimits } from '../limits';
import type {
  EmulatorFaults,
  EmulatorLeg,
  EmulatorStats,
  LookupOutcome,
  RemoteControl,
  WebsocketStatus,
} from '../types';

/** A lookup that was started: how many sessions were offered the call, and how to cancel it. */
export interface LookupHandle {
  /** Sessions that got `call_incoming` (0 = the lookup was answered at once). */
  readonly offeredTo: number;
  /** The gateway gave up on its request: the held lookup (if any) is dropped. */
  cancel(): void;
}

/** What the HTTP routes need from the emulator (a subset of its API plus the raw lookup). */
export interface HttpApi {
  status(): WebsocketStatus;
  calls(): EmulatorLeg[];
  stats(): EmulatorStats;
  setQuirks(on: boolean): void;
  quirks(): boolean;
  /** Whether `auth` (with or without its `Basic ` scheme) is one of the configured tokens. */
  isKnownToken(auth: string): boolean;
  /** Runs a gateway lookup; `settle` is called once with the answer (maybe before this returns). */
  lookup(request: LookupRequest, settle: (outcome: LookupOutcome) => void): LookupHandle;
  injectEvent(event: Record<string, unknown>): boolean;
  /** Pending emulator timers (for the `limits.maxTimers` gate of the control routes). */
  pendingTimers(): number;
  /** The caps in force. */
  readonly limits: Readonly<EmulatorLimits>;
  readonly remote: RemoteControl;
  readonly faults: EmulatorFaults;
}
