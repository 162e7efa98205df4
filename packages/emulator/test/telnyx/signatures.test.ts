import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { TelnyxWebhookVerificationError } from 'telnyx/lib/webhooks';
import { describe, expect, it } from 'vitest';
import { startTelnyxEmulator } from '../../src/index';
import { fastTelnyx, type ReceivedWebhook, sdkFor, until, WebhookReceiver } from './helpers';

/** Verifies like step 4 of §9: the raw key wrapped in an SPKI header, `crypto.verify(null, …)`. */
function nodeVerifies(publicKey: string, raw: string, headers: Record<string, string>): boolean {
  const timestamp = headers['telnyx-timestamp'];
  const signature = headers['telnyx-signature-ed25519'];
  if (timestamp === undefined || signature === undefined) return false;
  const spki = Buffer.concat([
    Buffer.from('302a300506032b6570032100', 'hex'),
    Buffer.from(publicKey, 'base64'),
  ]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return verify(null, Buffer.from(`${timestamp}|${raw}`), key, Buffer.from(signature, 'base64'));
}

async function oneWebhook(setup?: (telnyx: Awaited<ReturnType<typeof fastTelnyx>>) => void) {
  const receiver = await WebhookReceiver.start();
  const telnyx = await fastTelnyx(receiver);
  setup?.(telnyx);
  await telnyx.simulateInbound();
  const webhook = await receiver.waitFor(() => true);
  return { receiver, telnyx, webhook };
}

async function sdkRejects(
  telnyx: { publicKey: string },
  webhook: ReceivedWebhook,
  raw = webhook.raw,
  headers = webhook.headers,
  key?: string,
) {
  const client = sdkFor(telnyx as never);
  let thrown: unknown;
  try {
    await client.webhooks.unwrap(raw, { headers, ...(key === undefined ? {} : { key }) });
  } catch (error) {
    thrown = error;
  }
  return thrown;
}

describe('webhook signatures (Ed25519 over "timestamp|body")', () => {
  it('publishes a 32-byte raw public key and signs what node:crypto and the SDK both accept', async () => {
    const { receiver, telnyx, webhook } = await oneWebhook();
    await using _r = receiver;
    await using _t = telnyx;
    expect(Buffer.from(telnyx.publicKey, 'base64')).toHaveLength(32);
    expect(Buffer.from(webhook.headers['telnyx-signature-ed25519'] ?? '', 'base64')).toHaveLength(
      64,
    );
    expect(webhook.headers['telnyx-timestamp']).toMatch(/^\d+$/);
    expect(Math.abs(Number(webhook.headers['telnyx-timestamp']) - Date.now() / 1000)).toBeLessThan(
      5,
    );
    expect(webhook.headers['user-agent']).toBe('telnyx-webhooks');
    expect(webhook.headers['content-type']).toBe('application/json');
    expect(nodeVerifies(telnyx.publicKey, webhook.raw, webhook.headers)).toBe(true);
    expect(await sdkRejects(telnyx, webhook)).toBeUndefined();
  });

  it('a tampered body, a tampered timestamp or a missing header fails both verifiers', async () => {
    const { receiver, telnyx, webhook } = await oneWebhook();
    await using _r = receiver;
    await using _t = telnyx;
    const tampered = webhook.raw.replace('"incoming"', '"outgoing"');
    expect(tampered).not.toBe(webhook.raw);
    expect(nodeVerifies(telnyx.publicKey, tampered, webhook.headers)).toBe(false);
    expect(await sdkRejects(telnyx, webhook, tampered)).toBeInstanceOf(
      TelnyxWebhookVerificationError,
    );

    const shifted = {
      ...webhook.headers,
      'telnyx-timestamp': String(Number(webhook.headers['telnyx-timestamp']) - 1),
    };
    expect(nodeVerifies(telnyx.publicKey, webhook.raw, shifted)).toBe(false);
    expect(await sdkRejects(telnyx, webhook, webhook.raw, shifted)).toBeInstanceOf(
      TelnyxWebhookVerificationError,
    );

    for (const header of ['telnyx-signature-ed25519', 'telnyx-timestamp']) {
      const { [header]: _dropped, ...rest } = webhook.headers;
      expect(nodeVerifies(telnyx.publicKey, webhook.raw, rest)).toBe(false);
      const error = await sdkRejects(telnyx, webhook, webhook.raw, rest);
      expect(error).toBeInstanceOf(TelnyxWebhookVerificationError);
      expect(String(error)).toMatch(/Missing required header/i);
    }
  });

  it('another key does not verify', async () => {
    const { receiver, telnyx, webhook } = await oneWebhook();
    await using _r = receiver;
    await using _t = telnyx;
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x ?? '';
    const otherKey = Buffer.from(other, 'base64url').toString('base64');
    expect(nodeVerifies(otherKey, webhook.raw, webhook.headers)).toBe(false);
    expect(
      await sdkRejects(telnyx, webhook, webhook.raw, webhook.headers, otherKey),
    ).toBeInstanceOf(TelnyxWebhookVerificationError);
  });

  it('staleTimestamps: 301 s old is refused by the SDK, 299 s old is accepted', async () => {
    const stale = await oneWebhook((telnyx) => telnyx.faults.staleTimestamps(1, 301));
    await using _r1 = stale.receiver;
    await using _t1 = stale.telnyx;
    // The signature itself is valid: only the replay window refuses it.
    expect(nodeVerifies(stale.telnyx.publicKey, stale.webhook.raw, stale.webhook.headers)).toBe(
      true,
    );
    const error = await sdkRejects(stale.telnyx, stale.webhook);
    expect(error).toBeInstanceOf(TelnyxWebhookVerificationError);
    expect(String(error)).toMatch(/too old/);
    await until(() => stale.telnyx.deliveries().length > 0);
    expect(stale.telnyx.deliveries()[0]?.fault).toBe('stale-timestamp');

    const fresh = await oneWebhook((telnyx) => telnyx.faults.staleTimestamps(1, 299));
    await using _r2 = fresh.receiver;
    await using _t2 = fresh.telnyx;
    expect(await sdkRejects(fresh.telnyx, fresh.webhook)).toBeUndefined();
  });

  it('corruptSignatures sends a well-formed signature that verifies nowhere', async () => {
    const { receiver, telnyx, webhook } = await oneWebhook((t) => t.faults.corruptSignatures(1));
    await using _r = receiver;
    await using _t = telnyx;
    expect(Buffer.from(webhook.headers['telnyx-signature-ed25519'] ?? '', 'base64')).toHaveLength(
      64,
    );
    expect(nodeVerifies(telnyx.publicKey, webhook.raw, webhook.headers)).toBe(false);
    expect(await sdkRejects(telnyx, webhook)).toBeInstanceOf(TelnyxWebhookVerificationError);
    await until(() => telnyx.deliveries().length > 0);
    expect(telnyx.deliveries()[0]?.fault).toBe('bad-signature');
  });

  it('signs with a given key pair and refuses a mismatched or non-Ed25519 one', async () => {
    const pair = generateKeyPairSync('ed25519');
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, { keyPair: pair });
    const expected = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    expect(Buffer.from(telnyx.publicKey, 'base64').equals(expected)).toBe(true);
    await telnyx.simulateInbound();
    const webhook = await receiver.waitFor(() => true);
    expect(nodeVerifies(telnyx.publicKey, webhook.raw, webhook.headers)).toBe(true);

    const other = generateKeyPairSync('ed25519');
    await expect(
      startTelnyxEmulator({ keyPair: { publicKey: other.publicKey, privateKey: pair.privateKey } }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS', message: /does not match/ });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await expect(startTelnyxEmulator({ keyPair: rsa })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });

  it('keeps the private key and a configured API key out of util.inspect and the request log', async () => {
    const pair = generateKeyPairSync('ed25519');
    const apiKey = 'KEY_SECRET_FROM_THE_USER_123';
    await using telnyx = await startTelnyxEmulator({ timing: 'fast', keyPair: pair, apiKey });
    await fetch(`${telnyx.apiBase}/calls/v3:x`, { headers: { Authorization: `Bearer ${apiKey}` } });
    await fetch(`${telnyx.apiBase}/calls`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sip_auth_password: 'hunter2', connection_id: telnyx.connectionId }),
    });
    const privateJwk = pair.privateKey.export({ format: 'jwk' }).d ?? '';
    const shown = inspect(telnyx, { depth: 10, showHidden: true });
    expect(shown).not.toContain(apiKey);
    expect(shown).not.toContain(privateJwk);
    const log = JSON.stringify(telnyx.requests());
    expect(log).not.toContain(apiKey);
    expect(log).not.toContain('hunter2');
    expect(telnyx.requests()[1]?.body).toMatchObject({ sip_auth_password: '[redacted]' });
    expect(telnyx.apiKey).toBe(apiKey);
  });
});
