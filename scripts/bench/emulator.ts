import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { EmulatorReply, EmulatorRequest } from './emulatorProtocol';

/** The main thread's handle on the emulator worker. */
export interface BenchEmulator {
  readonly wsUrl: string;
  readonly token: string;
  /** An app id the emulator accepts. */
  readonly appId: string;
  /** Drops every socket like a crash and listens again; resolves with when it was back (epoch ms). */
  restart(): Promise<number>;
  /** Live legs, sessions, timers and the worker's heap (after full GCs). */
  stats(): Promise<Extract<EmulatorReply, { type: 'stats' }>>;
  stop(): Promise<void>;
}

/** Starts emulatorWorker.ts (the built CM emulator, fast timing) in a worker thread. */
export async function startBenchEmulator(): Promise<BenchEmulator> {
  const entry = new URL('./emulatorWorker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
  const [ready] = (await once(worker, 'message')) as [EmulatorReply];
  if (ready.type !== 'ready') throw new Error(`emulator worker: ${JSON.stringify(ready)}`);
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T extends EmulatorReply['type']>(
    request: EmulatorRequest,
    expected: T,
  ): Promise<Extract<EmulatorReply, { type: T }>> => {
    const next = queue.then(async () => {
      worker.postMessage(request);
      const [reply] = (await once(worker, 'message')) as [EmulatorReply];
      if (reply.type !== expected) throw new Error(`emulator worker: ${JSON.stringify(reply)}`);
      return reply as Extract<EmulatorReply, { type: T }>;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    wsUrl: ready.wsUrl,
    token: ready.token,
    appId: ready.appId,
    restart: async () => (await ask({ type: 'restart' }, 'restarted')).at,
    stats: () => ask({ type: 'stats' }, 'stats'),
    async stop() {
      const exited = once(worker, 'exit');
      await ask({ type: 'stop' }, 'stopped');
      await exited;
    },
  };
}
