/** Messages between the benchmark's main thread and the emulator worker (emulatorWorker.ts). */

/** Main thread → worker. */
export type EmulatorRequest = { type: 'restart' } | { type: 'stats' } | { type: 'stop' };

/** Worker → main thread. */
export type EmulatorReply =
  | { type: 'ready'; wsUrl: string; token: string; appId: string }
  /** The emulator listens again; `at` in epoch ms (`performance.timeOrigin + now()`). */
  | { type: 'restarted'; at: number }
  /**
   * Live legs, sessions, pending timers, the worker's heap after full GCs (bytes), and the
   * numbers each registered `client_id` is subscribed to.
   */
  | {
      type: 'stats';
      calls: number;
      sessions: number;
      timers: number;
      heapUsed: number;
      subscribed: Record<string, string[]>;
    }
  | { type: 'stopped' }
  | { type: 'error'; message: string };
