import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_IDS, EmulatorError, silentLogger, startEmulator } from '../src/index';
import { client, fastEmulator, IDLE_STATS } from './helpers/fixtures';
import { RawClient } from './helpers/rawClient';
import { tcpConnect } from './helpers/tcp';

describe('emulator lifecycle', () => {
  it('close is idempotent, answers held lookups 503 and closes every socket', async () => {
    const emulator = await fastEmulator();
    const c = await client(emulator);
    const held = emulator.simulateInbound({ did: '18005551234', callid: 'close_1' });
    await c.waitForEvent('call_incoming', 'close_1');
    const waiting = emulator.waitForFrame(() => false, 10_000);
    await Promise.all([emulator.close(), emulator.close()]);
    await emulator.close();
    expect(await held).toEqual({
      status: 503,
      body: { error: 'emulator closed' },
      callid: 'close_1',
    });
    await expect(waiting).rejects.toMatchObject({ code: 'CLOSED' });
    expect((await c.closed).code).toBe(1006);
    expect(emulator.stats()).toEqual(IDLE_STATS);
    await expect(fetch(`${emulator.httpUrl}/v1/api/websocket-status`)).rejects.toThrow();
    await expect(emulator.simulateInbound({ did: '1' })).rejects.toBeInstanceOf(EmulatorError);
    await expect(emulator.restart()).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('close() during an in-flight restart wins: the port stays closed', async () => {
    const emulator = await fastEmulator();
    const port = emulator.port;
    const c = await client(emulator);
    const restarting = emulator.restart();
    await emulator.close();
    await expect(restarting).rejects.toMatchObject({ name: 'EmulatorError', code: 'CLOSED' });
    expect((await c.closed).code).toBe(1006);
    expect(await tcpConnect(port)).toBe('ECONNREFUSED');
    expect(emulator.stats()).toEqual(IDLE_STATS);
    await expect(emulator.restart()).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('close() called while a restart is tearing down waits for it, and nothing binds again', async () => {
    let closing: Promise<void> | undefined;
    const emulator = await fastEmulator({
      logger: {
        ...silentLogger,
        // The restart has started: close from inside it, before its teardown and re-listen.
        info: (message) => {
          if (message === 'emulator restarting') closing = emulator.close();
        },
      },
    });
    const port = emulator.port;
    const c = await client(emulator);
    const held = emulator.simulateInbound({ did: '18005551234', callid: 'inflight_1' });
    await c.waitForEvent('call_incoming', 'inflight_1');
    await expect(emulator.restart()).rejects.toMatchObject({ code: 'CLOSED' });
    expect(closing).toBeInstanceOf(Promise);
    await closing;
    expect((await held).status).toBe(503);
    expect(await tcpConnect(port)).toBe('ECONNREFUSED');
    expect(emulator.stats()).toEqual(IDLE_STATS);
  });

  it('concurrent restarts run one after the other on the same port', async () => {
    await using emulator = await fastEmulator();
    const port = emulator.port;
    await Promise.all([emulator.restart(), emulator.restart()]);
    expect(emulator.port).toBe(port);
    await using again = await RawClient.registered(emulator.wsUrl);
    expect(emulator.status().client_count).toBe(1);
    expect(again.greeting.session_id).toEqual(expect.any(String));
  });

  it('outage: every socket cut, connections refused for its length, then back empty on the same port', async () => {
    await using emulator = await fastEmulator();
    const port = emulator.port;
    const c = await client(emulator);
    const started = Date.now();
    const down = emulator.outage(150);
    expect((await c.closed).code).toBe(1006);
    expect(await tcpConnect(port)).toBe('ECONNREFUSED');
    await down;
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(emulator.port).toBe(port);
    expect(emulator.stats()).toEqual(IDLE_STATS);
    await using again = await RawClient.registered(emulator.wsUrl);
    expect(again.greeting.session_id).toEqual(expect.any(String));
    expect(emulator.status().client_count).toBe(1);
    await expect(emulator.outage(Number.NaN)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('waitForFrame sees past and future frames and times out with a typed error', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { clientId: 'frames' });
    const future = emulator.waitForFrame((f) => f.frame.action === 'subscribe');
    const seen: unknown[] = [];
    const off = emulator.onFrame((f) => seen.push(f.frame.action));
    await c.command('subscribe', { numbers: ['1'] });
    off();
    await c.command('subscribe', { numbers: ['2'] });
    expect((await future).frame).toMatchObject({ action: 'subscribe', numbers: ['1'] });
    expect((await emulator.waitForFrame((f) => f.frame.action === 'register')).clientId).toBe(
      'frames',
    );
    expect(seen).toEqual(['subscribe']);
    expect(emulator.frames({ clientId: 'frames' }).map((f) => f.frame.action)).toEqual([
      'register',
      'subscribe',
      'subscribe',
    ]);
    expect(emulator.frames({ clientId: 'other' })).toEqual([]);
    expect(emulator.frames({ appId: DEFAULT_APP_IDS[0] })).toHaveLength(3);
    expect(emulator.frames({ appId: DEFAULT_APP_IDS[1] })).toEqual([]);
    await expect(emulator.waitForFrame(() => false, 20)).rejects.toMatchObject({
      name: 'EmulatorError',
      code: 'TIMEOUT',
    });
  });

  it('rejects invalid options with INVALID_OPTIONS', async () => {
    await expect(startEmulator({ port: -1 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(startEmulator({ timing: { gatewayMs: Number.NaN } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
    await expect(startEmulator({ token: '' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(startEmulator({ appIds: [1 as unknown as string] })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });

  it('a taken port fails with LISTEN_FAILED', async () => {
    await using first = await fastEmulator();
    await expect(startEmulator({ port: first.port })).rejects.toMatchObject({
      code: 'LISTEN_FAILED',
    });
  });

  it('resolves options with defaults', async () => {
    await using emulator = await startEmulator({ pingIntervalMs: 0 });
    expect(emulator.options).toMatchObject({
      host: '127.0.0.1',
      appIds: [...DEFAULT_APP_IDS],
      dids: ['+18005551234', '+18007771234'],
      pinlookupDids: ['+15559876543'],
      quirks: false,
      lookupTimeoutMs: 15000,
      registerTimeoutMs: 10000,
      maxFrameBytes: 65536,
      orphanGraceMs: 10000,
      timing: { gatewayMs: 150, ringMs: 300, answerMs: 1000, noAnswerMs: 5000, transferMs: 500 },
    });
  });
});
