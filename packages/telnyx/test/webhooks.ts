import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import type Telnyx from 'telnyx';
import { createTelnyxClient, type TelnyxClient, type TelnyxClientOptions } from '../src';

/** A test key pair: `publicKey` as Telnyx shows it (base64 of the raw 32 bytes). */
export interface TestKeys {
  readonly publicKey: string;
  readonly privateKey: KeyObject;
}

export function testKeys(): TestKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKey: der.subarray(der.length - 32).toString('base64'), privateKey };
}

/** Signs `body` as Telnyx does: Ed25519 over `timestamp|body`. */
export function signedHeaders(
  keys: TestKeys,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = sign(null, Buffer.from(`${timestamp}|${body}`), keys.privateKey);
  return {
    'content-type': 'application/json',
    'telnyx-timestamp': String(timestamp),
    'telnyx-signature-ed25519': signature.toString('base64'),
  };
}

let clock = Date.parse('2026-07-16T10:00:00.000Z');

/** A v2 webhook body for `eventType` with `payload` (a fresh id, a later occurred_at each time). */
export function webhookBody(
  eventType: string,
  payload: Record<string, unknown>,
  overrides: { id?: string; occurredAt?: string } = {},
): string {
  clock += 1;
  return JSON.stringify({
    data: {
      record_type: 'event',
      event_type: eventType,
      id: overrides.id ?? randomUUID(),
      occurred_at: overrides.occurredAt ?? new Date(clock).toISOString(),
      payload,
    },
    meta: { attempt: 1, delivered_to: 'http://127.0.0.1/telnyx' },
  });
}

/** The ids of one synthetic leg. */
export function leg(name: string) {
  return {
    call_control_id: `v3:${name}`,
    call_leg_id: `leg-${name}`,
    call_session_id: `session-${name}`,
    connection_id: 'conn-1',
    from: '+15551230000',
    to: '+15559870000',
  };
}

/** A stand-in for the `telnyx` SDK whose requests are recorded and answered by `answer`. */
export function fakeSdk(
  answer: (method: string, args: unknown[]) => unknown = () => ({ data: { result: 'ok' } }),
) {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const call =
    (method: string) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return answer(method, args);
    };
  const actions = new Proxy({} as Record<string, unknown>, {
    get: (_target, name) => call(`actions.${String(name)}`),
  });
  const sdk = {
    calls: { dial: call('dial'), retrieveStatus: call('retrieveStatus'), actions },
    connections: { listActiveCalls: call('listActiveCalls') },
  };
  return { sdk: sdk as unknown as Telnyx, calls };
}

/** A connected client on a fake SDK, with its own webhook keys: feed it with {@link deliver}. */
export async function webhookClient(
  options: Partial<TelnyxClientOptions> = {},
  answer?: (method: string, args: unknown[]) => unknown,
) {
  const keys = testKeys();
  const fake = fakeSdk(answer);
  const client = createTelnyxClient({
    telnyx: fake.sdk,
    connectionId: 'conn-1',
    publicKey: keys.publicKey,
    reconcile: false,
    ...options,
  });
  await client.connect();
  const deliver = (eventType: string, payload: Record<string, unknown>, overrides = {}) => {
    const body = webhookBody(eventType, payload, overrides);
    return client.webhookHandler({ body, headers: signedHeaders(keys, body) });
  };
  return { client, keys, deliver, requests: fake.calls };
}

export type { TelnyxClient };
