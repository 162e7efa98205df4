import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scenario, startTelnyxEmulator, type TelnyxEmulator } from '@callstream/emulator';
import { createTelnyxClient, type TelnyxClient } from '@callstream/telnyx';
import { EMULATOR_FROM_NUMBER } from '../config';
import { ExampleError } from '../errors';
import { loopbackRemote } from './loopbackRemote';
import { readSetting, requiredSetting } from './settings';
import type { BackendProfile, BackendSession, OpenOptions, RemoteWorld } from './types';

/** The environment variables that point the examples at a real Telnyx account. */
export const TELNYX_ENV_VARS = {
  TELNYX_API_KEY: 'Telnyx API key (KEY…); unset = embedded Telnyx emulator (never printed)',
  TELNYX_CONNECTION_ID:
    'the Call Control Application (connection_id) (required with TELNYX_API_KEY)',
  TELNYX_PUBLIC_KEY: "the account's webhook public key, base64 (required with TELNYX_API_KEY)",
  TELNYX_WEBHOOK_URL:
    "the public URL Telnyx posts this program's webhooks to, e.g. an https tunnel (required with TELNYX_API_KEY)",
  TELNYX_WEBHOOK_PORT:
    'local port the webhook server listens on (default 3000; the URL must reach it)',
  FROM_NUMBER: 'caller id for outbound calls (E.164, a number of the account)',
  TO_NUMBER: 'number to dial (E.164)',
  DID: "the application's own number; inbound parts call it (a loopback call)",
} as const;

const required = requiredSetting(TELNYX_ENV_VARS, 'TELNYX_API_KEY');

/** A Node `http` server for the client's webhooks (the Node adapter), on `port`. */
async function listen(client: TelnyxClient, host: string, port: number): Promise<Server> {
  const server = createServer(client.webhookListener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The embedded Telnyx emulator's callers. */
function emulatorWorld(emulator: TelnyxEmulator): RemoteWorld {
  const check = (ok: boolean, what: string) => {
    if (!ok)
      throw new ExampleError('step-failed', `the Telnyx emulator has no live leg to ${what}`);
  };
  return {
    async ringIn(from) {
      await emulator.simulateInbound({ from });
    },
    async pressDigits(callId, digits) {
      check(emulator.remote.pressDigits(callId, digits), `press ${digits} on ${callId}`);
    },
    async hangup(callId) {
      check(emulator.remote.hangup(callId), `hang up ${callId}`);
    },
  };
}

async function openEmulator(options: OpenOptions): Promise<BackendSession> {
  const { argv, timing, timeoutMs, log } = options;
  const chosen = argv.includes('--fast') ? 'fast' : (timing ?? 'realistic');
  const emulator = await startTelnyxEmulator({ timing: chosen });
  const client = createTelnyxClient({
    apiKey: emulator.apiKey,
    baseURL: emulator.apiBase,
    connectionId: emulator.connectionId,
    publicKey: emulator.publicKey,
    commandTimeoutMs: timeoutMs,
  });
  // The Node adapter on a free loopback port, made the application's webhook URL.
  const server = await listen(client, '127.0.0.1', 0);
  const { port } = server.address() as AddressInfo;
  emulator.setWebhookUrl(`http://127.0.0.1:${port}/telnyx/webhooks`);
  log(
    `[callstream] TELNYX_API_KEY is not set: using an embedded Telnyx emulator at ${emulator.apiBase} (${typeof chosen === 'string' ? chosen : 'shortened realistic'} timing), webhooks on 127.0.0.1:${port}`,
  );
  let closing: Promise<void> | undefined;
  return {
    name: 'telnyx',
    client,
    source: 'emulator',
    where: emulator.apiBase,
    from: EMULATOR_FROM_NUMBER,
    dialTarget: (digits) => scenario.pressDigits(digits),
    remote: emulatorWorld(emulator),
    secrets: [emulator.apiKey],
    close: () => {
      closing ??= (async () => {
        await stop(server);
        await emulator.close();
      })();
      return closing;
    },
  };
}

async function openAccount(options: OpenOptions, apiKey: string): Promise<BackendSession> {
  const { env, timeoutMs } = options;
  const webhookUrl = required(env, 'TELNYX_WEBHOOK_URL');
  const port = Number(readSetting(env, 'TELNYX_WEBHOOK_PORT') ?? '3000');
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ExampleError('usage', 'TELNYX_WEBHOOK_PORT must be a port number');
  }
  const client = createTelnyxClient({
    apiKey,
    connectionId: required(env, 'TELNYX_CONNECTION_ID'),
    publicKey: required(env, 'TELNYX_PUBLIC_KEY'),
    webhook: { url: webhookUrl },
    commandTimeoutMs: timeoutMs,
  });
  const server = await listen(client, '0.0.0.0', port);
  let closing: Promise<void> | undefined;
  return {
    name: 'telnyx',
    client,
    source: 'real',
    where: 'https://api.telnyx.com/v2',
    get from() {
      return required(env, 'FROM_NUMBER');
    },
    dialTarget: () => required(env, 'TO_NUMBER'),
    remote: loopbackRemote(
      client,
      () => ({ did: required(env, 'DID'), from: required(env, 'FROM_NUMBER') }),
      'a real Telnyx account',
    ),
    secrets: [apiKey],
    close: () => {
      closing ??= stop(server);
      return closing;
    },
  };
}

/** Telnyx Call Control: TELNYX_API_KEY & co. for a real account, else the embedded Telnyx emulator. */
export const telnyxBackend: BackendProfile = {
  name: 'telnyx',
  summary: 'Telnyx Call Control (REST + signed webhooks); TELNYX_API_KEY etc. for a real account',
  env: TELNYX_ENV_VARS,
  open(options) {
    const apiKey = readSetting(options.env, 'TELNYX_API_KEY');
    return apiKey === undefined ? openEmulator(options) : openAccount(options, apiKey);
  },
};
