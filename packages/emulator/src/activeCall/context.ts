import type { EmulatorLogger } from '../logger';
import type { TimerRegistry } from '../timers';
import type { AcFaultState } from './faultState';
import type { CommandFrameLog } from './frameLog';
import type { InboundStore } from './inboundStore';
import type { ResolvedActiveCallOptions } from './options';
import type { AcSession } from './session';

/** The state every part of the Active Call emulator shares. */
export interface AcContext {
  readonly options: ResolvedActiveCallOptions;
  readonly logger: EmulatorLogger;
  readonly timers: TimerRegistry;
  /** Live sessions by id. */
  readonly sessions: Map<string, AcSession>;
  readonly inbound: InboundStore;
  readonly faults: AcFaultState;
  readonly frames: CommandFrameLog;
  /** Webhook POSTs in flight, aborted on close. */
  readonly webhooks: Set<AbortController>;
}
