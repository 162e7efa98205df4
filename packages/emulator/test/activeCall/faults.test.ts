import { describe, expect, it } from 'vitest';
import { AC_FRAME_LOG_LIMIT, CommandFrameLog } from '../../src/activeCall/frameLog';
import { scenario } from '../../src/index';
import { AcClient } from './helpers/acClient';
import { AC_IDLE, fastActiveCall, until } from './helpers/fixtures';
import { startWebhookReceiver } from './helpers/webhookReceiver';

describe('faults', () => {
  it('dropEvents(n) drops the next n JSON events; 0 turns it off', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip');
    emulator.faults.dropEvents(2);
    client.send({ command: 'invite', option: { callee: 'sip:u@x' } });
    await client.waitFor('answer');
    expect(client.names()).toEqual(['answer']);
    emulator.faults.dropEvents('all');
    client.send({ command: 'history', speaker: 'a', text: 'lost' });
    // The command ran by the time its frame is logged.
    await emulator.waitForFrame((f) => (f.frame as { text?: string }).text === 'lost');
    emulator.faults.dropEvents(0);
    client.send({ command: 'history', speaker: 'b', text: 'kept' });
    expect(await client.waitFor('addHistory')).toMatchObject({ text: 'kept' });
  });

  it('delayEvents(ms) holds events back and keeps their order', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip');
    emulator.faults.delayEvents(80);
    const sentAt = Date.now();
    client.send({ command: 'invite', option: { callee: 'sip:u@x' } });
    await client.waitFor('answer');
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(75);
    expect(client.names()).toEqual(['trackStart', 'ringing', 'answer']);
    emulator.faults.delayEvents(null);
    client.send({ command: 'hangup' });
    await client.waitClosed();
    expect(client.names()).toEqual(['trackStart', 'ringing', 'answer', 'trackEnd', 'hangup']);
  });

  it('stallSessions: nothing more is sent (events, pings); reset resumes', async () => {
    await using emulator = await fastActiveCall({ timing: { pingUnitMs: 10 } });
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'st', ping: '1' });
    await client.until(() => (client.pings.length > 0 ? true : undefined));
    expect(emulator.faults.stallSessions('st')).toBe(1);
    expect(emulator.faults.stallSessions()).toBe(0);
    const pings = client.pings.length;
    client.send({ command: 'history', speaker: 'x', text: 'unheard' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(client.events).toEqual([]);
    expect(client.pings.length).toBeLessThanOrEqual(pings + 1);
    expect(emulator.sessions()[0]?.stalled).toBe(true);
    emulator.faults.reset();
    client.send({ command: 'history', speaker: 'x', text: 'heard' });
    // The stalled command was read after the resume as well.
    await client.until(() => (client.events.length === 2 ? true : undefined));
    expect(client.events.map((e) => e.text)).toEqual(['unheard', 'heard']);
  });

  it('closeSessions(code) closes with that code and no events; dropSessions ends abruptly', async () => {
    await using emulator = await fastActiveCall();
    await using first = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'c1' });
    await using second = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'c2' });
    first.send({ command: 'invite', option: { callee: 'sip:u@x' } });
    await first.waitFor('answer');
    expect(emulator.faults.closeSessions(4000, 'c1')).toBe(1);
    expect((await first.waitClosed()).code).toBe(4000);
    expect(first.names()).toEqual(['trackStart', 'ringing', 'answer']);
    expect(emulator.faults.dropSessions()).toBe(1);
    expect((await second.waitClosed()).code).toBe(1006);
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats()).toEqual(AC_IDLE);
    expect(() => emulator.faults.closeSessions(1005)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => emulator.faults.dropEvents(-1)).toThrow(/dropEvents/);
    expect(() => emulator.faults.delayEvents(Number.NaN)).toThrow(/delayEvents/);
  });
});

describe('abuse and bounded memory', () => {
  it('a frame over maxFrameBytes closes the socket with 1009', async () => {
    await using emulator = await fastActiveCall({ maxFrameBytes: 1024 });
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip');
    client.send({ command: 'history', speaker: 'x', text: 'y'.repeat(2048) });
    expect((await client.waitClosed()).code).toBe(1009);
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats()).toEqual(AC_IDLE);
  });

  it('garbage text and binary floods produce no event and no error', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'junk' });
    for (let i = 0; i < 300; i += 1) {
      client.sendRaw(
        i % 3 === 0 ? '\u0000\uffff{' : i % 3 === 1 ? `{"command":${i}}` : Buffer.from([i % 256]),
      );
    }
    client.send({ command: 'history', speaker: 'x', text: 'barrier' });
    await client.waitFor('addHistory');
    expect(client.names()).toEqual(['addHistory']);
    expect(emulator.frames('junk')).toHaveLength(201);
  });

  it('the command queue is capped: commands behind a blocking invite beyond the cap are dropped', async () => {
    await using emulator = await fastActiveCall({ maxQueuedCommands: 3 });
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip');
    client.send({ command: 'invite', option: { callee: scenario.answer(100) } });
    await client.waitFor('ringing');
    for (let i = 0; i < 10; i += 1)
      client.send({ command: 'history', speaker: 'x', text: String(i) });
    await until(() => emulator.sessions()[0]?.queuedCommands === 3);
    await client.until(() =>
      client.names().filter((n) => n === 'addHistory').length === 3 ? true : undefined,
    );
    expect(client.events.filter((e) => e.event === 'addHistory').map((e) => e.text)).toEqual([
      '0',
      '1',
      '2',
    ]);
  });

  it('a pipelined burst of commands that do not wait runs in full (the cap is for waiting ones)', async () => {
    await using emulator = await fastActiveCall({ maxQueuedCommands: 4 });
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip');
    for (let i = 0; i < 1000; i += 1)
      client.send({ command: 'history', speaker: 'x', text: String(i) });
    await client.until(() => (client.events.length === 1000 ? true : undefined));
    expect(client.events.at(-1)).toMatchObject({ text: '999' });
  });

  it('many sessions with calls in every stage, then everyone leaves: every counter back to 0', async () => {
    await using emulator = await fastActiveCall();
    const clients = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        AcClient.open(emulator.wsUrl, ['/call/sip', '/call', '/call/webrtc'][i % 3] as string),
      ),
    );
    clients.forEach((client, i) => {
      if (i % 3 === 0)
        client.send({ command: 'invite', option: { callee: scenario.noAnswer(5000) } });
      if (i % 3 === 1) client.send({ command: 'invite', option: {} });
      client.send({ command: 'tts', text: 'x'.repeat(50), option: { provider: 'p' } });
    });
    for (let i = 0; i < 20; i += 1) await emulator.simulateInbound();
    await until(() => emulator.stats().sessions === 60);
    expect(emulator.stats().timers).toBeGreaterThan(0);
    await Promise.all(clients.map((client) => client.close()));
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats()).toEqual({ ...AC_IDLE, pendingInbound: 20, timers: 20 });
  });

  it('close() with sessions, pending calls and a webhook in flight leaves nothing behind', async () => {
    await using receiver = await startWebhookReceiver();
    receiver.onRequest = () => new Promise(() => {});
    const emulator = await fastActiveCall({ webhookUrl: receiver.url });
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip');
    client.send({ command: 'invite', option: { callee: scenario.noAnswer(5000) } });
    await client.waitFor('ringing');
    const inbound = emulator.simulateInbound();
    await receiver.nth(1);
    expect(emulator.stats()).toMatchObject({ sessions: 1, pendingInbound: 1, webhooksInFlight: 1 });
    await emulator.close();
    expect(await inbound).toMatchObject({ delivered: false, pending: false });
    expect(emulator.stats()).toEqual(AC_IDLE);
    expect((await client.waitClosed()).code).toBe(1006);
    await expect(emulator.simulateInbound()).rejects.toMatchObject({ code: 'CLOSED' });
    await emulator.close();
  });

  it('the received-frame log keeps the most recent frames only', () => {
    const log = new CommandFrameLog();
    for (let i = 0; i < AC_FRAME_LOG_LIMIT + 500; i += 1)
      log.record('s', `{"n":${i}}`, { n: i }, false);
    const frames = log.list();
    expect(frames).toHaveLength(AC_FRAME_LOG_LIMIT);
    expect(frames[0]?.frame).toEqual({ n: 500 });
    const big = new CommandFrameLog();
    const text = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 40; i += 1) big.record('s', text, undefined, false);
    expect(big.list().length).toBeLessThanOrEqual(16);
    expect(big.list()[0]?.text).toHaveLength(4096);
  });

  it('a throwing waitForFrame predicate fails its wait, not the session; frames are copies', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'tp' });
    const failing = emulator.waitForFrame(() => {
      throw new Error('boom');
    });
    client.send({ command: 'history', speaker: 'x', text: 'y' });
    await expect(failing).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('boom'),
    });
    await client.waitFor('addHistory');
    const text = () => (emulator.frames('tp')[0]?.frame as { text?: string } | undefined)?.text;
    const [first] = emulator.frames('tp');
    if (first?.frame) (first.frame as { text: string }).text = 'changed';
    expect(text()).toBe('y');
  });
});
