import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  scenario,
  startActiveCallEmulator,
  startTelnyxEmulator,
} from '../../packages/emulator/src/index';

/** A backend emulator started for one doc sample; `await using` stops it. */
export interface SampleBackend extends AsyncDisposable {
  /** Environment variables the sample reads to find the backend (URLs, never real secrets). */
  readonly env: Readonly<Record<string, string>>;
}

/** A port nobody listens on right now, for a sample that takes its webhook port from the environment. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The backends a sample can ask for with `<!-- sample: backend=NAME -->`, besides the Call
 * Manager emulator every program gets. Each starts its emulator (fast timing) on loopback and
 * says where it is through environment variables, named as the guides name them; a backend
 * is added here with one entry.
 */
export const SAMPLE_BACKENDS: Readonly<Record<string, () => Promise<SampleBackend>>> = {
  'active-call': async () => {
    const emulator = await startActiveCallEmulator({ timing: 'fast' });
    return {
      env: {
        ACTIVE_CALL_URL: emulator.wsUrl,
        ACTIVE_CALL_EMULATOR_URL: emulator.httpUrl,
      },
      [Symbol.asyncDispose]: () => emulator.close(),
    };
  },
  // The REST API and its signing key from the emulator; webhooks go to the sample's own server.
  telnyx: async () => {
    const emulator = await startTelnyxEmulator({ timing: 'fast' });
    const port = await freePort();
    return {
      env: {
        TELNYX_API_KEY: emulator.apiKey,
        TELNYX_CONNECTION_ID: emulator.connectionId,
        TELNYX_PUBLIC_KEY: emulator.publicKey,
        TELNYX_BASE_URL: emulator.apiBase,
        TELNYX_WEBHOOK_PORT: String(port),
        TELNYX_WEBHOOK_URL: `http://127.0.0.1:${port}/telnyx/webhooks`,
        TO_NUMBER: scenario.answer(),
        FROM_NUMBER: '+15551230000',
      },
      [Symbol.asyncDispose]: () => emulator[Symbol.asyncDispose](),
    };
  },
};

/** No backend beyond the Call Manager's: nothing to start or stop. */
const NONE: SampleBackend = { env: {}, [Symbol.asyncDispose]: async () => {} };

/** Starts the backend a sample's directive names (none without `backend=`); throws for an unknown name. */
export function startSampleBackend(name: string | undefined): Promise<SampleBackend> {
  if (name === undefined) return Promise.resolve(NONE);
  const start = SAMPLE_BACKENDS[name];
  if (!start) {
    throw new Error(
      `backend=${name} is not a sample backend (${Object.keys(SAMPLE_BACKENDS).join(', ')})`,
    );
  }
  return start();
}
