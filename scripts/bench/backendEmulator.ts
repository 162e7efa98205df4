import type {
  BackendEmulatorReply,
  BackendEmulatorRequest,
  BackendEmulatorSettings,
} from './backendEmulatorProtocol';
import { startBenchWorker } from './workerThread';

/** The main thread's handle on an Active Call or Telnyx emulator in its worker thread. */
export interface BackendEmulator {
  readonly ready: Extract<BackendEmulatorReply, { type: 'ready' }>;
  /** Live sessions or legs and the worker's heap (after full GCs). */
  stats(): Promise<Extract<BackendEmulatorReply, { type: 'stats' }>>;
  stop(): Promise<void>;
}

/** Starts backendEmulatorWorker.ts with `settings` and waits until the emulator listens. */
export async function startBackendEmulator(
  settings: BackendEmulatorSettings,
): Promise<BackendEmulator> {
  const worker = await startBenchWorker<BackendEmulatorRequest, BackendEmulatorReply>(
    new URL('./backendEmulatorWorker.ts', import.meta.url),
    settings,
  );
  return {
    ready: worker.ready,
    stats: () => worker.ask({ type: 'stats' }, 'stats'),
    stop: () => worker.stop(),
  };
}

/**
 * Runs `count` tasks with at most `inFlight` at a time; resolves with tasks per second of wall
 * time (the emulator's pace, its worker thread included).
 */
export async function tasksPerSecond(
  count: number,
  inFlight: number,
  task: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return count / ((performance.now() - start) / 1000);
}

/** Waits until the emulator has no live call left (its teardown may trail the driver's). */
export async function untilEmpty(emulator: BackendEmulator, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { calls } = await emulator.stats();
    if (calls === 0) return;
    if (performance.now() > deadline) throw new Error(`${calls} emulator calls left after hangups`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
