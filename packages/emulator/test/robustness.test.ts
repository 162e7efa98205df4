import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_IDS, scenario } from '../src/index';
import { client, fastEmulator, IDLE_STATS, until } from './helpers/fixtures';
import type { Message } from './helpers/rawClient';

const APPID = DEFAULT_APP_IDS[0];

describe('robustness', () => {
  it('a frame larger than maxFrameBytes closes the socket with 1009; others are unaffected', async () => {
    await using emulator = await fastEmulator({ maxFrameBytes: 1024 });
    await using big = await client(emulator);
    await using small = await client(emulator);
    big.send({ action: 'subscribe', numbers: ['1'.repeat(2000)], request_id: 'subscribe_big' });
    expect((await big.closed).code).toBe(1009);
    expect((await small.command('subscribe', { numbers: [] })).status_code).toBe(200);
    await until(() => emulator.stats().sessions === 1);
  });

  it('binary frames and junk get error replies, never a crash', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    c.sendRaw(Buffer.from([0xff, 0x00, 0x7b]));
    c.sendRaw('null');
    c.sendRaw('"text"');
    c.sendRaw('{"action": null}');
    c.sendRaw('{"action": 5, "request_id": "weird_1"}');
    const errors = await c.waitForCount((m) => typeof m.error === 'string', 5);
    expect(errors.map((m) => m.error)).toEqual([
      'invalid JSON',
      'expected a JSON object',
      'expected a JSON object',
      'missing action',
      'missing action',
    ]);
    expect(errors[4]?.request_id).toBe('weird_1');
  });

  it('a flood of 10k frames is answered in full and leaves nothing behind', async () => {
    await using emulator = await fastEmulator();
    const c = await client(emulator);
    const count = 10_000;
    for (let i = 0; i < count; i += 1) {
      if (i % 3 === 0) c.sendRaw('{broken');
      else
        c.send({
          action: i % 3 === 1 ? 'subscribe' : 'nope',
          numbers: [],
          request_id: `flood_${i}`,
        });
    }
    const replies = await c.waitForCount(() => true, count, 15_000);
    expect(replies).toHaveLength(count);
    expect(c.messages.filter((m) => m.response === 'subscribe')).toHaveLength(
      Math.floor(count / 3),
    );
    expect(emulator.frames().length).toBeGreaterThanOrEqual(Math.floor((count * 2) / 3));
    await c.close();
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats()).toEqual(IDLE_STATS);
  });

  it('abrupt disconnects mid-call (and mid-lookup) leave zeros once the grace is over', async () => {
    await using emulator = await fastEmulator({ orphanGraceMs: 10, lookupTimeoutMs: 50 });
    const dialer = await client(emulator);
    const accepter = await client(emulator);
    const dial = await dialer.command('outbound', {
      to: '+18005551234',
      channel: 'mid',
      uid: '1',
      token: APPID,
    });
    const a = String((dial.data as Message).callid);
    const incoming = await accepter.waitForEvent('call_incoming');
    await accepter.command('accept', {
      callid: incoming.callid,
      token: APPID,
      channel: 'mid_b',
      uid: '2',
    });
    await accepter.waitForEvent('agora_bridge_start', String(incoming.callid));
    await dialer.waitForEvent('agora_bridge_start', a);
    const ringing = await dialer.command('outbound', {
      to: scenario.noAnswer(9999),
      channel: 'mid2',
      uid: '1',
      token: APPID,
    });
    expect(ringing.status_code).toBe(200);
    void emulator.simulateInbound({ did: '18007771234', callid: 'mid_lookup' });
    await accepter.waitForEvent('call_incoming', 'mid_lookup');
    dialer.ws.terminate();
    // The accepter owns the B-leg: it hears the hangup once the dialer's A-leg is given up.
    expect(
      (await accepter.waitForEvent('call_hangup', String(incoming.callid))).sip_disposition,
    ).toBe('recv_bye');
    accepter.ws.terminate();
    await until(() => emulator.stats().sessions === 0);
    await until(() => emulator.stats().heldLookups === 0 && emulator.stats().calls === 0);
    await until(() => emulator.stats().timers === 0);
    expect(emulator.stats()).toEqual(IDLE_STATS);
    // And the emulator still serves.
    await using fresh = await client(emulator);
    expect((await fresh.command('subscribe', { numbers: [] })).status_code).toBe(200);
  });

  it('many sessions registering, dialing and leaving in parallel end idle', async () => {
    await using emulator = await fastEmulator();
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const c = await client(emulator);
        const dial = await c.command('outbound', {
          to: scenario.answer(),
          channel: `par_${i}`,
          uid: '1',
          token: APPID,
        });
        const callid = String((dial.data as Message).callid);
        await c.waitForEvent('call_answered', callid);
        await c.command('endcall', { callid });
        await c.waitForEvent('call_hangup', callid);
        await c.close();
      }),
    );
    await until(() => emulator.stats().sessions === 0 && emulator.stats().timers === 0);
    expect(emulator.stats()).toEqual(IDLE_STATS);
  });
});
