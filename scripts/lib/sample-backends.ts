import { once } from 'node:events';
import { createServer } from 'node:net';
import { scenario, startTelnyxEmulator } from '../../packages/emulator/src/index';

/**
 * A backend's emulator started for one sample program, and the environment the program reads
 * its settings from (the names the guide tells a user to set for the real service).
 */
export interface SampleBackend extends AsyncDisposable {
  readonly env: Readonly<Record<string, string>>;
}

/** A port nobody listens on right now, for a sample that takes its port from `PORT`. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Telnyx: the REST API and its signing key from the emulator, webhooks to the sample's server. */
async function telnyx(): Promise<SampleBackend> {
  const emulator = await startTelnyxEmulator({ timing: 'fast' });
  const port = await freePort();
  return {
    env: {
      TELNYX_API_KEY: emulator.apiKey,
      TELNYX_CONNECTION_ID: emulator.connectionId,
      TELNYX_PUBLIC_KEY: emulator.publicKey,
      TELNYX_BASE_URL: emulator.apiBase,
      PORT: String(port),
      WEBHOOK_URL: `http://127.0.0.1:${port}/telnyx/webhooks`,
      TO_NUMBER: scenario.answer(),
      FROM_NUMBER: '+15551230000',
    },
    [Symbol.asyncDispose]: () => emulator[Symbol.asyncDispose](),
  };
}

/**
 * The backends a `<!-- sample: backend=NAME -->` program can run against besides the Call
 * Manager (the default, which the docs test starts itself for its inbound and browser steps).
 * A new backend adds one starter here.
 */
export const SAMPLE_BACKENDS: Readonly<Record<string, () => Promise<SampleBackend>>> = {
  telnyx,
};
