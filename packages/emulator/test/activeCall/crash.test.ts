import { describe, expect, it } from 'vitest';
import { EventHistory } from '../../src/activeCall/eventHistory';
import { silentLogger } from '../../src/index';
import { tcpConnect } from '../helpers/tcp';
import { AcClient, upgradeStatus } from './helpers/acClient';
import { AC_IDLE, fastActiveCall, until } from './helpers/fixtures';
import { startWebhookReceiver } from './helpers/webhookReceiver';

describe('replayEvent', () => {
  it('duplicate sends the most recent event again, byte for byte; earlier sends ringing after the answer', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'r1' });
    client.send({ command: 'invite', option: { callee: 'sip:u@x' } });
    const answer = await client.waitFor('answer');
    expect(emulator.faults.replayEvent('r1', 'duplicate')).toBe(true);
    await client.until(() => (client.events.length === 4 ? true : undefined));
    expect(client.events.at(-1)).toEqual(answer);
    expect(emulator.faults.replayEvent('r1', 'earlier')).toBe(true);
    const ringing = client.events.find((event) => event.event === 'ringing');
    await client.until(() => (client.events.length === 5 ? true : undefined));
    expect(client.events.at(-1)).toEqual(ringing);
    expect(client.names()).toEqual(['trackStart', 'ringing', 'answer', 'answer', 'ringing']);
  });

  it('a replay is not dropped by dropEvents, and is false for a session that is gone or has nothing', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'r2' });
    // Nothing sent yet: nothing to replay.
    expect(emulator.faults.replayEvent('r2', 'duplicate')).toBe(false);
    client.send({ command: 'invite', option: { callee: 'sip:u@x' } });
    await client.waitFor('answer');
    emulator.faults.dropEvents('all');
    expect(emulator.faults.replayEvent('r2', 'earlier')).toBe(true);
    await client.until(() => (client.events.length === 4 ? true : undefined));
    expect(client.names().at(-1)).toBe('ringing');
    emulator.faults.reset();
    client.send({ command: 'hangup' });
    await client.waitClosed();
    await until(() => emulator.stats().sessions === 0);
    // A call's events can only reach its own socket: once it is gone, nothing carries them.
    expect(emulator.faults.replayEvent('r2', 'duplicate')).toBe(false);
    expect(emulator.faults.replayEvent('nobody', 'earlier')).toBe(false);
    expect(() => emulator.faults.replayEvent('r2', 'later' as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('is driven over HTTP too (POST /v1/emulator/faults { replay })', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'r3' });
    client.send({ command: 'invite', option: { callee: 'sip:u@x' } });
    await client.waitFor('answer');
    const post = (body: unknown) =>
      fetch(`${emulator.httpUrl}/v1/emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const answer = await post({ replay: { sessionId: 'r3', kind: 'earlier' } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ replayed: true });
    await client.until(() => (client.events.length === 4 ? true : undefined));
    expect(client.names().at(-1)).toBe('ringing');
    const bad = await post({ replay: { sessionId: 'r3', kind: 'sideways' } });
    expect(bad.status).toBe(400);
    await bad.arrayBuffer();
  });

  it('the history is bounded: the most recent event and the latest of each phase', () => {
    const history = new EventHistory();
    expect(history.pick('duplicate')).toBeUndefined();
    expect(history.pick('earlier')).toBeUndefined();
    history.record('ringing', 'r');
    expect(history.pick('earlier')).toBeUndefined();
    history.record('answer', 'a');
    for (let index = 0; index < 10_000; index += 1) history.record('asrDelta', `d${index}`);
    expect(history.pick('duplicate')).toBe('d9999');
    expect(history.pick('earlier')).toBe('r');
    history.record('hangup', 'h');
    expect(history.pick('earlier')).toBe('a');
  });
});

describe('restart and outage', () => {
  it('restart cuts every session without a close frame and listens again on the same port, empty', async () => {
    await using receiver = await startWebhookReceiver();
    await using emulator = await fastActiveCall({ webhookUrl: receiver.url });
    {
      const port = emulator.port;
      await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'x1' });
      client.send({ command: 'invite', option: { callee: 'sip:u@x' } });
      await client.waitFor('answer');
      const pending = await emulator.simulateInbound();
      expect(pending.pending).toBe(true);
      emulator.faults.delayEvents(500);
      await emulator.restart();
      expect((await client.waitClosed()).code).toBe(1006);
      expect(client.names()).toEqual(['trackStart', 'ringing', 'answer']);
      expect(emulator.port).toBe(port);
      expect(emulator.stats()).toEqual(AC_IDLE);
      expect(emulator.inboundOutcome(pending.dialogId)?.state).toBe('abandoned');
      // Faults were forgotten too: a new session gets its events at once.
      await using again = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'x1' });
      again.send({ command: 'invite', option: { callee: 'sip:u@x' } });
      await again.waitFor('answer', () => true, 400);
      expect(emulator.received()).toEqual({ sessions: 2, frames: 2 });
    }
  });

  it('outage refuses connections for its length, then listens again with nothing of before', async () => {
    await using emulator = await fastActiveCall();
    const port = emulator.port;
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'o1' });
    client.send({ command: 'invite', option: { callee: 'sip:u@x' } });
    await client.waitFor('answer');
    const started = Date.now();
    const down = emulator.outage(200);
    expect((await client.waitClosed()).code).toBe(1006);
    expect(await tcpConnect(port)).toBe('ECONNREFUSED');
    await down;
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect(emulator.port).toBe(port);
    expect(emulator.sessions()).toEqual([]);
    expect((await upgradeStatus(`${emulator.wsUrl}/call/sip?id=o1`)).status).toBe(101);
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.received().sessions).toBe(2);
  });

  it('outage(ms, until) stays down until the promise settled, however long that is', async () => {
    await using emulator = await fastActiveCall();
    const port = emulator.port;
    let release!: () => void;
    const until = new Promise<void>((resolve) => {
      release = resolve;
    });
    let back = false;
    const down = emulator.outage(10, until).then(() => {
      back = true;
    });
    while ((await tcpConnect(port)) !== 'ECONNREFUSED') await new Promise((r) => setTimeout(r, 5));
    // Well past the 10 ms: still down, because `until` has not settled.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(back).toBe(false);
    expect(await tcpConnect(port)).toBe('ECONNREFUSED');
    release();
    await down;
    expect(await tcpConnect(port)).toBe('connected');
    // A rejected `until` ends the outage too; a non-promise is refused.
    await emulator.outage(0, Promise.reject(new Error('ignored')));
    await expect(emulator.outage(0, 5 as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('close() ends an outage at once and nothing binds again; bad lengths are refused', async () => {
    const emulator = await fastActiveCall({ logger: silentLogger });
    const port = emulator.port;
    await expect(emulator.outage(-1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(emulator.outage(1.5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(emulator.outage(600_001)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const started = Date.now();
    const down = emulator.outage(60_000);
    // Down once the port refuses: close() then lands inside the outage's wait.
    while ((await tcpConnect(port)) !== 'ECONNREFUSED') await new Promise((r) => setTimeout(r, 5));
    await emulator.close();
    await expect(down).rejects.toMatchObject({ name: 'EmulatorError', code: 'CLOSED' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await tcpConnect(port)).toBe('ECONNREFUSED');
    await expect(emulator.restart()).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(emulator.outage(10)).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('concurrent restarts run one after the other on the same port', async () => {
    await using emulator = await fastActiveCall();
    const port = emulator.port;
    await Promise.all([emulator.restart(), emulator.outage(20), emulator.restart()]);
    expect(emulator.port).toBe(port);
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip');
    client.send({ command: 'invite', option: { callee: 'sip:u@x' } });
    await client.waitFor('answer');
  });
});
