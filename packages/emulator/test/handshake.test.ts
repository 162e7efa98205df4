import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_IDS, DEFAULT_TOKEN, startEmulator } from '../src/index';
import { client, fastEmulator, IDLE_STATS, until } from './helpers/fixtures';
import { RawClient } from './helpers/rawClient';

describe('handshake', () => {
  it('greets with a fresh session_id and registers', async () => {
    await using emulator = await fastEmulator();
    await using a = await RawClient.connect(emulator.wsUrl);
    await using b = await RawClient.connect(emulator.wsUrl);
    expect(a.greeting).toEqual({ status: 'connected', session_id: expect.any(String) });
    expect(a.greeting.session_id).not.toBe(b.greeting.session_id);
    const reply = await a.register({ clientId: 'hs_1' });
    expect(reply).toEqual({ status: 'registered', client_id: 'hs_1' });
    expect(emulator.status().clients.map((c) => c.client_id)).toEqual(['hs_1']);
  });

  it('accepts the default token for every default app id and for MULTI', async () => {
    await using emulator = await fastEmulator();
    for (const appid of [...DEFAULT_APP_IDS, 'MULTI']) {
      await using c = await RawClient.connect(emulator.wsUrl);
      expect((await c.register({ appid })).status).toBe('registered');
    }
  });

  it('rejects a bad token with unauthorized and close 1008', async () => {
    await using emulator = await fastEmulator();
    await using c = await RawClient.connect(emulator.wsUrl);
    const reply = await c.register({ token: 'Basic d3Jvbmc=' });
    expect(reply).toEqual({ status: 'error', error: 'unauthorized' });
    expect((await c.closed).code).toBe(1008);
    expect(emulator.status().client_count).toBe(0);
  });

  it('rejects an unknown app id and honours per-app-id token overrides', async () => {
    await using emulator = await fastEmulator({
      tokens: { [DEFAULT_APP_IDS[1]]: 'Basic b3RoZXI=' },
    });
    await using unknown = await RawClient.connect(emulator.wsUrl);
    expect((await unknown.register({ appid: 'f'.repeat(32) })).error).toBe('unauthorized');
    await using overridden = await RawClient.connect(emulator.wsUrl);
    expect((await overridden.register({ appid: DEFAULT_APP_IDS[1] })).error).toBe('unauthorized');
    await using good = await RawClient.connect(emulator.wsUrl);
    expect(
      (await good.register({ appid: DEFAULT_APP_IDS[1], token: 'Basic b3RoZXI=' })).status,
    ).toBe('registered');
  });

  it('closes when the first message is not register', async () => {
    await using emulator = await fastEmulator();
    await using c = await RawClient.connect(emulator.wsUrl);
    c.send({ action: 'subscribe', numbers: [], request_id: 'subscribe_1' });
    const reply = await c.waitFor((m) => m.status === 'error');
    expect(reply).toEqual({ status: 'error', error: 'expected register' });
    expect((await c.closed).code).toBe(1008);
  });

  it('closes when the first frame is not JSON', async () => {
    await using emulator = await fastEmulator();
    await using c = await RawClient.connect(emulator.wsUrl);
    c.sendRaw('hello');
    expect((await c.waitFor((m) => m.status === 'error')).error).toBe('expected register');
    expect((await c.closed).code).toBe(1008);
  });

  it('closes a socket that does not register in time', async () => {
    await using emulator = await fastEmulator({ registerTimeoutMs: 30 });
    await using c = await RawClient.connect(emulator.wsUrl);
    expect(await c.waitFor((m) => m.status === 'error')).toEqual({
      status: 'error',
      error: 'register timeout',
    });
    expect((await c.closed).code).toBe(1008);
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats()).toEqual(IDLE_STATS);
  });

  it('registerTimeoutMs: 0 means no register deadline', async () => {
    await using emulator = await fastEmulator({ registerTimeoutMs: 0 });
    await using c = await RawClient.connect(emulator.wsUrl);
    // No deadline timer was armed for the greeting session.
    expect(emulator.stats()).toEqual({ ...IDLE_STATS, sessions: 1 });
    expect(await c.register({ clientId: 'patient' })).toEqual({
      status: 'registered',
      client_id: 'patient',
    });
    expect(c.messages.filter((m) => m.status === 'error')).toEqual([]);
    expect(emulator.status().clients.map((s) => s.client_id)).toEqual(['patient']);
  });

  it('refuses registrations while the fault is on, then accepts again', async () => {
    await using emulator = await fastEmulator();
    emulator.faults.refuseRegistrations('server at capacity');
    await using refused = await RawClient.connect(emulator.wsUrl);
    expect(await refused.register()).toEqual({ status: 'error', error: 'server at capacity' });
    expect((await refused.closed).code).toBe(1008);
    emulator.faults.refuseRegistrations(null);
    await using ok = await RawClient.connect(emulator.wsUrl);
    expect((await ok.register()).status).toBe('registered');
  });

  it('answers a second register with an error reply', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const reply = await c.command('register', { auth_token: DEFAULT_TOKEN });
    expect(reply).toEqual({
      error: 'already registered',
      request_id: expect.stringMatching(/^register_/),
    });
  });

  it('records frames with the auth token redacted', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { clientId: 'redact_me' });
    const frame = await emulator.waitForFrame((f) => f.frame.action === 'register');
    expect(frame.clientId).toBe('redact_me');
    expect(frame.frame.auth_token).toBe('Basic [redacted]');
    expect(JSON.stringify(emulator.frames())).not.toContain(DEFAULT_TOKEN.slice(6));
    expect(c.clientId).toBe('redact_me');
  });

  it('uses ws://127.0.0.1 and a real port by default', async () => {
    await using emulator = await startEmulator({ pingIntervalMs: 0 });
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.wsUrl).toBe(`ws://127.0.0.1:${emulator.port}/v1/ws/events`);
    expect(emulator.httpUrl).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.token).toBe(DEFAULT_TOKEN);
    expect(emulator.appIds).toEqual([...DEFAULT_APP_IDS]);
  });
});
