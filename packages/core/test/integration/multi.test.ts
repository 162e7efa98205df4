import type { AddressInfo } from 'node:net';
import { DEFAULT_DIDS, scenario } from '@callstream/emulator';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createClient, isCallstreamError } from '../../src/index';
import { connectedClient, EventLog, emulator, frameOf } from '../helpers/fixtures';

describe('MULTI mode', () => {
  it('50 concurrent dials across two appids with colliding channel:uid route every event to its own call', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu, { appId: 'MULTI' });
    const log = new EventLog(client);
    const [app1 = '', app2 = ''] = emu.appIds;
    // 25 channel:uid pairs, each dialled once under each app id: every pair collides across appids.
    const plans = Array.from({ length: 50 }, (_, i) => ({
      appId: i % 2 === 0 ? app1 : app2,
      channel: `room-${Math.floor(i / 2)}`,
      uid: String(1000 + Math.floor(i / 2)),
      digits: String(i % 10),
    }));
    const dialed = await Promise.all(
      plans.map((plan) =>
        client.dial({
          to: scenario.answer(),
          from: '+15551234567',
          channel: plan.channel,
          uid: plan.uid,
          appId: plan.appId,
        }),
      ),
    );
    const ids = dialed.map((result) => result.callId);
    expect(new Set(ids).size).toBe(50);
    await Promise.all(ids.map((callId) => log.waitFor(callId, 'bridged')));
    await Promise.all(ids.map((callId, i) => client.sendDtmf(callId, plans[i]!.digits)));
    await Promise.all(ids.map((callId) => log.waitFor(callId, 'dtmf')));

    for (const [i, callId] of ids.entries()) {
      const plan = plans[i]!;
      const call = client.getCall(callId);
      expect(call).toMatchObject({
        appId: plan.appId,
        channel: plan.channel,
        uid: plan.uid,
        direction: 'outbound',
      });
      const events = log.items.filter((event) => event.callId === callId);
      // Every event for this call names this call's own leg: zero cross-routed events.
      for (const event of events) {
        expect(event.raw.appid ?? plan.appId).toBe(plan.appId);
        if (event.raw.channel !== undefined) expect(event.raw.channel).toBe(plan.channel);
      }
      const dtmf = events.filter((event) => event.type === 'dtmf');
      expect(dtmf.map((event) => (event as { digits: string }).digits)).toEqual([plan.digits]);
    }

    await Promise.all(ids.map((callId) => client.hangup(callId)));
    await Promise.all(ids.map((callId) => log.waitFor(callId, 'removed')));
    expect(client.activeCalls()).toEqual([]);
    expect(emu.calls()).toEqual([]);
  });

  it('two single-appid clients with the same channel:uid never see each other', async () => {
    await using emu = await emulator();
    const [app1 = '', app2 = ''] = emu.appIds;
    await using first = await connectedClient(emu, { appId: app1 });
    await using second = await connectedClient(emu, { appId: app2 });
    const firstLog = new EventLog(first);
    const secondLog = new EventLog(second);
    const a = await first.dial({
      to: scenario.answer(),
      from: '+15551234567',
      channel: 'shared',
      uid: 1,
    });
    const b = await second.dial({
      to: scenario.answer(),
      from: '+15551234567',
      channel: 'shared',
      uid: 1,
    });
    expect(a.callId).not.toBe(b.callId);
    await firstLog.waitFor(a.callId, 'bridged');
    await secondLog.waitFor(b.callId, 'bridged');
    await first.hangup(a.callId);
    await firstLog.waitFor(a.callId, 'removed');
    expect(second.getCall(b.callId)?.state).toBe('bridged');
    expect(firstLog.items.some((event) => event.callId === b.callId)).toBe(false);
    expect(secondLog.items.some((event) => event.callId === a.callId)).toBe(false);
  });

  it('accept without appId uses the app id the offer names (PROTOCOL §5.4)', async () => {
    await using emu = await emulator();
    const did = DEFAULT_DIDS[0] ?? '';
    const [app1 = ''] = emu.appIds;
    await using client = await connectedClient(emu, { appId: 'MULTI', subscribeNumbers: [did] });
    await using caller = await connectedClient(emu, { appId: app1 });
    const offered = firstValueFrom(client.incoming$);
    // A loopback call (PROTOCOL §7.3): the offer names the app id of the leg that dialled.
    await caller.dial({ to: did, from: '+14155550100', channel: 'multi-out', uid: 4 });
    const offer = await offered;
    expect(offer.appId).toBe(app1);
    const { requestId } = await offer.accept({ channel: 'multi-in', uid: 5 });
    expect(frameOf(emu, requestId)).toMatchObject({ action: 'accept', appid: offer.appId });
  });

  it('accept of an offer that names no app id fails locally with appid-required (nothing sent)', async () => {
    // A server that registers the client and offers a call without an appid.
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const received: unknown[] = [];
    server.on('connection', (socket) => {
      socket.send(JSON.stringify({ status: 'connected', session_id: 's1' }));
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { action?: string };
        received.push(frame);
        if (frame.action !== 'register') return;
        socket.send(JSON.stringify({ status: 'registered' }));
        socket.send(
          JSON.stringify({
            event: 'call_incoming',
            callid: 'no-appid',
            from: '+1415',
            to: '+1800',
          }),
        );
      });
    });
    const { port } = server.address() as AddressInfo;
    await using client = createClient({
      url: `ws://127.0.0.1:${port}`,
      authToken: 'Basic multi',
      clientId: 'multi-no-appid',
      appId: 'MULTI',
      reconnect: false,
    });
    const offered = firstValueFrom(client.incoming$);
    await client.connect();
    const offer = await offered;
    const error = await offer.accept({ channel: 'c', uid: 1 }).catch((caught: unknown) => caught);
    expect(isCallstreamError(error, 'appid-required')).toBe(true);
    expect(received).toHaveLength(1); // the register frame only
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
