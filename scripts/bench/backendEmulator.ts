import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type {
  BackendEmulatorReply,
  BackendEmulatorRequest,
  BackendEmulatorSettings,
} from './backendEmulatorProtocol';

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
  const entry = new URL('./backendEmulatorWorker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, workerData: settings },
  );
  const [ready] = (await once(worker, 'message')) as [BackendEmulatorReply];
  if (ready.type !== 'ready') throw new Error(`emulator worker: ${JSON.stringify(ready)}`);
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T extends BackendEmulatorReply['type']>(
    request: BackendEmulatorRequest,
    expected: T,
  ): Promise<Extract<BackendEmulatorReply, { type: T }>> => {
    const next = queue.then(async () => {
      worker.postMessage(request);
      const [reply] = (await once(worker, 'message')) as [BackendEmulatorReply];
      if (reply.type !== expected) throw new Error(`emulator worker: ${JSON.stringify(reply)}`);
      return reply as Extract<BackendEmulatorReply, { type: T }>;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    ready,
    stats: () => ask({ type: 'stats' }, 'stats'),
    async stop() {
      const exited = once(worker, 'exit');
      await ask({ type: 'stop' }, 'stopped');
      await exited;
    },
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
