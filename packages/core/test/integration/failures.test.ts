import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import { AbortError, createClient, TimeoutError, ValidationError } from '../../src/index';
import { clientFor, connectedClient, EventLog, emulator, Recorder } from '../helpers/fixtures';

const dial = { to: scenario.answer(), from: '+15551234567', channel: 'f', uid: 1 };

describe('command failures settle every pending command', () => {
  it('a late reply to a timed-out command is discarded, never taken for an event (W6)', async () => {
    await using emu = await emulator();
    let discarded: (requestId: unknown) => void = () => {};
    const lateReply = new Promise((resolve) => {
      discarded = resolve;
    });
    const debug = (message: string, fields?: Record<string, unknown>) => {
      if (message === 'late reply discarded') discarded(fields?.requestId);
    };
    const noop = () => {};
    await using client = await connectedClient(emu, {
      logger: { debug, info: noop, warn: noop, error: noop },
    });
    const log = new EventLog(client);
    const errors = new Recorder(client.errors$);
    emu.faults.delayReplies(150);
    const error = await client.subscribe([], { timeoutMs: 30 }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'command-timeout', action: 'subscribe' });
    // The timeout error's stack points at this test, not at a timer.
    expect((error as Error).stack).toContain('failures.test.ts');
    emu.faults.reset();
    expect(await lateReply).toBe((error as TimeoutError).requestId);
    expect(log.items).toEqual([]);
    expect(errors.items).toEqual([]);
    expect(client.activeCalls()).toEqual([]);
  });

  it('a dial whose reply comes after its timeout is tracked and reported, never lost', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const errors = new Recorder(client.errors$);
    emu.faults.delayReplies(150);
    const error = await client.dial(dial, { timeoutMs: 30 }).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'command-timeout', action: 'outbound' });
    const late = await errors.next((reported) => reported.code === 'late-dial');
    expect(late).toMatchObject({
      requestId: (error as TimeoutError).requestId,
      callId: expect.any(String),
    });
    const callId = late.callId ?? '';
    expect(client.getCall(callId)).toMatchObject({ direction: 'outbound', channel: 'f', uid: '1' });
    emu.faults.reset();
    const log = new EventLog(client);
    await client.hangup(callId);
    await log.waitFor(callId, 'removed');
    expect(emu.calls()).toEqual([]);
  });

  it('a dropped reply times out with the configured commandTimeoutMs', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu, { commandTimeoutMs: 40 });
    emu.faults.dropReplies(1);
    await expect(client.subscribe([])).rejects.toMatchObject({ code: 'command-timeout' });
    await expect(client.subscribe([])).resolves.toMatchObject({ statusCode: 200 });
  });

  it('aborts: before sending (nothing sent) and while waiting (late reply discarded)', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const aborted = AbortSignal.abort('changed my mind');
    const sentBefore = emu.frames().length;
    await expect(client.dial(dial, { signal: aborted })).rejects.toBeInstanceOf(AbortError);
    expect(emu.frames().length).toBe(sentBefore);

    emu.faults.delayReplies(100);
    const controller = new AbortController();
    const pending = client.dial({ ...dial, channel: 'abort' }, { signal: controller.signal });
    await emu.waitForFrame(
      (received) => received.frame.action === 'outbound' && received.frame.channel === 'abort',
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted', action: 'outbound' });
    emu.faults.reset();
    expect(client.activeCalls()).toEqual([]);
  });

  it('validation errors are typed and nothing reaches the wire', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const { callId } = await client.dial(dial);
    const sent = emu.frames().length;
    const attempts = [
      client.dial({ ...dial, to: 'not a number' }),
      client.dial({ ...dial, channel: '' }),
      client.sendDtmf(callId, '12A'),
      client.sendDtmf(callId, ''),
      client.sendDtmf('unknown-call', '1'),
      client.transfer(callId, 'nowhere'),
      client.accept(callId, { channel: 'c', uid: 1 }),
      client.subscribe(['not-a-did']),
      client.hangup('unknown-call'),
      // @ts-expect-error: a params object is required
      client.bridge(callId, undefined),
    ];
    const results = await Promise.allSettled(attempts);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    }
    expect(
      results.map((result) => ((result as PromiseRejectedResult).reason as ValidationError).code),
    ).toEqual([
      'invalid-argument',
      'invalid-argument',
      'invalid-argument',
      'invalid-argument',
      'unknown-call',
      'invalid-argument',
      'invalid-call-state',
      'invalid-argument',
      'unknown-call',
      'invalid-argument',
    ]);
    expect(emu.frames().length).toBe(sent);
  });

  it('a second concurrent dial with the same appid:channel:uid is refused locally (W4)', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    emu.faults.delayReplies(50);
    const first = client.dial({ ...dial, channel: 'same' });
    await expect(client.dial({ ...dial, channel: 'same' })).rejects.toMatchObject({
      code: 'duplicate-dial',
    });
    await expect(first).resolves.toMatchObject({ callId: expect.any(String) });
  });

  it('server errors reject with code, requestId, statusCode and serverError (W7/W18)', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const error = await client
      .dial({ ...dial, to: scenario.noResource() })
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({
      code: 'no-resource',
      statusCode: 503,
      serverError: 'No resource currently available',
      requestId: expect.stringMatching(/^outbound_/),
    });
    expect(client.activeCalls()).toEqual([]);
  });

  it('commands before connect fail with not-connected; after close with closed', async () => {
    await using emu = await emulator();
    const client = clientFor(emu);
    await expect(client.subscribe([])).rejects.toMatchObject({ code: 'not-connected' });
    await client.connect();
    await client.close();
    await expect(client.subscribe([])).rejects.toMatchObject({ code: 'closed' });
  });

  it('bad options fail fast with invalid-options', () => {
    expect(() =>
      createClient({ url: 'http://x', authToken: 'Basic t', clientId: 'c', appId: 'a' }),
    ).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => createClient({ url: 'ws://x', authToken: '', clientId: 'c', appId: 'a' })).toThrow(
      expect.objectContaining({ code: 'invalid-options' }),
    );
    expect(() =>
      createClient({
        url: 'ws://x',
        authToken: 'Basic t',
        clientId: 'c',
        appId: 'a',
        commandTimeoutMs: -1,
      }),
    ).toThrow(/commandTimeoutMs/);
  });

  it('timeouts outside 1 ms..2^31-1 ms are refused before sending; Infinity waits without a timer', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const sent = emu.frames().length;
    for (const timeoutMs of [0, -5, Number.NaN, 2 ** 31]) {
      await expect(client.subscribe([], { timeoutMs })).rejects.toMatchObject({
        code: 'invalid-argument',
      });
    }
    expect(emu.frames().length).toBe(sent);
    await expect(
      client.subscribe([], { timeoutMs: Number.POSITIVE_INFINITY }),
    ).resolves.toBeDefined();
    expect(() =>
      createClient({
        url: emu.wsUrl,
        authToken: 't',
        clientId: 'c',
        appId: 'a',
        commandTimeoutMs: 3e9,
      }),
    ).toThrow(/commandTimeoutMs/);
  });
});
