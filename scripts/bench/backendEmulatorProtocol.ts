/** Messages between the benchmark's main thread and backendEmulatorWorker.ts. */

/** Which emulator the worker runs, and its limits (`workerData`). */
export interface BackendEmulatorSettings {
  readonly backend: 'active-call' | 'telnyx';
  /** Live sessions (Active Call) or legs (Telnyx) the emulator accepts. */
  readonly maxCalls: number;
  /** Telnyx: the application's webhook URL. */
  readonly webhookUrl?: string;
}

/** Main thread → worker. */
export type BackendEmulatorRequest = { type: 'stats' } | { type: 'stop' };

/** Worker → main thread. */
export type BackendEmulatorReply =
  /** `url`: the Active Call `ws://` base, or the Telnyx `/v2` API base (with its key). */
  | { type: 'ready'; url: string; apiKey?: string; connectionId?: string }
  /** Live sessions or legs, and the worker's heap after full GCs (bytes). */
  | { type: 'stats'; calls: number; heapUsed: number }
  | { type: 'stopped' };
