import type { DtmfReceived, IncomingCall } from '@callstream/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type TelnyxAcceptParams,
  type TelnyxBackendEvent,
  type TelnyxCall,
  type TelnyxClient,
  telnyxOutcome,
} from '../src';
import { leg, webhookClient } from './webhooks';

const open: TelnyxClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

async function setup(answer?: (method: string, args: unknown[]) => unknown) {
  const world = await webhookClient({}, answer);
  open.push(world.client);
  const events: Array<{ type: string; callId: string; name?: string }> = [];
  world.client.events$.subscribe((event) => events.push(event as never));
  const dtmf: DtmfReceived<TelnyxCall>[] = [];
  world.client.dtmf$.subscribe((item) => dtmf.push(item));
  const backend: TelnyxBackendEvent[] = [];
  world.client.telnyxEvents$.subscribe((event) => backend.push(event));
  const types = (callId: string) =>
    events.filter((event) => event.callId === callId).map((event) => event.type);
  return { ...world, events, dtmf, backend, types };
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('webhooks onto the neutral model', () => {
  it('maps incoming, answered and hangup with outcome and endedBy', async () => {
    const { client, deliver, types } = await setup();
    const offers: IncomingCall<TelnyxCall, TelnyxAcceptParams>[] = [];
    client.incoming$.subscribe((offer) => offers.push(offer));
    const a = leg('in');
    deliver('call.initiated', {
      ...a,
      direction: 'incoming',
      state: 'parked',
      caller_id_name: 'Ada',
      client_state: b64('tenant=7'),
    });
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({
      callId: a.call_control_id,
      state: 'incoming',
      direction: 'inbound',
      from: a.from,
      to: a.to,
      details: {
        callControlId: a.call_control_id,
        callLegId: a.call_leg_id,
        callSessionId: a.call_session_id,
        connectionId: 'conn-1',
        callerIdName: 'Ada',
        clientState: 'tenant=7',
        clientStateRaw: b64('tenant=7'),
      },
    });
    expect(offers[0]?.expiresAt).toEqual(expect.any(Number));
    await offers[0]?.accept();
    expect(client.getCall(a.call_control_id)?.claimed).toBe(true);
    deliver('call.answered', { ...a, state: 'answered' });
    expect(client.getCall(a.call_control_id)?.state).toBe('answered');
    deliver('call.hangup', {
      ...a,
      hangup_cause: 'normal_clearing',
      hangup_source: 'caller',
      sip_hangup_cause: '200',
    });
    expect(client.getCall(a.call_control_id)).toBeUndefined();
    expect(types(a.call_control_id)).toEqual(['incoming', 'answered', 'hangup', 'removed']);
  });

  it.each([
    ['normal_clearing', 'completed'],
    ['call_rejected', 'rejected'],
    ['user_busy', 'busy'],
    ['no_answer', 'no-answer'],
    ['timeout', 'no-answer'],
    ['originator_cancel', 'cancelled'],
    ['time_limit', 'time-limit'],
    ['not_found', 'failed'],
    ['unspecified', 'unknown'],
    ['something_new', 'unknown'],
  ])('hangup_cause %s is outcome %s, the raw cause kept', async (cause, outcome) => {
    expect(telnyxOutcome(cause)).toBe(outcome);
    const { client, deliver } = await setup();
    const removed: TelnyxCall[] = [];
    client.events$.subscribe((event) => {
      if (event.type === 'removed') removed.push(event.call);
    });
    const a = leg(`c-${cause}`);
    deliver('call.initiated', { ...a, direction: 'incoming' });
    deliver('call.hangup', {
      ...a,
      hangup_cause: cause,
      hangup_source: 'caller',
      sip_hangup_cause: '487',
    });
    expect(removed[0]).toMatchObject({
      hangupCause: cause,
      outcome,
      endReason: 'hangup',
      endedBy: 'remote',
      details: { hangupSource: 'caller', sipHangupCause: '487' },
    });
  });

  it('hangup_source is seen from the leg: the caller of an outgoing leg is this application', async () => {
    const dialed = leg('out');
    const { client, deliver } = await setup((method) =>
      method === 'dial' ? { data: { ...dialed, is_alive: false } } : { data: { result: 'ok' } },
    );
    const removed: TelnyxCall[] = [];
    client.events$.subscribe((event) => {
      if (event.type === 'removed') removed.push(event.call);
    });
    await client.dial({ to: '+15559870000', from: '+15551230000' });
    deliver('call.hangup', { ...dialed, hangup_cause: 'normal_clearing', hangup_source: 'caller' });
    expect(removed[0]?.endedBy).toBe('local');
  });

  it('gather digits reach dtmf$ once: from call.dtmf.received, never again from call.gather.ended', async () => {
    const { client, deliver, dtmf, backend } = await setup();
    const a = leg('g');
    deliver('call.initiated', { ...a, direction: 'incoming' });
    await client.accept(a.call_control_id);
    deliver('call.answered', a);
    const gather = await client.gather(a.call_control_id, { maximumDigits: 3 });
    for (const digit of ['1', '2', '3']) deliver('call.dtmf.received', { ...a, digit });
    deliver('call.gather.ended', { ...a, digits: '123', status: 'valid' });
    expect(dtmf.map((item) => item.digits).join('')).toBe('123');
    expect(await gather.ended).toMatchObject({
      name: 'call.gather.ended',
      digits: '123',
      status: 'valid',
    });
    expect(backend.map((event) => event.name)).toEqual(['call.gather.ended']);
  });

  it('duplicates are dropped by event id; late state events never move a call back', async () => {
    const { client, deliver, types } = await setup();
    const a = leg('d');
    const answered = { id: 'evt-answered' };
    deliver(
      'call.initiated',
      { ...a, direction: 'incoming' },
      { occurredAt: '2026-07-16T10:00:01.000Z' },
    );
    await client.accept(a.call_control_id);
    expect(
      deliver('call.answered', a, { ...answered, occurredAt: '2026-07-16T10:00:03.000Z' }).status,
    ).toBe(200);
    const again = deliver('call.answered', a, {
      ...answered,
      occurredAt: '2026-07-16T10:00:03.000Z',
    });
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true });
    // An older hold/unhold, delivered late, changes nothing.
    deliver('call.hold', a, { occurredAt: '2026-07-16T10:00:02.000Z' });
    expect(client.getCall(a.call_control_id)?.held).toBeUndefined();
    expect(types(a.call_control_id)).toEqual(['incoming', 'answered']);
  });

  it('terminal wins: after call.hangup, a late call.initiated does not bring the call back', async () => {
    const { client, deliver } = await setup();
    const a = leg('t');
    deliver('call.hangup', { ...a, hangup_cause: 'originator_cancel' });
    deliver('call.initiated', { ...a, direction: 'incoming' });
    expect(client.activeCalls()).toEqual([]);
    const b = leg('t2');
    deliver('call.initiated', { ...b, direction: 'incoming' });
    deliver('call.hangup', { ...b, hangup_cause: 'originator_cancel' });
    deliver('call.answered', b);
    deliver('call.initiated', { ...b, direction: 'incoming' });
    expect(client.activeCalls()).toEqual([]);
  });

  it('hold and unhold set the held flag with hold events', async () => {
    const { client, deliver, types } = await setup();
    const a = leg('h');
    deliver('call.initiated', { ...a, direction: 'incoming' });
    await client.accept(a.call_control_id);
    deliver('call.answered', a);
    deliver('call.hold', a);
    expect(client.getCall(a.call_control_id)?.held).toBe(true);
    deliver('call.unhold', a);
    expect(client.getCall(a.call_control_id)?.held).toBe(false);
    expect(types(a.call_control_id)).toEqual(['incoming', 'answered', 'hold', 'hold']);
  });

  it('a bridged leg whose peer hangs up becomes unbridged (Telnyx sends no unbridge event)', async () => {
    const { client, deliver } = await setup();
    const a = leg('ba');
    const b = { ...leg('bb'), call_session_id: a.call_session_id };
    for (const x of [a, b]) {
      deliver('call.initiated', { ...x, direction: 'incoming' });
      await client.accept(x.call_control_id);
      deliver('call.answered', x);
    }
    await client.bridge(a.call_control_id, b.call_control_id, { parkAfterUnbridge: 'self' });
    deliver('call.bridged', a);
    deliver('call.bridged', b);
    expect(client.getCall(a.call_control_id)?.details.bridgedWith).toBe(b.call_control_id);
    expect(client.getCall(b.call_control_id)?.details.bridgedWith).toBe(a.call_control_id);
    deliver('call.hangup', { ...b, hangup_cause: 'normal_clearing', hangup_source: 'callee' });
    const survivor = client.getCall(a.call_control_id);
    expect(survivor?.state).toBe('unbridged');
    expect(survivor?.details.bridgedWith).toBeUndefined();
  });

  it('call.recording.saved (no call_control_id) is matched by call_leg_id, also after the hangup', async () => {
    const { client, deliver, backend } = await setup();
    const a = leg('r');
    deliver('call.initiated', { ...a, direction: 'incoming' });
    await client.accept(a.call_control_id);
    deliver('call.answered', a);
    const recording = await client.recordStart(a.call_control_id, { format: 'wav' });
    expect(client.getCall(a.call_control_id)?.details.recording).toBe(true);
    deliver('call.hangup', { ...a, hangup_cause: 'normal_clearing' });
    const { call_control_id: _none, ...withoutControlId } = a;
    deliver('call.recording.saved', {
      ...withoutControlId,
      recording_id: 'rec-1',
      channels: 'single',
      recording_urls: { wav: 'https://example.test/r.wav' },
      public_recording_urls: {},
    });
    const saved = await recording.saved;
    expect(saved).toMatchObject({
      name: 'call.recording.saved',
      callId: a.call_control_id,
      recordingId: 'rec-1',
      recordingUrls: { wav: 'https://example.test/r.wav' },
    });
    expect(backend.map((event) => event.name)).toEqual(['call.recording.saved']);
  });

  it('machine detection results land in details; unknown event names pass through as unknown', async () => {
    const dialed = leg('m');
    const { client, deliver, events } = await setup((method) =>
      method === 'dial' ? { data: dialed } : { data: { result: 'ok' } },
    );
    await client.dial({
      to: '+15559870000',
      from: '+15551230000',
      answeringMachineDetection: 'detect',
    });
    deliver('call.answered', dialed);
    deliver('call.machine.detection.ended', { ...dialed, result: 'machine' });
    expect(client.getCall(dialed.call_control_id)?.details.machineDetection).toBe('machine');
    deliver('call.brand.new.thing', dialed);
    expect(events.filter((event) => event.type === 'unknown')).toMatchObject([
      { event: 'call.brand.new.thing', callId: dialed.call_control_id },
    ]);
  });

  it('webhooks for a dial that arrive before its answer are applied once the answer comes', async () => {
    const dialed = leg('early');
    let release: (value: unknown) => void = () => {};
    const { client, deliver, types } = await setup((method) =>
      method === 'dial'
        ? new Promise((resolve) => {
            release = () => resolve({ data: dialed });
          })
        : { data: { result: 'ok' } },
    );
    const dialing = client.dial({ to: '+15559870000', from: '+15551230000' });
    await new Promise((resolve) => setImmediate(resolve));
    deliver('call.initiated', { ...dialed, direction: 'outgoing', state: 'bridging' });
    deliver('call.answered', dialed);
    expect(client.activeCalls()).toEqual([]);
    release(undefined);
    const { callId } = await dialing;
    expect(client.getCall(callId)?.state).toBe('answered');
    expect(types(callId)).toEqual(['initiated', 'answered']);
  });

  it('an outgoing leg nobody here dialled is not tracked', async () => {
    const { client, deliver } = await setup();
    deliver('call.initiated', { ...leg('stranger'), direction: 'outgoing' });
    expect(client.activeCalls()).toEqual([]);
  });
});
