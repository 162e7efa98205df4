import {
  type ActiveCallClient,
  type ActiveCallClientOptions,
  createActiveCallClient,
} from '@callstream/active-call';
import { listenForWebhooks, type WebhookServer } from '@callstream/active-call/node';
import {
  AC_REALISTIC_TIMING,
  type ActiveCallEmulator,
  type ActiveCallTiming,
  scenario,
  startActiveCallEmulator,
} from '@callstream/emulator';
import { EMULATOR_FROM_NUMBER } from '../config';
import { ExampleError } from '../errors';
import { loopbackRemote } from './loopbackRemote';
import { readSetting, requiredSetting } from './settings';
import type { BackendProfile, BackendSession, OpenOptions, RemoteWorld } from './types';

/** The environment variables that point the examples at a real RustPBX Active Call server. */
export const ACTIVE_CALL_ENV_VARS = {
  ACTIVE_CALL_URL:
    'Active Call server WebSocket base (ws://host:8080); unset = embedded Active Call emulator',
  ACTIVE_CALL_WEBHOOK_PORT:
    "port this program's webhook server listens on (default 8090; the server's handler URL must reach it)",
  ACTIVE_CALL_SIP_DOMAIN: 'domain that makes dialled numbers SIP URIs (sip:NUMBER@DOMAIN)',
  FROM_NUMBER: 'caller id for outbound calls (a number or sip: URI)',
  TO_NUMBER: 'number or sip: URI to dial',
  DID: "the server's own number; inbound parts call it (a loopback call)",
} as const;

const required = requiredSetting(ACTIVE_CALL_ENV_VARS, 'ACTIVE_CALL_URL');

/** The Call Manager emulator's timing object, reduced to the delays this emulator has. */
function timingFor(options: OpenOptions): 'fast' | 'realistic' | Partial<ActiveCallTiming> {
  if (options.argv.includes('--fast')) return 'fast';
  const { timing } = options;
  if (timing === undefined || typeof timing === 'string') return timing ?? 'realistic';
  const picked: Partial<Record<keyof ActiveCallTiming, number>> = {};
  for (const key of Object.keys(AC_REALISTIC_TIMING) as (keyof ActiveCallTiming)[]) {
    const value = (timing as Partial<Record<string, number>>)[key];
    if (typeof value === 'number') picked[key] = value;
  }
  return picked;
}

/** The embedded emulator's callers, ringing this program's webhook. */
function emulatorWorld(emulator: ActiveCallEmulator, webhooks: WebhookServer): RemoteWorld {
  const check = (ok: boolean, what: string) => {
    if (!ok) {
      throw new ExampleError('step-failed', `the Active Call emulator has no live call to ${what}`);
    }
  };
  return {
    async ringIn(from) {
      const result = await emulator.simulateInbound({
        caller: from.startsWith('sip:') ? from : `sip:${from}@127.0.0.1`,
        webhookUrl: webhooks.url,
      });
      if (!result.delivered) {
        throw new ExampleError('step-failed', `the webhook was not taken (${result.error ?? ''})`);
      }
    },
    async pressDigits(callId, digits) {
      check(emulator.remote.pressDigits(callId, digits), `press ${digits} on ${callId}`);
    },
    async hangup(callId) {
      check(emulator.remote.hangup(callId), `hang up ${callId}`);
    },
    async speak(callId, text) {
      check(emulator.remote.speak(callId, text), `say "${text}" on ${callId}`);
    },
  };
}

/** Options every example client of this backend gets. */
function clientOptions(endpoint: string, timeoutMs: number): ActiveCallClientOptions {
  return {
    endpoint,
    commandTimeoutMs: timeoutMs,
    openTimeoutMs: timeoutMs,
    // The portable programs ask the backend for no TTS; a default lets `speak` work anywhere.
    callOption: { tts: { provider: 'emulator' } },
  };
}

/** An Active Call session of a program: the client (typed) plus its emulator, if embedded. */
export interface ActiveCallSetup {
  readonly client: ActiveCallClient;
  readonly session: BackendSession;
  /** The embedded emulator, or undefined against a real server. */
  readonly emulator: ActiveCallEmulator | undefined;
}

async function openEmulator(options: OpenOptions): Promise<ActiveCallSetup> {
  const timing = timingFor(options);
  const emulator = await startActiveCallEmulator({ timing });
  const client = createActiveCallClient(clientOptions(emulator.wsUrl, options.timeoutMs));
  const webhooks = await listenForWebhooks(client, { path: '/webhook' });
  options.log(
    `[callstream] ACTIVE_CALL_URL is not set: using an embedded Active Call emulator at ${emulator.wsUrl} (${typeof timing === 'string' ? timing : 'shortened realistic'} timing), webhooks on ${webhooks.url}`,
  );
  let closing: Promise<void> | undefined;
  return {
    client,
    emulator,
    session: {
      name: 'active-call',
      client,
      source: 'emulator',
      where: emulator.wsUrl,
      from: EMULATOR_FROM_NUMBER,
      dialTarget: (digits) => scenario.pressDigits(digits),
      remote: emulatorWorld(emulator, webhooks),
      secrets: [],
      close: () => {
        closing ??= (async () => {
          await webhooks.close();
          await emulator.close();
        })();
        return closing;
      },
    },
  };
}

async function openServer(options: OpenOptions, endpoint: string): Promise<ActiveCallSetup> {
  const { env, timeoutMs } = options;
  const port = Number(readSetting(env, 'ACTIVE_CALL_WEBHOOK_PORT') ?? '8090');
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ExampleError('usage', 'ACTIVE_CALL_WEBHOOK_PORT must be a port number');
  }
  const sipDomain = readSetting(env, 'ACTIVE_CALL_SIP_DOMAIN');
  let client: ActiveCallClient;
  try {
    client = createActiveCallClient({
      ...clientOptions(endpoint, timeoutMs),
      callOption: {},
      ...(sipDomain === undefined ? {} : { sipDomain }),
    });
  } catch (error) {
    throw new ExampleError('usage', (error as Error).message, { cause: error });
  }
  const webhooks = await listenForWebhooks(client, { host: '0.0.0.0', port });
  let closing: Promise<void> | undefined;
  return {
    client,
    emulator: undefined,
    session: {
      name: 'active-call',
      client,
      source: 'real',
      where: endpoint,
      get from() {
        return required(env, 'FROM_NUMBER');
      },
      dialTarget: () => required(env, 'TO_NUMBER'),
      remote: loopbackRemote(
        client,
        () => ({ did: required(env, 'DID'), from: required(env, 'FROM_NUMBER') }),
        'a real Active Call server',
      ),
      secrets: [],
      close: () => {
        closing ??= webhooks.close();
        return closing;
      },
    },
  };
}

/**
 * Opens the Active Call backend with its typed client: ACTIVE_CALL_URL for a real server,
 * else an embedded emulator whose webhooks reach a local webhook server.
 */
export function openActiveCall(options: OpenOptions): Promise<ActiveCallSetup> {
  const endpoint = readSetting(options.env, 'ACTIVE_CALL_URL');
  return endpoint === undefined ? openEmulator(options) : openServer(options, endpoint);
}

/** RustPBX Active Call: ACTIVE_CALL_URL for a real server, else the embedded emulator. */
export const activeCallBackend: BackendProfile = {
  name: 'active-call',
  summary:
    'RustPBX Active Call (a WebSocket per call + webhooks); ACTIVE_CALL_URL for a real server',
  env: ACTIVE_CALL_ENV_VARS,
  async open(options) {
    return (await openActiveCall(options)).session;
  },
};
