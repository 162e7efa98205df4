import type { EmulatorReply, EmulatorRequest } from './emulatorProtocol';
import { startBenchWorker } from './workerThread';

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
  const worker = await startBenchWorker<EmulatorRequest, EmulatorReply>(
    new URL('./emulatorWorker.ts', import.meta.url),
  );
  const { wsUrl, token, appId } = worker.ready;
  return {
    wsUrl,
    token,
    appId,
    restart: async () => (await worker.ask({ type: 'restart' }, 'restarted')).at,
    stats: () => worker.ask({ type: 'stats' }, 'stats'),
    stop: () => worker.stop(),
  };
}
