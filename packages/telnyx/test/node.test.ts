import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelnyxClient } from '../src';
import { leg, signedHeaders, webhookBody, webhookClient } from './webhooks';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function setup(options = {}) {
  const world = await webhookClient(options);
  cleanup.push(() => world.client.close());
  return world;
}

const incoming = (name: string) =>
  webhookBody('call.initiated', { ...leg(name), direction: 'incoming' });

describe('the Node http adapter', () => {
  it('client.webhookListener under http.createServer reads the raw body and answers', async () => {
    const { client, keys } = await setup();
    const url = await listening(createServer(client.webhookListener));
    const body = incoming('n1');
    const answer = await fetch(`${url}/anything`, {
      method: 'POST',
      body,
      headers: signedHeaders(keys, body),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ received: true });
    expect(client.getCall('v3:n1')?.state).toBe('incoming');
    expect((await fetch(url)).status).toBe(405);
  });

  it('uses a body a middleware already read raw (express.raw()), and refuses a parsed one', async () => {
    const { client, keys } = await setup();
    let parse: 'raw' | 'json' = 'raw';
    const server = createServer((req: IncomingMessage & { body?: unknown }, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        req.body = parse === 'raw' ? raw : JSON.parse(raw.toString());
        client.webhookListener(req, res);
      });
    });
    const url = await listening(server);
    const body = incoming('n2');
    const headers = signedHeaders(keys, body);
    expect((await fetch(url, { method: 'POST', body, headers })).status).toBe(200);
    parse = 'json';
    const refused = await fetch(url, { method: 'POST', body: incoming('n3'), headers });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe('webhook-body-parsed');
  });

  it('webhook.listen: its own server on the given path, 404 elsewhere, 413 over maxBodyBytes, stopped by close()', async () => {
    const world = await webhookClient({
      webhook: { listen: { port: 0, path: '/hooks' }, maxBodyBytes: 2048 },
    });
    const { client, keys } = world;
    const url = client.webhookAddress ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks$/);
    const body = incoming('n4');
    expect(
      (await fetch(url, { method: 'POST', body, headers: signedHeaders(keys, body) })).status,
    ).toBe(200);
    expect((await fetch(url.replace('/hooks', '/other'), { method: 'POST', body })).status).toBe(
      404,
    );
    const big = 'x'.repeat(10_000);
    expect(
      (await fetch(url, { method: 'POST', body: big, headers: signedHeaders(keys, big) })).status,
    ).toBe(413);
    await client.close();
    expect(client.webhookAddress).toBeUndefined();
    await expect(fetch(url, { method: 'POST', body })).rejects.toThrow();
  });

  it('connect() fails with invalid-options when the webhook port is taken', async () => {
    const url = await listening(createServer());
    const port = Number(new URL(url).port);
    const { createTelnyxClient } = await import('../src');
    const { fakeSdk, testKeys } = await import('./webhooks');
    const client: TelnyxClient = createTelnyxClient({
      telnyx: fakeSdk().sdk,
      connectionId: 'c',
      publicKey: testKeys().publicKey,
      webhook: { listen: { port } },
    });
    const error = await client.connect().catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('invalid-options');
    expect(client.state.status).toBe('closed');
    await client.close();
  });
});
