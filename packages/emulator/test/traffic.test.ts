import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_APP_IDS, DEFAULT_DIDS } from '../src/index';
import { startTraffic } from '../src/traffic';
import { client, fastEmulator } from './helpers/fixtures';
import type { Message, RawClient } from './helpers/rawClient';

const APP_ID = DEFAULT_APP_IDS[0];
const digits = (number: unknown) => String(number).replace(/\D/g, '');

/** Deterministic [0, 1) sequence (mulberry32), so every run picks the same callers and digits. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Makes `c` accept every offered call while the returned switch is on. */
function autoAccept(c: RawClient): { on: boolean } {
  const state = { on: true };
  let uid = 0;
  c.ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as Message;
    if (message.event !== 'call_incoming' || !state.on) return;
    uid++;
    c.send({
      action: 'accept',
      callid: message.callid,
      token: APP_ID,
      channel: 'traffic-test',
      uid: String(uid),
      appid: APP_ID,
      request_id: `accept_${uid}`,
    });
  });
  return state;
}

const offers = (c: RawClient) => c.events((m) => m.event === 'call_incoming');

describe('startTraffic', () => {
  it('accepted calls get remote digits and a remote hangup; stop() clears every timer', async () => {
    await using emulator = await fastEmulator({ lookupTimeoutMs: 500 });
    const baseline = emulator.stats().timers;
    const accepter = await client(emulator, { clientId: 'traffic-accepter' });
    const accepting = autoAccept(accepter);

    const traffic = startTraffic(emulator, {
      intervalMs: 15,
      dtmfDelayMs: [5, 10],
      hangupAfterMs: [30, 60],
      callers: ['+14155550100', '+14155550101'],
      random: seeded(7),
    });
    expect(traffic.stats().timers).toBe(1);

    const dtmf = await accepter.waitForEvent('dtmf_received', undefined, 5000);
    expect(dtmf.digits).toMatch(/^[0-9*#]{1,4}$/);
    expect(dtmf).not.toHaveProperty('request_id');
    const hangup = await accepter.waitForEvent('call_hangup', undefined, 5000);
    expect(hangup).toMatchObject({ direction: 'inbound', hangup_cause: 'NORMAL_CLEARING' });
    for (const offer of offers(accepter)) {
      expect(['+14155550100', '+14155550101']).toContain(offer.from);
      expect(DEFAULT_DIDS.map(digits)).toContain(digits(offer.to));
    }

    accepting.on = false;
    traffic.stop();
    traffic.stop();
    const stats = traffic.stats();
    expect(stats).toMatchObject({ timers: 0, active: 0 });
    expect(stats.accepted).toBeGreaterThanOrEqual(1);
    expect(stats.digitsPressed).toBeGreaterThanOrEqual(1);
    expect(stats.remoteHangups).toBeGreaterThanOrEqual(1);
    expect(stats.offered).toBeGreaterThanOrEqual(stats.accepted);

    // An accept already on the wire when stop() ran can still connect a call: end it remotely.
    await vi.waitFor(
      () => {
        for (const leg of emulator.calls()) emulator.remote.hangup(leg.callid);
        expect(emulator.stats()).toEqual({
          sessions: 1,
          calls: 0,
          heldLookups: 0,
          timers: baseline,
        });
      },
      { timeout: 3000, interval: 20 },
    );
    await accepter.close();
    await vi.waitFor(() => expect(emulator.stats().sessions).toBe(0));
    expect(traffic.stats().timers).toBe(0);
  });

  it('stop() makes waiting callers give up, so the emulator goes idle at once', async () => {
    await using emulator = await fastEmulator({ lookupTimeoutMs: 60_000 });
    await using watcher = await client(emulator, { clientId: 'watcher' });
    const traffic = startTraffic(emulator, { intervalMs: 5 });
    await watcher.waitForCount((m) => m.event === 'call_incoming', 2);
    traffic.stop();
    // Without the caller giving up, these lookups would be held for a minute.
    await vi.waitFor(() => expect(emulator.stats()).toMatchObject({ heldLookups: 0, calls: 0 }), {
      timeout: 2000,
    });
    expect(traffic.stats()).toMatchObject({ accepted: 0, active: 0, timers: 0 });
  });

  it('rotates over the DIDs that have eligible sessions and skips when there are none', async () => {
    await using emulator = await fastEmulator({ lookupTimeoutMs: 200 });
    const traffic = startTraffic(emulator, { intervalMs: 10, random: seeded(1) });
    try {
      await vi.waitFor(() => expect(traffic.stats().skipped).toBeGreaterThanOrEqual(2), {
        timeout: 2000,
      });
      expect(traffic.stats()).toMatchObject({ offered: 0, accepted: 0 });
      expect(emulator.stats().heldLookups).toBe(0);

      // Subscribed to the second DID only: every offer must be for it.
      await using subscriber = await client(emulator, {
        clientId: 'subscriber',
        subscribeNumbers: [DEFAULT_DIDS[1]],
      });
      await subscriber.waitForCount((m) => m.event === 'call_incoming', 2);
      for (const offer of offers(subscriber))
        expect(digits(offer.to)).toBe(digits(DEFAULT_DIDS[1]));

      // A catch-all session makes both DIDs eligible: the generator alternates between them.
      await using catchAll = await client(emulator, { clientId: 'catch-all' });
      await catchAll.waitForCount((m) => m.event === 'call_incoming', 2);
      const dids = offers(catchAll).map((offer) => digits(offer.to));
      expect(dids[0]).not.toBe(dids[1]);
      expect([...new Set(dids)].sort()).toEqual(DEFAULT_DIDS.map(digits).sort());
    } finally {
      traffic.stop();
    }
    expect(traffic.stats().timers).toBe(0);
  });

  it('respects dids_<appid> allowlists and leaves pinlookup DIDs alone', async () => {
    await using emulator = await fastEmulator({
      lookupTimeoutMs: 200,
      dids: [...DEFAULT_DIDS, '+15559876543'],
      allowlists: { [APP_ID]: [DEFAULT_DIDS[0]] },
    });
    await using restricted = await client(emulator, { clientId: 'restricted' });
    const traffic = startTraffic(emulator, { intervalMs: 5 });
    try {
      await restricted.waitForCount((m) => m.event === 'call_incoming', 3);
    } finally {
      traffic.stop();
    }
    for (const offer of offers(restricted)) expect(digits(offer.to)).toBe(digits(DEFAULT_DIDS[0]));
    expect(traffic.stats().noRoute).toBe(0);
  });
});
