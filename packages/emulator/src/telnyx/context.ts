import type { EmulatorLogger } from '../logger';
import type { TimerRegistry } from '../timers';
import type { LegStore } from './calls/legStore';
import type { TelnyxFaultState } from './faults';
import type { ResolvedTelnyxOptions } from './options';
import type { WebhookQueue } from './webhooks/queue';

/** Everything the Telnyx emulator's parts share. */
export interface TelnyxContext {
  readonly options: ResolvedTelnyxOptions;
  readonly logger: EmulatorLogger;
  readonly timers: TimerRegistry;
  readonly legs: LegStore;
  readonly webhooks: WebhookQueue;
  readonly faults: TelnyxFaultState;
  /** `http://host:port` once listening (recording URLs point here). */
  httpUrl: string;
}
