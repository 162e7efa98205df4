import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { client, fastEmulator, fetchJson } from './helpers/fixtures';

/** POSTs `body` as it is (no JSON encoding) and reads the JSON answer. */
async function postRaw(url: string, body: string) {
  const response = await fetch(url, { method: 'POST', body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * POSTs a chunked body that never ends (64 KB chunks for as long as the server reads) and
 * resolves with the answer: a server that waits for the end of the body would hang here.
 */
function postEndless(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    let answered = false;
    const pump = (): void => {
      while (!answered && req.write(chunk)) {
        // keep writing until the socket pushes back
      }
    };
    req.on('drain', pump);
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8').on('data', (part: string) => {
        text += part;
      });
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
      });
    });
    pump();
  });
}

describe('HTTP bodies', () => {
  it('a body over the limit gets 413 with a JSON error, on every route, and the server stays healthy', async () => {
    await using emulator = await fastEmulator();
    const big = JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) });
    for (const path of ['/v1/emulator/faults', '/webhook', '/v1/api/service']) {
      const answer = await postRaw(`${emulator.httpUrl}${path}`, big);
      expect(answer).toEqual({
        status: 413,
        body: { error: 'body too large: the limit is 1048576 bytes' },
      });
    }
    expect((await fetchJson(`${emulator.httpUrl}/v1/emulator/stats`)).status).toBe(200);
    await using c = await client(emulator);
    expect((await c.command('subscribe', { numbers: [] })).status_code).toBe(200);
  });

  it('an endless chunked body is cut off with 413 instead of being read forever', async () => {
    await using emulator = await fastEmulator({ limits: { maxBodyBytes: 100_000 } });
    const answer = await postEndless(`${emulator.httpUrl}/v1/emulator/inbound`);
    expect(answer).toEqual({
      status: 413,
      body: { error: 'body too large: the limit is 100000 bytes' },
    });
    expect((await fetchJson(`${emulator.httpUrl}/v1/emulator/stats`)).status).toBe(200);
  });

  it('JSON nested deeper than the limit gets 400 before it is used', async () => {
    await using emulator = await fastEmulator();
    const deep = `{"event":"x","callid":"c","extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expect(await postRaw(`${emulator.httpUrl}/webhook`, deep)).toEqual({
      status: 400,
      body: { error: 'JSON nested deeper than 32 levels' },
    });
    const fine = `{"event":"x","callid":"c","extra":${'['.repeat(30)}${']'.repeat(30)}}`;
    expect(await postRaw(`${emulator.httpUrl}/webhook`, fine)).toEqual({
      status: 200,
      body: { delivered: false },
    });
  });
});
