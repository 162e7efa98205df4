/**
 * Runs the built CM emulator (`packages/emulator/dist`) in a worker thread, so that serving
 * calls does not share the event loop of the client driving it. Answers requests from the main
 * thread: restart (a crash and back on the same port), stats (legs, timers and heap), stop.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import type * as EmulatorModule from '../../packages/emulator/src/index';
import type { EmulatorReply, EmulatorRequest } from './emulatorProtocol';

const port = parentPort;
if (!port) throw new Error('emulatorWorker.ts must run in a worker thread');
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Epoch ms with sub-millisecond precision, comparable with the main thread's. */
const now = () => performance.timeOrigin + performance.now();

const entry = new URL('../../packages/emulator/dist/index.js', import.meta.url).href;
const { startEmulator } = (await import(entry)) as typeof EmulatorModule;
const emulator = await startEmulator({ timing: 'fast', pingIntervalMs: 0 });

port.on('message', async (request: EmulatorRequest) => {
  let reply: EmulatorReply;
  try {
    if (request.type === 'restart') {
      await emulator.restart();
      reply = { type: 'restarted', at: now() };
    } else if (request.type === 'stats') {
      gc();
      gc();
      const { calls, sessions, timers } = emulator.stats();
      const subscribed = Object.fromEntries(
        emulator.status().clients.map((client) => [client.client_id, client.subscribed_numbers]),
      );
      const heapUsed = getHeapStatistics().used_heap_size;
      reply = { type: 'stats', calls, sessions, timers, heapUsed, subscribed };
    } else {
      await emulator.close();
      port.postMessage({ type: 'stopped' } satisfies EmulatorReply);
      port.close();
      return;
    }
  } catch (error) {
    reply = { type: 'error', message: String(error) };
  }
  port.postMessage(reply);
});

port.postMessage({
  type: 'ready',
  wsUrl: emulator.wsUrl,
  token: emulator.token,
  appId: emulator.appIds[0] ?? '',
} satisfies EmulatorReply);
