import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TELNYX_API_KEY,
  DEFAULT_TELNYX_CONNECTION_ID,
  scenario,
  startTelnyxEmulator,
} from '../../src/index';
import { fastTelnyx, IDLE, sdkFor, until, WebhookReceiver } from './helpers';

async function request(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

const firstCode = (body: Record<string, unknown>) =>
  (body.errors as { code: string }[] | undefined)?.[0]?.code;

describe('the /v2 HTTP surface', () => {
  it('needs the Bearer API key on every route, and answers Telnyx error bodies', async () => {
    await using telnyx = await fastTelnyx(undefined);
    expect(telnyx.apiKey).toBe(DEFAULT_TELNYX_API_KEY);
    expect(telnyx.connectionId).toBe(DEFAULT_TELNYX_CONNECTION_ID);
    expect(telnyx.apiBase).toBe(`${telnyx.httpUrl}/v2`);
    for (const auth of [undefined, 'Bearer wrong', `Basic ${telnyx.apiKey}`, telnyx.apiKey]) {
      const answer = await request(`${telnyx.apiBase}/calls/v3:x`, {
        headers: auth === undefined ? {} : { Authorization: auth },
      });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        errors: [
          {
            code: '10009',
            title: 'Authentication failed',
            detail: expect.any(String),
            meta: { url: expect.stringContaining('10009') },
          },
        ],
      });
    }
    expect(telnyx.requests().every((r) => !r.authorized && r.status === 401)).toBe(true);
  });

  it('revokeApiKey(): the key is refused 401 10009 from then on (control API too), until reset()', async () => {
    await using telnyx = await fastTelnyx(undefined);
    const list = () =>
      request(`${telnyx.apiBase}/connections/${telnyx.connectionId}/active_calls`, {
        headers: { Authorization: `Bearer ${telnyx.apiKey}` },
      });
    expect((await list()).status).toBe(200);
    telnyx.faults.revokeApiKey();
    const refused = await list();
    expect(refused.status).toBe(401);
    expect(firstCode(refused.body)).toBe('10009');
    telnyx.faults.reset();
    expect((await list()).status).toBe(200);
    const control = await request(`${telnyx.httpUrl}/emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ revokeApiKey: true }),
    });
    expect(control.status).toBe(200);
    expect((await list()).status).toBe(401);
    expect(telnyx.requests().map((r) => r.authorized)).toEqual([true, false, true, false]);
  });

  it('routes call_control_ids with ":", "=", "-", "_" and percent-escapes; unknown routes are 404 10005', async () => {
    await using telnyx = await fastTelnyx(undefined);
    const headers = {
      Authorization: `Bearer ${telnyx.apiKey}`,
      'Content-Type': 'application/json',
    };
    const inbound = await telnyx.simulateInbound();
    expect(inbound.callControlId).toMatch(/^v3:[A-Za-z0-9_-]{43}=$/);
    const raw = await request(`${telnyx.apiBase}/calls/${inbound.callControlId}`, { headers });
    expect(raw.body.data).toMatchObject({ call_control_id: inbound.callControlId });
    const escaped = await request(
      `${telnyx.apiBase}/calls/${encodeURIComponent(inbound.callControlId)}`,
      { headers },
    );
    expect(escaped.status).toBe(200);
    const odd = await request(`${telnyx.apiBase}/calls/v3:a-b_c==/actions/answer`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    expect([odd.status, firstCode(odd.body)]).toEqual([422, '90015']);
    for (const [method, path] of [
      ['GET', '/nothing'],
      ['DELETE', '/calls/v3:x'],
      ['GET', '/calls/v3:x/actions/answer'],
      ['POST', '/calls/v3:x/actions/dance'],
      ['POST', '/calls/v3:x/actions/client_state_update'],
      ['GET', '/calls/v3:x/extra/deep/path'],
    ] as const) {
      const answer = await request(`${telnyx.apiBase}${path}`, {
        method,
        headers,
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect([method, path, answer.status, firstCode(answer.body)]).toEqual([
        method,
        path,
        404,
        '10005',
      ]);
    }
    expect((await request(`${telnyx.httpUrl}/elsewhere`)).status).toBe(404);
  });

  it('answers 400 for invalid JSON and 413 for a body over maxBodyBytes', async () => {
    await using telnyx = await fastTelnyx(undefined, { maxBodyBytes: 256 });
    const headers = {
      Authorization: `Bearer ${telnyx.apiKey}`,
      'Content-Type': 'application/json',
    };
    const invalid = await request(`${telnyx.apiBase}/calls`, {
      method: 'POST',
      headers,
      body: '{"to":',
    });
    expect([invalid.status, firstCode(invalid.body)]).toEqual([400, '10023']);
    const array = await request(`${telnyx.apiBase}/calls`, { method: 'POST', headers, body: '[]' });
    expect(array.status).toBe(400);
    const large = await request(`${telnyx.apiBase}/calls`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ padding: 'x'.repeat(300) }),
    });
    expect(large.status).toBe(413);
    // A body far beyond the cap is cut off rather than read: a 413 or a reset connection.
    const outcome = await fetch(`${telnyx.apiBase}/calls`, {
      method: 'POST',
      headers,
      body: 'x'.repeat(256 * 1024),
    }).then(
      (response) => response.status,
      () => 'reset',
    );
    expect([413, 'reset']).toContain(outcome);
    expect(telnyx.calls()).toEqual([]);
  });

  it('keeps only maxRequestLog requests', async () => {
    await using telnyx = await fastTelnyx(undefined, { maxRequestLog: 2 });
    for (const id of ['a', 'b', 'c']) await fetch(`${telnyx.apiBase}/calls/v3:${id}`);
    expect(telnyx.requests().map((r) => r.path)).toEqual(['/v2/calls/v3:b', '/v2/calls/v3:c']);
  });
});

describe('the /emulator control API', () => {
  it('drives inbound calls, remote parties, faults and logs over HTTP', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(undefined);
    const post = (path: string, body: unknown) =>
      request(`${telnyx.httpUrl}/emulator/${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('webhook-url', { url: receiver.url })).status).toBe(200);
    expect((await post('faults', { duplicateWebhooks: 1 })).status).toBe(200);
    const inbound = (
      await post('inbound', { from: '+15550001111', to: '+18005551234', cancelAfterMs: 5000 })
    ).body;
    const id = inbound.callControlId as string;
    await until(() => receiver.typesFor(id).length === 2);
    expect(receiver.typesFor(id)).toEqual(['call.initiated', 'call.initiated']);
    expect((await request(`${telnyx.httpUrl}/emulator/calls`)).body.calls).toMatchObject([
      { callControlId: id, state: 'parked' },
    ]);
    await sdkFor(telnyx).calls.actions.answer(id, {});
    expect((await post('remote/dtmf', { call_control_id: id, digits: '1' })).body).toEqual({
      ok: true,
    });
    await receiver.waitForEvent(id, 'call.dtmf.received');
    expect((await post('remote/hangup', { call_control_id: id })).body).toEqual({ ok: true });
    await receiver.waitForEvent(id, 'call.hangup');
    expect((await request(`${telnyx.httpUrl}/emulator/deliveries`)).body.deliveries).toEqual(
      expect.any(Array),
    );
    expect((await request(`${telnyx.httpUrl}/emulator/requests`)).body.requests).toHaveLength(1);
    const faults = await post('faults', {
      delayWebhooks: { ms: 5, count: 1 },
      reorderWebhooks: 0,
      dropWebhooks: 0,
      corruptSignatures: 0,
      staleTimestamps: { count: 0 },
      failRequests: { count: 1, status: 503 },
    });
    expect(faults.status).toBe(200);
    expect(
      (
        await fetch(`${telnyx.apiBase}/calls/v3:x`, {
          headers: { Authorization: `Bearer ${telnyx.apiKey}` },
        })
      ).status,
    ).toBe(503);
    expect((await post('faults', { reset: true })).status).toBe(200);
    expect((await post('faults', { failRequests: { status: 418 } })).status).toBe(400);
    expect((await post('remote/hangup', {})).status).toBe(400);
    expect((await post('inbound', { digits: 'zz' })).body).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect((await post('reset', {})).status).toBe(200);
    expect((await request(`${telnyx.httpUrl}/emulator/stats`)).body).toEqual(IDLE);
    expect((await request(`${telnyx.httpUrl}/emulator/nothing`)).status).toBe(404);
  });
});

describe('lifecycle', () => {
  it('reset() ends every call without webhooks and clears logs, faults and command ids', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.answer(5000),
      from: '+15551230000',
      command_id: 'x',
    });
    telnyx.faults.dropWebhooks('all');
    telnyx.reset();
    expect(telnyx.stats()).toEqual(IDLE);
    expect(telnyx.calls()).toEqual([]);
    expect(telnyx.deliveries()).toEqual([]);
    expect(telnyx.requests()).toEqual([]);
    const again = await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.busy(),
      from: '+15551230000',
      command_id: 'x',
    });
    await receiver.waitForEvent(again.data!.call_control_id, 'call.hangup');
  });

  it('validates options with INVALID_OPTIONS, and close() is idempotent and releases the port', async () => {
    for (const options of [
      { port: 70000 },
      { webhookUrl: 'not a url' },
      { timing: { speakMs: -1 } },
      { dialRateLimit: { perSecond: 0, windowMs: 1000 } },
      { maxCalls: 0 },
      { apiKey: '' },
      { connectionId: ' ' },
      { timing: 'slow' as never },
    ]) {
      await expect(startTelnyxEmulator(options)).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    }
    const telnyx = await startTelnyxEmulator({ timing: 'fast' });
    expect(() => telnyx.setWebhookUrl('ftp://x')).toThrow(/webhookUrl/);
    await telnyx.simulateInbound();
    await Promise.all([telnyx.close(), telnyx.close()]);
    await expect(fetch(`${telnyx.apiBase}/calls/v3:x`)).rejects.toThrow();
    await expect(telnyx.simulateInbound()).rejects.toMatchObject({ code: 'CLOSED' });
    expect(telnyx.stats()).toEqual(IDLE);
  });
});
