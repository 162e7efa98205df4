import type { LookupRequest } from '../gateway/lookup';
import type {
  EmulatorFaults,
  EmulatorLeg,
  EmulatorStats,
  LookupOutcome,
  RemoteControl,
  WebsocketStatus,
} from '../types';

/** What the HTTP routes need from the emulator (a subset of its API plus the raw lookup). */
export interface HttpApi {
  status(): WebsocketStatus;
  calls(): EmulatorLeg[];
  stats(): EmulatorStats;
  setQuirks(on: boolean): void;
  quirks(): boolean;
  /** Whether `auth` (with or without its `Basic ` scheme) is one of the configured tokens. */
  isKnownToken(auth: string): boolean;
  /** Runs a gateway lookup; `settle` is called once with the answer. Returns a cancel function. */
  lookup(request: LookupRequest, settle: (outcome: LookupOutcome) => void): () => void;
  injectEvent(event: Record<string, unknown>): boolean;
  readonly remote: RemoteControl;
  readonly faults: EmulatorFaults;
}
