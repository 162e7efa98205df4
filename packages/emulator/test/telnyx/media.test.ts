import { describe, expect, it } from 'vitest';
import { FAST_TELNYX_TIMING, scenario, type TelnyxEmulator } from '../../src/index';
import { fastTelnyx, sdkFor, until, WebhookReceiver } from './helpers';

async function answered(telnyx: TelnyxEmulator, receiver: WebhookReceiver): Promise<string> {
  const inbound = await telnyx.simulateInbound();
  await sdkFor(telnyx).calls.actions.answer(inbound.callControlId, {});
  await receiver.waitForEvent(inbound.callControlId, 'call.answered');
  return inbound.callControlId;
}

const ended = (receiver: WebhookReceiver, id: string, type: string) =>
  receiver.forCall(id).filter((w) => w.eventType === type);

describe('speak and playback', () => {
  it('queue: each item starts after the previous one ended', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, {
      timing: { ...FAST_TELNYX_TIMING, speakMs: 200 },
    });
    const client = sdkFor(telnyx);
    const id = await answered(telnyx, receiver);
    await client.calls.actions.speak(id, { payload: 'one', voice: 'female' });
    await client.calls.actions.startPlayback(id, { media_name: 'two', loop: 2 });
    expect(telnyx.call(id)?.audioQueued).toBe(2);
    await receiver.waitForEvent(id, 'call.playback.ended');
    expect(receiver.typesFor(id).slice(2)).toEqual([
      'call.speak.started',
      'call.speak.ended',
      'call.playback.started',
      'call.playback.ended',
    ]);
    expect(ended(receiver, id, 'call.playback.ended')[0]?.payload).toMatchObject({
      media_name: 'two',
      status: 'completed',
      overlay: false,
    });
  });

  it('stop "current" and "all": the playing item ends cancelled, queued ones silently', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, {
      timing: { ...FAST_TELNYX_TIMING, playbackMs: 5000 },
    });
    const client = sdkFor(telnyx);
    const id = await answered(telnyx, receiver);
    await client.calls.actions.startPlayback(id, { media_name: 'a' });
    await client.calls.actions.startPlayback(id, { media_name: 'b' });
    await client.calls.actions.startPlayback(id, { media_name: 'c' });
    await receiver.waitForEvent(id, 'call.playback.started');
    await client.calls.actions.stopPlayback(id, { stop: 'current' });
    await until(() => ended(receiver, id, 'call.playback.started').length === 2);
    await client.calls.actions.stopPlayback(id, {});
    await until(() => ended(receiver, id, 'call.playback.ended').length === 2);
    await until(() => telnyx.stats().timers === 0);
    expect(
      receiver
        .forCall(id)
        .slice(2)
        .map((w) => [w.eventType, w.payload.media_name, w.payload.status]),
    ).toEqual([
      ['call.playback.started', 'a', undefined],
      ['call.playback.ended', 'a', 'cancelled'],
      ['call.playback.started', 'b', undefined],
      ['call.playback.ended', 'b', 'cancelled'],
    ]);
    expect(telnyx.call(id)?.audioQueued).toBe(0);
  });

  it('a speak with stop "current" interrupts, and a hangup ends the playing audio call_hangup first', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, {
      timing: { ...FAST_TELNYX_TIMING, speakMs: 5000 },
    });
    const client = sdkFor(telnyx);
    const id = await answered(telnyx, receiver);
    await client.calls.actions.speak(id, { payload: 'long', voice: 'female' });
    await client.calls.actions.speak(id, { payload: 'urgent', voice: 'female', stop: 'current' });
    await until(() => ended(receiver, id, 'call.speak.started').length === 2);
    await client.calls.actions.hangup(id, {});
    await receiver.waitForEvent(id, 'call.hangup');
    expect(
      receiver
        .forCall(id)
        .slice(2)
        .map((w) => [w.eventType, w.payload.status]),
    ).toEqual([
      ['call.speak.started', undefined],
      ['call.speak.ended', 'completed'],
      ['call.speak.started', undefined],
      ['call.speak.ended', 'call_hangup'],
      ['call.hangup', undefined],
    ]);
  });
});

describe('gather', () => {
  it.each([
    ['no digits before timeout_millis', { timeout_millis: 30 }, '', '', 'timeout'],
    [
      'the inter-digit timeout after enough digits',
      { inter_digit_timeout_millis: 300 },
      '12',
      '12',
      'valid',
    ],
    ['too few digits before the terminator', { minimum_digits: 3 }, '1#', '1', 'invalid'],
    ['a digit outside valid_digits', { valid_digits: '123' }, '9', '', 'invalid'],
    ['maximum_digits reached', { maximum_digits: 2 }, '345', '34', 'valid'],
    ['a custom terminating digit', { terminating_digit: '*' }, '77*', '77', 'valid'],
  ])('ends on %s', async (_name, options, pressed, digits, status) => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const id = await answered(telnyx, receiver);
    await sdkFor(telnyx).calls.actions.gather(id, {
      timeout_millis: 5000,
      ...options,
      gather_id: 'g1',
    });
    expect(telnyx.call(id)?.gathering).toBe(true);
    if (pressed !== '') telnyx.remote.pressDigits(id, pressed);
    const gathered = await receiver.waitForEvent(id, 'call.gather.ended');
    expect(gathered.payload).toMatchObject({ digits, status, gather_id: 'g1' });
    expect(telnyx.call(id)?.gathering).toBe(false);
  });

  it('gather_using_speak re-prompts after an invalid entry, up to maximum_tries', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const id = await answered(telnyx, receiver);
    await sdkFor(telnyx).calls.actions.gatherUsingSpeak(id, {
      payload: 'Pick 1 or 2',
      voice: 'female',
      valid_digits: '12',
      maximum_digits: 1,
      maximum_tries: 2,
      timeout_millis: 5000,
    });
    telnyx.remote.pressDigits(id, '92');
    const gathered = await receiver.waitForEvent(id, 'call.gather.ended');
    expect(gathered.payload).toMatchObject({ digits: '2', status: 'valid' });
    expect(ended(receiver, id, 'call.dtmf.received').map((w) => w.payload.digit)).toEqual([
      '9',
      '2',
    ]);
  });

  it('a new gather cancels the running one; a hangup ends it call_hangup before call.hangup', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const id = await answered(telnyx, receiver);
    await client.calls.actions.gather(id, { timeout_millis: 5000 });
    await client.calls.actions.gather(id, { timeout_millis: 5000 });
    telnyx.remote.hangup(id);
    await receiver.waitForEvent(id, 'call.hangup');
    expect(
      receiver
        .forCall(id)
        .slice(2)
        .map((w) => [w.eventType, w.payload.status]),
    ).toEqual([
      ['call.gather.ended', 'cancelled'],
      ['call.gather.ended', 'call_hangup'],
      ['call.hangup', undefined],
    ]);
  });
});

describe('recording', () => {
  it('record-from-answer starts on answer; a hangup saves it after call.hangup', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const inbound = await telnyx.simulateInbound();
    const answer = await client.calls.actions.answer(inbound.callControlId, {
      record: 'record-from-answer',
      record_format: 'wav',
    });
    const recordingId = (answer.data as { recording_id?: string } | undefined)?.recording_id;
    expect(recordingId).toEqual(telnyx.call(inbound.callControlId)?.recording?.recordingId);
    await expect(
      client.calls.actions.startRecording(inbound.callControlId, {
        channels: 'single',
        format: 'mp3',
      }),
    ).rejects.toMatchObject({ status: 422 });
    telnyx.remote.hangup(inbound.callControlId);
    const saved = await receiver.waitFor((w) => w.eventType === 'call.recording.saved');
    expect(saved.payload).toMatchObject({
      call_leg_id: inbound.callLegId,
      recording_id: recordingId,
      channels: 'single',
    });
    expect(receiver.received.map((w) => w.eventType).slice(-2)).toEqual([
      'call.hangup',
      'call.recording.saved',
    ]);
  });

  it('a dial with record-from-answer records once the callee answers', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const dialed = await sdkFor(telnyx).calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.remoteHangup(10),
      from: '+15551230000',
      record: 'record-from-answer',
      record_channels: 'dual',
    });
    const saved = await receiver.waitFor((w) => w.eventType === 'call.recording.saved');
    expect(saved.payload).toMatchObject({
      call_leg_id: dialed.data?.call_leg_id,
      channels: 'dual',
      recording_urls: { mp3: expect.stringMatching(/\.mp3$/) },
    });
  });
});
