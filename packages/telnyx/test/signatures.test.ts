import { startTelnyxEmulator } from '@callstream/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelnyxClient, type TelnyxClient } from '../src';
import { leg, signedHeaders, testKeys, webhookBody, webhookClient } from './webhooks';

const open: TelnyxClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

async function setup() {
  const world = await webhookClient();
  open.push(world.client);
  const errors: Array<{ code: string; message: string }> = [];
  world.client.errors$.subscribe((error) => errors.push(error));
  return { ...world, errors };
}

const initiated = () => webhookBody('call.initiated', { ...leg('a'), direction: 'incoming' });

describe('webhook verification', () => {
  it('accepts a correctly signed webhook', async () => {
    const { client, keys, errors } = await setup();
    const body = initiated();
    const answer = client.webhookHandler({ body, headers: signedHeaders(keys, body) });
    expect(answer.status).toBe(200);
    expect(client.getCall('v3:a')?.state).toBe('incoming');
    expect(errors).toEqual([]);
  });

  it('accepts a Buffer, a Uint8Array and an ArrayBuffer body, and Headers objects', async () => {
    const { client, keys } = await setup();
    for (const make of [
      (text: string) => Buffer.from(text),
      (text: string) => new Uint8Array(Buffer.from(text)),
      (text: string) => new Uint8Array(Buffer.from(text)).buffer,
    ]) {
      const body = webhookBody('call.initiated', {
        ...leg(`b${Math.random()}`),
        direction: 'incoming',
      });
      const headers = new Headers(signedHeaders(keys, body));
      expect(client.webhookHandler({ body: make(body), headers }).status).toBe(200);
    }
    expect(client.activeCalls()).toHaveLength(3);
  });

  it('refuses a tampered body with 401 and an errors$ entry, changing nothing', async () => {
    const { client, keys, errors } = await setup();
    const body = initiated();
    const headers = signedHeaders(keys, body);
    const answer = client.webhookHandler({
      body: body.replace('+15551230000', '+15551239999'),
      headers,
    });
    expect(answer.status).toBe(401);
    expect(client.activeCalls()).toEqual([]);
    expect(errors.map((error) => error.code)).toEqual(['webhook-signature-invalid']);
  });

  it('says the body was probably re-serialised when the signature fails on valid JSON', async () => {
    const { client, keys, errors } = await setup();
    const body = initiated();
    const headers = signedHeaders(keys, body);
    const reserialised = JSON.stringify(JSON.parse(body), null, 2);
    expect(client.webhookHandler({ body: reserialised, headers }).status).toBe(401);
    expect(errors[0]?.message).toMatch(/serialised it again.*raw body/);
  });

  it('refuses an already parsed body (express.json()) with 400 and a raw-body hint', async () => {
    const { client, keys, errors } = await setup();
    const body = initiated();
    const answer = client.webhookHandler({
      body: JSON.parse(body),
      headers: signedHeaders(keys, body),
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.code).toBe('webhook-body-parsed');
    expect(errors[0]?.message).toMatch(/express\.raw/);
    expect(client.activeCalls()).toEqual([]);
  });

  it('refuses a stale timestamp (301 s) and accepts one 299 s old', async () => {
    const { client, keys, errors } = await setup();
    const now = Math.floor(Date.now() / 1000);
    const stale = initiated();
    expect(
      client.webhookHandler({ body: stale, headers: signedHeaders(keys, stale, now - 301) }).status,
    ).toBe(401);
    expect(errors.map((error) => error.code)).toEqual(['webhook-timestamp-stale']);
    const fresh = initiated();
    expect(
      client.webhookHandler({ body: fresh, headers: signedHeaders(keys, fresh, now - 299) }).status,
    ).toBe(200);
    const future = webhookBody('call.initiated', { ...leg('c'), direction: 'incoming' });
    expect(
      client.webhookHandler({ body: future, headers: signedHeaders(keys, future, now + 301) })
        .status,
    ).toBe(401);
  });

  it('refuses a missing signature or timestamp header with 400', async () => {
    const { client, keys, errors } = await setup();
    const body = initiated();
    const headers = signedHeaders(keys, body);
    for (const name of ['telnyx-signature-ed25519', 'telnyx-timestamp']) {
      const { [name]: _gone, ...rest } = headers;
      expect(client.webhookHandler({ body, headers: rest }).status).toBe(400);
    }
    expect(errors.map((error) => error.code)).toEqual([
      'webhook-headers-missing',
      'webhook-headers-missing',
    ]);
    expect(client.activeCalls()).toEqual([]);
  });

  it('refuses a signature made with another key', async () => {
    const { client, errors } = await setup();
    const body = initiated();
    expect(client.webhookHandler({ body, headers: signedHeaders(testKeys(), body) }).status).toBe(
      401,
    );
    expect(errors[0]?.code).toBe('webhook-signature-invalid');
    expect(errors[0]?.message).toMatch(/publicKey/);
  });

  it('refuses malformed signatures, bodies over the limit and non-v2 bodies', async () => {
    const { client, keys, errors } = await setup();
    const body = initiated();
    const headers = signedHeaders(keys, body);
    expect(
      client.webhookHandler({ body, headers: { ...headers, 'telnyx-signature-ed25519': 'x' } })
        .status,
    ).toBe(401);
    expect(
      client.webhookHandler({ body, headers: { ...headers, 'telnyx-timestamp': 'soon' } }).status,
    ).toBe(401);
    const big = 'x'.repeat(300 * 1024);
    expect(client.webhookHandler({ body: big, headers: signedHeaders(keys, big) }).status).toBe(
      413,
    );
    const v1 = JSON.stringify({ event_type: 'call_initiated', created_at: 'now', payload: {} });
    expect(client.webhookHandler({ body: v1, headers: signedHeaders(keys, v1) }).status).toBe(400);
    expect(errors.at(-1)?.message).toMatch(/webhook_api_version "2"/);
    const notJson = 'hello';
    expect(
      client.webhookHandler({ body: notJson, headers: signedHeaders(keys, notJson) }).status,
    ).toBe(400);
    expect(client.activeCalls()).toEqual([]);
  });

  it('answers 503 before connect() and after close(), so Telnyx retries', async () => {
    const keys = testKeys();
    const { sdk } = await import('./webhooks').then((m) => m.fakeSdk());
    const client = createTelnyxClient({
      telnyx: sdk,
      connectionId: 'c',
      publicKey: keys.publicKey,
    });
    const body = initiated();
    expect(client.webhookHandler({ body, headers: signedHeaders(keys, body) }).status).toBe(503);
    await client.connect();
    await client.close();
    expect(client.webhookHandler({ body, headers: signedHeaders(keys, body) }).status).toBe(503);
    expect(client.activeCalls()).toEqual([]);
  });

  it('verifies the emulator’s real signatures, and the emulator’s corrupt and stale faults are refused', async () => {
    await using emulator = await startTelnyxEmulator({ timing: 'fast' });
    const client = createTelnyxClient({
      apiKey: emulator.apiKey,
      baseURL: emulator.apiBase,
      connectionId: emulator.connectionId,
      publicKey: emulator.publicKey,
      webhook: { listen: { port: 0 } },
    });
    open.push(client);
    const codes: string[] = [];
    client.errors$.subscribe((error) => codes.push(error.code));
    await client.connect();
    emulator.setWebhookUrl(client.webhookAddress);
    for (const fault of ['corrupt', 'stale'] as const) {
      if (fault === 'corrupt') emulator.faults.corruptSignatures(1);
      else emulator.faults.staleTimestamps(1);
      const incoming = new Promise((resolve) => client.incoming$.subscribe(resolve));
      await emulator.simulateInbound({ from: '+14155550100' });
      await incoming;
    }
    // Each faulty first attempt was refused (401), then its retry was accepted.
    expect(codes).toEqual(['webhook-signature-invalid', 'webhook-timestamp-stale']);
    expect(emulator.deliveries().filter((delivery) => delivery.status === 401)).toHaveLength(2);
  });
});
