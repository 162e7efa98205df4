import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { ServerRequest, ServerResponse } from './protocol';

/** The main thread's handle on the CM server worker. */
export interface BenchServer {
  /** `ws://127.0.0.1:PORT/v1/ws/events`. */
  readonly url: string;
  /** Asks the worker to send frames to the latest connection; resolves with how many it queued. */
  request(request: Exclude<ServerRequest, { type: 'stop' }>): Promise<number>;
  /** Stops the worker and its server. */
  stop(): Promise<void>;
}

/** Starts cmServer.ts in a worker thread, with tsx's loader registered there too. */
export async function startBenchServer(): Promise<BenchServer> {
  // Loader hooks registered in the main thread do not reach workers (Node 20), so the worker
  // registers tsx itself before importing the TypeScript entry.
  const entry = new URL('./cmServer.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
  const [ready] = (await once(worker, 'message')) as [ServerResponse];
  if (ready.type !== 'ready')
    throw new Error(`bench server failed to start: ${JSON.stringify(ready)}`);
  let queue = Promise.resolve(0);
  return {
    url: `ws://127.0.0.1:${ready.port}/v1/ws/events`,
    request(request) {
      // One request at a time, so each answer belongs to its request.
      const next = queue.then(async () => {
        worker.postMessage(request);
        const [response] = (await once(worker, 'message')) as [ServerResponse];
        if (response.type !== 'sent') throw new Error(`bench server: ${JSON.stringify(response)}`);
        return response.count;
      });
      queue = next.catch(() => 0);
      return next;
    },
    async stop() {
      const exited = once(worker, 'exit');
      worker.postMessage({ type: 'stop' } satisfies ServerRequest);
      await exited;
    },
  };
}
