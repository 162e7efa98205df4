import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ServerRequest, ServerResponse } from './protocol';

/** The main process's handle on the CM server child process. */
export interface BenchServer {
  /** `ws://127.0.0.1:PORT/v1/ws/events`. */
  readonly url: string;
  /** Asks the server to send frames to a registered client; resolves with how many it queued. */
  request(request: Extract<ServerRequest, { type: 'blast' | 'hangupAll' }>): Promise<number>;
  /** The byte size of one blasted frame of each kind. */
  frameSizes(): Promise<{ bridge: number; dtmf: number }>;
  /** Stops the server process. */
  stop(): Promise<void>;
}

async function nextMessage(child: ChildProcess): Promise<ServerResponse> {
  const [message] = (await once(child, 'message')) as [ServerResponse];
  return message;
}

/**
 * Starts cmServer.ts in a child process (with tsx's loader). A process rather than a worker
 * thread: the client's CPU time (`process.cpuUsage()`) then counts only the client.
 */
export async function startBenchServer(): Promise<BenchServer> {
  const child = fork(fileURLToPath(new URL('./cmServer.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextMessage(child);
  if (ready.type !== 'ready') {
    throw new Error(`bench server failed to start: ${JSON.stringify(ready)}`);
  }
  let queue: Promise<unknown> = Promise.resolve();
  // One request at a time, so each answer belongs to its request.
  const ask = (request: Exclude<ServerRequest, { type: 'stop' }>): Promise<ServerResponse> => {
    const next = queue.then(async () => {
      const answer = nextMessage(child);
      child.send(request);
      const response = await answer;
      if (response.type === 'error') throw new Error(`bench server: ${response.message}`);
      return response;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    url: `ws://127.0.0.1:${ready.port}/v1/ws/events`,
    async request(request) {
      const response = await ask(request);
      if (response.type !== 'sent') throw new Error(`bench server: ${JSON.stringify(response)}`);
      return response.count;
    },
    async frameSizes() {
      const response = await ask({ type: 'frameSizes' });
      if (response.type !== 'sizes') throw new Error(`bench server: ${JSON.stringify(response)}`);
      return { bridge: response.bridge, dtmf: response.dtmf };
    },
    async stop() {
      const exited = once(child, 'exit');
      child.send({ type: 'stop' } satisfies ServerRequest);
      await exited;
    },
  };
}
