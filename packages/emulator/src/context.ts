import type { FaultState } from './faultState';
import type { FrameLog } from './frameLog';
import type { LegStore } from './gateway/legs';
import type { LookupStore } from './gateway/lookups';
import type { EmulatorLogger } from './logger';
import type { ResolvedEmulatorOptions } from './options';
import type { SessionRegistry } from './sessionRegistry';
import type { TimerRegistry } from './timers';

/** The shared state every part of the emulator works on. */
export interface EmulatorContext {
  readonly options: ResolvedEmulatorOptions;
  readonly logger: EmulatorLogger;
  readonly timers: TimerRegistry;
  readonly sessions: SessionRegistry;
  readonly legs: LegStore;
  readonly lookups: LookupStore;
  readonly faults: FaultState;
  readonly frames: FrameLog;
  /** The CM's own webhook URL, injected into lookup answers (§11.4). */
  webhookUrl: string;
}
