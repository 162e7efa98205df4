import { DEFAULT_DIDS, scenario } from '@callstream/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallstreamClient } from '../../src/index';
import { clientFor, connectedClient, EventLog, emulator, frameOf } from '../helpers/fixtures';

/** The wire form of every command, field by field, as the Call Manager expects it. */
describe('commands on the wire', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const dispose of cleanup.splice(0).reverse()) await dispose();
  });

  it('register: auth token, client id, appid, and subscribe_numbers only when non-empty', async () => {
    await using emu = await emulator();
    const plain = clientFor(emu);
    const subscribed = clientFor(emu, { subscribeNumbers: ['+1 (800) 555-1234'] });
    cleanup.push(
      () => plain.close(),
      () => subscribed.close(),
    );
    await plain.connect();
    await subscribed.connect();
    const registers = emu.frames().filter((received) => received.frame.action === 'register');
    expect(registers.map((received) => received.frame)).toEqual([
      {
        action: 'register',
        auth_token: 'Basic [redacted]',
        client_id: expect.any(String),
        appid: emu.appIds[0],
      },
      {
        action: 'register',
        auth_token: 'Basic [redacted]',
        client_id: expect.any(String),
        appid: emu.appIds[0],
        subscribe_numbers: ['+18005551234'],
      },
    ]);
    expect(registers.every((received) => !('request_id' in received.frame))).toBe(true);
  });

  it('outbound, send_dtmf, bridge, unbridge, transfer and endcall carry exactly the protocol fields', async () => {
    await using emu = await emulator();
    const client = await connectedClient(emu);
    cleanup.push(() => client.close());
    const appid = emu.appIds[0];
    const log = new EventLog(client);

    const dialed = await client.dial({
      to: scenario.answer(),
      from: '+15551234567',
      channel: 'wire',
      uid: 100,
    });
    const outbound = frameOf(emu, dialed.raw.request_id as string);
    expect(outbound).toEqual({
      action: 'outbound',
      to: scenario.answer(),
      from: '+15551234567',
      channel: 'wire',
      uid: '100',
      token: appid,
      region: '',
      timeout: '',
      appid,
      request_id: expect.stringMatching(/^outbound_/),
    });
    await log.waitFor(dialed.callId, 'bridged');

    const dtmf = await client.sendDtmf(dialed.callId, '12#');
    expect(frameOf(emu, dtmf.requestId)).toEqual({
      action: 'send_dtmf',
      callid: dialed.callId,
      digits: '12#',
      appid,
      request_id: dtmf.requestId,
    });

    const bridge = await client.bridge(dialed.callId, {
      channel: 'other',
      uid: '7',
      token: 'rtc-token',
      video: true,
      sdkOptions: { audioProfile: 1 },
      audioScenario: 10,
    });
    expect(frameOf(emu, bridge.requestId)).toEqual({
      action: 'bridge',
      callid: dialed.callId,
      token: 'rtc-token',
      channel: 'other',
      uid: '7',
      video: true,
      sdk_options: '{"audioProfile":1}',
      audio_scenario: '10',
      appid,
      request_id: bridge.requestId,
    });

    const unbridge = await client.unbridge(dialed.callId);
    expect(frameOf(emu, unbridge.requestId)).toEqual({
      action: 'unbridge',
      callid: dialed.callId,
      appid,
      request_id: unbridge.requestId,
    });

    const transfer = await client.transfer(dialed.callId, '+15550009999', { leg: 'aleg' });
    expect(frameOf(emu, transfer.requestId)).toEqual({
      action: 'transfer',
      callid: dialed.callId,
      destination: '+15550009999',
      leg: 'aleg',
      appid,
      request_id: transfer.requestId,
    });
    await log.waitFor(dialed.callId, 'removed');

    const second = await client.dial({
      to: scenario.answer(),
      from: '+15551234567',
      channel: 'wire2',
      uid: '5',
    });
    const endcall = await client.hangup(second.callId);
    expect(frameOf(emu, endcall.requestId)).toEqual({
      action: 'endcall',
      callid: second.callId,
      appid,
      request_id: endcall.requestId,
    });
  });

  it('accept, reject, hangup of an inbound call and subscribe', async () => {
    await using emu = await emulator();
    const client = await connectedClient(emu);
    cleanup.push(() => client.close());
    const appid = emu.appIds[0];
    const did = DEFAULT_DIDS[0];

    const subscribe = await client.subscribe([did]);
    expect(frameOf(emu, subscribe.requestId)).toEqual({
      action: 'subscribe',
      numbers: [did],
      request_id: subscribe.requestId,
    });
    expect(client.subscribedNumbers).toEqual([did]);

    const log = new EventLog(client);
    void emu.simulateInbound({ did, from: '+15550001111' });
    const offered = await log.next((event) => event.type === 'incoming');
    const reject = await client.reject(offered.callId, 'busy');
    expect(frameOf(emu, reject.requestId)).toEqual({
      action: 'reject',
      callid: offered.callId,
      reason: 'busy',
      appid,
      request_id: reject.requestId,
    });

    void emu.simulateInbound({ did, from: '+15550002222' });
    const second = await log.next(
      (event) => event.type === 'incoming' && event.callId !== offered.callId,
    );
    const accept = await client.accept(second.callId, {
      channel: 'inbound',
      uid: 200,
      webhookUrl: 'http://127.0.0.1:9/hook',
    });
    expect(frameOf(emu, accept.requestId)).toEqual({
      action: 'accept',
      callid: second.callId,
      token: appid,
      channel: 'inbound',
      uid: '200',
      webhook_url: 'http://127.0.0.1:9/hook',
      appid,
      request_id: accept.requestId,
    });
    const hangup = await client.hangup(second.callId);
    expect(frameOf(emu, hangup.requestId)).toEqual({
      action: 'hangup',
      callid: second.callId,
      appid,
      request_id: hangup.requestId,
    });
  });

  it('MULTI: dial and accept need an appId before anything is sent; reject sends the call appid', async () => {
    await using emu = await emulator();
    const client: CallstreamClient = await connectedClient(emu, { appId: 'MULTI' });
    cleanup.push(() => client.close());
    const before = emu.frames().length;
    await expect(
      client.dial({ to: scenario.answer(), from: '+15551234567', channel: 'm', uid: 1 }),
    ).rejects.toMatchObject({
      code: 'appid-required',
    });
    expect(emu.frames().length).toBe(before);

    const log = new EventLog(client);
    const dialed = await client.dial({
      to: scenario.answer(),
      from: '+15551234567',
      channel: 'm',
      uid: 1,
      appId: emu.appIds[1] ?? '',
    });
    expect(frameOf(emu, dialed.raw.request_id as string).appid).toBe(emu.appIds[1]);
    await log.waitFor(dialed.callId, 'answered');
    // W9: bridge without an explicit appId uses the call's appid.
    const bridge = await client.bridge(dialed.callId, { channel: 'm2', uid: 2 });
    expect(frameOf(emu, bridge.requestId).appid).toBe(emu.appIds[1]);
  });
});
