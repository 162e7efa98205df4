import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** A bench server in a worker thread, spoken to one request at a time. */
export interface BenchWorker<Request, Reply extends { readonly type: string }> {
  /** The worker's first message (it says it is ready). */
  readonly ready: Extract<Reply, { type: 'ready' }>;
  /** Sends `request` once the previous one was answered; rejects unless the reply is `expected`. */
  ask<T extends Reply['type']>(request: Request, expected: T): Promise<Extract<Reply, { type: T }>>;
  /** Sends `stop`, waits for `stopped` and for the thread to exit. */
  stop(): Promise<void>;
}

/**
 * Starts the TypeScript module `entry` (a URL next to the caller) in a worker thread, through
 * tsx's loader, and waits for its `ready` message. The server then runs on its own thread, so
 * what the bench measures on the main thread is the client alone.
 */
export async function startBenchWorker<
  Request extends { readonly type: string },
  Reply extends { readonly type: string },
>(entry: URL, workerData?: unknown): Promise<BenchWorker<Request, Reply>> {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`,
    { eval: true, workerData },
  );
  const [ready] = (await once(worker, 'message')) as [Reply];
  if (ready.type !== 'ready') throw new Error(`bench worker: ${JSON.stringify(ready)}`);
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T extends Reply['type']>(request: Request, expected: T) => {
    const next = queue.then(async () => {
      worker.postMessage(request);
      const [reply] = (await once(worker, 'message')) as [Reply];
      if (reply.type !== expected) throw new Error(`bench worker: ${JSON.stringify(reply)}`);
      return reply as Extract<Reply, { type: T }>;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    ready: ready as Extract<Reply, { type: 'ready' }>,
    ask,
    async stop() {
      const exited = once(worker, 'exit');
      await ask({ type: 'stop' } as Request, 'stopped' as Reply['type']);
      await exited;
    },
  };
}
