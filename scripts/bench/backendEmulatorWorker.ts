/**
 * Runs the built Active Call or Telnyx emulator (`packages/emulator/dist`, fast timing) in a
 * worker thread, so that serving calls does not share the event loop of the driver that
 * measures it (the CM emulator's worker is emulatorWorker.ts). `workerData` names the backend
 * and the emulator's limits; the worker answers `stats` (live calls, heap after full GCs) and
 * `stop`.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type * as EmulatorModule from '../../packages/emulator/src/index';
import type {
  BackendEmulatorReply,
  BackendEmulatorRequest,
  BackendEmulatorSettings,
} from './backendEmulatorProtocol';

const port = parentPort;
if (!port) throw new Error('backendEmulatorWorker.ts must run in a worker thread');
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const settings = workerData as BackendEmulatorSettings;

const entry = new URL('../../packages/emulator/dist/index.js', import.meta.url).href;
const emulators = (await import(entry)) as typeof EmulatorModule;

interface Running {
  readonly ready: Extract<BackendEmulatorReply, { type: 'ready' }>;
  liveCalls(): number;
  close(): Promise<void>;
}

async function start(): Promise<Running> {
  if (settings.backend === 'active-call') {
    const emulator = await emulators.startActiveCallEmulator({
      timing: 'fast',
      maxSessions: settings.maxCalls,
    });
    return {
      ready: { type: 'ready', url: emulator.wsUrl },
      liveCalls: () => emulator.stats().sessions,
      close: () => emulator.close(),
    };
  }
  const emulator = await emulators.startTelnyxEmulator({
    timing: 'fast',
    maxCalls: settings.maxCalls,
    // The driver dials as fast as the emulator answers: its dial limit is not what is measured.
    dialRateLimit: { perSecond: 1_000_000, windowMs: 1_000 },
    ...(settings.webhookUrl === undefined ? {} : { webhookUrl: settings.webhookUrl }),
  });
  return {
    ready: {
      type: 'ready',
      url: emulator.apiBase,
      apiKey: emulator.apiKey,
      connectionId: emulator.connectionId,
    },
    liveCalls: () => emulator.stats().calls,
    close: () => emulator.close(),
  };
}

const running = await start();
port.on('message', async (request: BackendEmulatorRequest) => {
  if (request.type === 'stop') {
    await running.close();
    port.postMessage({ type: 'stopped' } satisfies BackendEmulatorReply);
    port.close();
    return;
  }
  gc();
  gc();
  port.postMessage({
    type: 'stats',
    calls: running.liveCalls(),
    heapUsed: getHeapStatistics().used_heap_size,
  } satisfies BackendEmulatorReply);
});
port.postMessage(running.ready satisfies BackendEmulatorReply);
