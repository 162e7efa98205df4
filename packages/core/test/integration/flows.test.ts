import { DEFAULT_DIDS, scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import type { Call, CallstreamClient } from '../../src/index';
import { connectedClient, EventLog, emulator, Recorder } from '../helpers/fixtures';

/**
 * The states one call went through in calls$ (consecutive repeats collapsed; `gone` once removed).
 * `hangup` is never seen here: the call leaves the table in the same step (its final snapshot
 * is on the `removed` event).
 */
function stateTrail(tables: Recorder<ReadonlyMap<string, Call>>, callId: string): string[] {
  const trail: string[] = [];
  let seen = false;
  for (const table of tables.items) {
    const call = table.get(callId);
    const state = call ? call.state : seen ? 'gone' : undefined;
    if (call) seen = true;
    if (state !== undefined && trail[trail.length - 1] !== state) trail.push(state);
  }
  return trail;
}

const from = '+15551234567';
const did = DEFAULT_DIDS[0];

/** An emulator in the given mode and a connected client whose events and tables are recorded. */
async function flowSetup(quirks: boolean) {
  const emu = await emulator({ quirks });
  const client = await connectedClient(emu);
  return {
    emu,
    client,
    log: new EventLog(client),
    tables: new Recorder(client.calls$),
    async [Symbol.asyncDispose]() {
      await client.close();
      await emu.close();
    },
  };
}

async function loopback(client: CallstreamClient, log: EventLog, channel: string) {
  await client.subscribe([did]);
  const a = await client.dial({ to: did, from, channel, uid: 100 });
  const offer = await log.next((event) => event.type === 'incoming');
  return { a: a.callId, b: offer.callId };
}

describe.each([
  { mode: 'ideal', quirks: false },
  { mode: 'quirk', quirks: true },
])('call flows in $mode mode', ({ quirks }) => {
  it('outbound: dial → answer → DTMF echo → hangup, in calls$ and events$', async () => {
    await using setup = await flowSetup(quirks);
    const { client, log, tables } = setup;

    const { callId } = await client.dial({ to: scenario.answer(), from, channel: 'out', uid: 100 });
    expect(client.getCall(callId)).toMatchObject({
      direction: 'outbound',
      channel: 'out',
      uid: '100',
      appId: setup.emu.appIds[0],
    });
    await log.waitFor(callId, 'answered');
    if (!quirks) await log.waitFor(callId, 'bridged');
    await client.sendDtmf(callId, '1234#');
    const dtmf = await log.waitFor(callId, 'dtmf');
    expect(dtmf).toMatchObject({ digits: '1234#' });
    await client.hangup(callId);
    const removed = await log.waitFor(callId, 'removed');
    expect(removed).toMatchObject({
      reason: 'hangup',
      call: { state: 'hangup', hangupCause: 'NORMAL_CLEARING' },
    });

    if (quirks) {
      expect(log.sequence(callId)).toEqual(['answered', 'dtmf', 'hangup', 'removed']);
      expect(stateTrail(tables, callId)).toEqual(['ringing', 'answered', 'gone']);
    } else {
      expect(log.sequence(callId)).toEqual([
        'initiated',
        'ringing',
        'answered',
        'bridged',
        'dtmf',
        'unbridged',
        'hangup',
        'removed',
      ]);
      expect(stateTrail(tables, callId)).toEqual([
        'ringing',
        'answered',
        'bridged',
        'unbridged',
        'gone',
      ]);
    }
    expect(client.activeCalls()).toEqual([]);
  });

  it('inbound accept on a loopback: both legs answered and bridged, DTMF on both, one hangup ends both', async () => {
    await using setup = await flowSetup(quirks);
    const { client, log, tables } = setup;
    const { a, b } = await loopback(client, log, 'loop');
    expect(client.getCall(b)).toMatchObject({
      state: 'incoming',
      direction: 'inbound',
      from,
      to: expect.stringContaining('8005551234'),
    });

    await client.accept(b, { channel: 'inbound', uid: 200 });
    await log.waitFor(b, 'bridged');
    await log.waitFor(a, 'answered');
    await client.sendDtmf(a, '12');
    await client.sendDtmf(b, '#9');
    expect(await log.waitFor(a, 'dtmf')).toMatchObject({ digits: '12' });
    expect(await log.waitFor(b, 'dtmf')).toMatchObject({ digits: '#9' });
    await client.hangup(b);
    await log.waitFor(a, 'removed');
    await log.waitFor(b, 'removed');

    expect(
      log.items
        .filter((event) => event.type === 'dtmf')
        .map((event) => [event.callId, (event as { digits: string }).digits]),
    ).toEqual([
      [a, '12'],
      [b, '#9'],
    ]);
    if (quirks) {
      expect(log.sequence(a)).toEqual(['answered', 'dtmf', 'hangup', 'removed']);
      expect(log.sequence(b)).toEqual([
        'incoming',
        'answered',
        'bridged',
        'dtmf',
        'hangup',
        'removed',
      ]);
    } else {
      expect(log.sequence(a)).toEqual([
        'initiated',
        'ringing',
        'answered',
        'bridged',
        'dtmf',
        'unbridged',
        'hangup',
        'removed',
      ]);
      // The gateway announces the B leg with call_initiated once the lookup is answered.
      expect(log.sequence(b)).toEqual([
        'incoming',
        'initiated',
        'answered',
        'bridged',
        'dtmf',
        'unbridged',
        'hangup',
        'removed',
      ]);
      expect(stateTrail(tables, b)).toEqual([
        'incoming',
        'answered',
        'bridged',
        'unbridged',
        'gone',
      ]);
    }
    expect(client.activeCalls()).toEqual([]);
  });

  it('inbound reject: the offer leaves calls$ and the caller leg ends', async () => {
    await using setup = await flowSetup(quirks);
    const { client, log } = setup;
    const { a, b } = await loopback(client, log, 'rej');
    await client.reject(b, 'busy');
    expect(await log.waitFor(b, 'removed')).toMatchObject({ reason: 'rejected' });
    const hangup = await log.waitFor(a, 'hangup');
    expect(hangup).toMatchObject({ hangupCause: 'CALL_REJECTED' });
    await log.waitFor(a, 'removed');
    expect(log.sequence(b)).toEqual(['incoming', 'removed']);
    expect(client.activeCalls()).toEqual([]);
  });

  it('bridge, unbridge and re-bridge move the call between channels', async () => {
    await using setup = await flowSetup(quirks);
    const { client, log } = setup;
    const { a, b } = await loopback(client, log, 'br');
    await client.accept(b, { channel: 'first', uid: 200 });
    await log.waitFor(b, 'bridged');

    await client.bridge(b, { channel: 'second', uid: 201 });
    const rebridged = await log.next(
      (event) => event.callId === b && event.type === 'bridged' && event.rebridge,
    );
    expect(rebridged).toMatchObject({
      previousChannel: 'first',
      previousUid: '200',
      call: { channel: 'second', uid: '201', state: 'bridged' },
    });

    await client.unbridge(b);
    await log.next((event) => event.callId === b && event.type === 'unbridged' && !event.rebridge);
    expect(client.getCall(b)?.state).toBe('unbridged');

    await client.bridge(b, { channel: 'third', uid: 202 });
    const bridged = await log.next(
      (event) => event.callId === b && event.type === 'bridged' && event.call.channel === 'third',
    );
    expect(bridged).toMatchObject({ rebridge: false });
    const rebridgeFlow = ['answered', 'bridged', 'unbridged', 'bridged', 'unbridged', 'bridged'];
    expect(log.sequence(b)).toEqual(
      quirks ? ['incoming', ...rebridgeFlow] : ['incoming', 'initiated', ...rebridgeFlow],
    );
    await client.hangup(a);
    await log.waitFor(b, 'removed');
  });

  it('transfer: the call leaves the channel, then leaves us', async () => {
    await using setup = await flowSetup(quirks);
    const { client, log } = setup;
    const { a, b } = await loopback(client, log, 'tr');
    await client.accept(b, { channel: 'tr-in', uid: 200 });
    await log.waitFor(b, 'bridged');
    await client.transfer(b, '+15550007777');
    const hangup = await log.waitFor(b, 'hangup');
    expect(hangup).toMatchObject({ hangupCause: 'BLIND_TRANSFER' });
    await log.waitFor(b, 'removed');
    await log.waitFor(a, 'removed');
    const transferFlow = ['answered', 'bridged', 'unbridged', 'hangup', 'removed'];
    expect(log.sequence(b)).toEqual(
      quirks ? ['incoming', ...transferFlow] : ['incoming', 'initiated', ...transferFlow],
    );
    expect(client.activeCalls()).toEqual([]);
  });
});
