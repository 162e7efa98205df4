import { describe, expect, it } from 'vitest';
import { scenario, type TelnyxEmulator } from '../../src/index';
import { fastTelnyx, IDLE, sdkFor, until, WebhookReceiver } from './helpers';

const FROM = '+15551230000';

async function dial(telnyx: TelnyxEmulator, to: string, extra: Record<string, unknown> = {}) {
  const dialed = await sdkFor(telnyx).calls.dial({
    connection_id: telnyx.connectionId,
    to,
    from: FROM,
    ...extra,
  });
  return dialed.data!.call_control_id;
}

describe('scenario numbers drive the remote party of a dial', () => {
  it.each([
    ['busy', scenario.busy(), 'user_busy', '486'],
    ['reject', scenario.reject(), 'call_rejected', '603'],
    ['noAnswer', scenario.noAnswer(20), 'no_answer', '480'],
    ['an unallocated number', '+15559990000', 'not_found', '404'],
  ])(
    '%s: call.initiated, then call.hangup %s (sip %s) from the callee',
    async (_name, to, cause, sip) => {
      await using receiver = await WebhookReceiver.start();
      await using telnyx = await fastTelnyx(receiver);
      const id = await dial(telnyx, to);
      expect(telnyx.call(id)?.state).toBe('ringing');
      const hangup = await receiver.waitForEvent(id, 'call.hangup');
      expect(hangup.payload).toMatchObject({
        hangup_cause: cause,
        sip_hangup_cause: sip,
        hangup_source: 'callee',
      });
      expect(receiver.typesFor(id)).toEqual(['call.initiated', 'call.hangup']);
      expect(receiver.forCall(id)[0]?.payload).toMatchObject({
        direction: 'outgoing',
        state: 'bridging',
        to,
        from: FROM,
      });
      expect(telnyx.call(id)).toMatchObject({ state: 'ended', hangupCause: cause });
    },
  );

  it('answer(N): rings, then answers N ms later', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const started = Date.now();
    const id = await dial(telnyx, scenario.answer(60));
    await receiver.waitForEvent(id, 'call.answered');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(telnyx.call(id)).toMatchObject({ state: 'answered', answeredAt: expect.any(String) });
    expect(receiver.forCall(id)[1]?.payload).toMatchObject({
      state: 'answered',
      start_time: expect.any(String),
    });
  });

  it('remoteHangup(N): answers, then the callee hangs up normal_clearing', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const id = await dial(telnyx, scenario.remoteHangup(20));
    const hangup = await receiver.waitForEvent(id, 'call.hangup');
    expect(hangup.payload).toMatchObject({
      hangup_cause: 'normal_clearing',
      hangup_source: 'callee',
    });
    expect(receiver.typesFor(id)).toEqual(['call.initiated', 'call.answered', 'call.hangup']);
    await until(() => telnyx.stats().queuedWebhooks === 0 && telnyx.stats().timers === 0);
    expect(telnyx.stats()).toEqual(IDLE);
  });

  it('pressDigits(d): answers, then one call.dtmf.received per digit', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const id = await dial(telnyx, scenario.pressDigits('9021'));
    await until(() => receiver.forCall(id).length === 6);
    expect(receiver.typesFor(id).slice(0, 2)).toEqual(['call.initiated', 'call.answered']);
    expect(
      receiver
        .forCall(id)
        .slice(2)
        .map((w) => w.payload.digit),
    ).toEqual(['9', '0', '2', '1']);
  });

  it('slowGateway(N): the dial answer is held N ms; call.initiated may come first', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const started = Date.now();
    const id = await dial(telnyx, scenario.slowGateway(80));
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(receiver.typesFor(id)[0]).toBe('call.initiated');
    await receiver.waitForEvent(id, 'call.answered');
  });

  it('noResource: the dial is refused 503 and no call exists', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    await expect(dial(telnyx, scenario.noResource())).rejects.toMatchObject({ status: 503 });
    expect(telnyx.calls()).toEqual([]);
    expect(telnyx.stats()).toEqual(IDLE);
  });

  it.each([
    ['detect', scenario.machine(), [['call.machine.detection.ended', 'machine']]],
    [
      'detect_beep',
      scenario.machine(),
      [
        ['call.machine.detection.ended', 'machine'],
        ['call.machine.greeting.ended', 'beep_detected'],
      ],
    ],
    ['detect', scenario.answer(), [['call.machine.detection.ended', 'human']]],
    [
      'premium',
      scenario.machine(),
      [
        ['call.machine.premium.detection.ended', 'machine'],
        ['call.machine.premium.greeting.ended', 'beep_detected'],
      ],
    ],
    ['premium', scenario.answer(), [['call.machine.premium.detection.ended', 'human_residence']]],
  ])('AMD %s on %s reports %j after call.answered', async (mode, to, expected) => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const id = await dial(telnyx, to, { answering_machine_detection: mode });
    await until(() => receiver.forCall(id).length === 2 + expected.length);
    expect(receiver.forCall(id).map((w) => [w.eventType, w.payload.result])).toEqual([
      ['call.initiated', undefined],
      ['call.answered', undefined],
      ...expected,
    ]);
  });

  it('machine without AMD is simply an answered call', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const id = await dial(telnyx, scenario.machine(10));
    await receiver.waitForEvent(id, 'call.answered');
    await until(() => telnyx.stats().timers === 0);
    expect(receiver.typesFor(id)).toEqual(['call.initiated', 'call.answered']);
  });

  it('a hangup while ringing cancels the call (originator_cancel) and its remote party', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const id = await dial(telnyx, scenario.answer(5000));
    await sdkFor(telnyx).calls.actions.hangup(id, {});
    const hangup = await receiver.waitForEvent(id, 'call.hangup');
    expect(hangup.payload).toMatchObject({
      hangup_cause: 'originator_cancel',
      hangup_source: 'caller',
    });
    await until(() => telnyx.stats().timers === 0 && telnyx.stats().queuedWebhooks === 0);
    expect(receiver.typesFor(id)).toEqual(['call.initiated', 'call.hangup']);
  });
});

describe('simulated inbound callers', () => {
  it('give up unanswered after cancelAfterMs: originator_cancel from the caller', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const inbound = await telnyx.simulateInbound({ cancelAfterMs: 20, callerIdName: 'Ada' });
    expect(telnyx.call(inbound.callControlId)?.state).toBe('parked');
    const hangup = await receiver.waitForEvent(inbound.callControlId, 'call.hangup');
    expect(hangup.payload).toMatchObject({
      hangup_cause: 'originator_cancel',
      hangup_source: 'caller',
      sip_hangup_cause: '487',
    });
    expect(receiver.forCall(inbound.callControlId)[0]?.payload).toMatchObject({
      caller_id_name: 'Ada',
    });
  });

  it('follow a scenario number as caller: remoteHangup hangs up after answer, pressDigits presses', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const hanger = await telnyx.simulateInbound({ from: scenario.remoteHangup(10) });
    await client.calls.actions.answer(hanger.callControlId, {});
    const hangup = await receiver.waitForEvent(hanger.callControlId, 'call.hangup');
    expect(hangup.payload).toMatchObject({
      hangup_cause: 'normal_clearing',
      hangup_source: 'caller',
    });

    const presser = await telnyx.simulateInbound({
      from: scenario.pressDigits('5678'),
      hangupAfterMs: 30,
    });
    await client.calls.actions.answer(presser.callControlId, {});
    await receiver.waitForEvent(presser.callControlId, 'call.hangup');
    expect(receiver.typesFor(presser.callControlId)).toEqual([
      'call.initiated',
      'call.answered',
      ...Array(4).fill('call.dtmf.received'),
      'call.hangup',
    ]);
    expect(
      receiver
        .forCall(presser.callControlId)
        .map((w) => w.payload.digit ?? '')
        .join(''),
    ).toBe('5678');
  });

  it('refuse bad parameters with a typed error, and beyond maxCalls', async () => {
    await using telnyx = await fastTelnyx(undefined, { maxCalls: 1 });
    await expect(telnyx.simulateInbound({ digits: '12x' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(telnyx.simulateInbound({ hangupAfterMs: -1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(telnyx.simulateInbound({ to: '' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await telnyx.simulateInbound();
    await expect(telnyx.simulateInbound()).rejects.toMatchObject({ message: /maxCalls/ });
  });
});

describe('remote controls', () => {
  it('hang up with the cause that fits the state, refuse unknown causes, press digits only when answered', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const ringing = await dial(telnyx, scenario.answer(5000));
    expect(telnyx.remote.pressDigits(ringing, '1')).toBe(false);
    expect(() => telnyx.remote.hangup(ringing, 'bogus')).toThrow(/cause must be one of/);
    expect(telnyx.remote.hangup(ringing)).toBe(true);
    expect((await receiver.waitForEvent(ringing, 'call.hangup')).payload).toMatchObject({
      hangup_cause: 'call_rejected',
      hangup_source: 'callee',
    });
    expect(telnyx.remote.hangup(ringing)).toBe(false);
    expect(telnyx.remote.hangup('v3:unknown')).toBe(false);

    const answered = await dial(telnyx, scenario.answer());
    await receiver.waitForEvent(answered, 'call.answered');
    expect(telnyx.remote.pressDigits(answered, 'x')).toBe(false);
    expect(telnyx.remote.hangup(answered, 'time_limit')).toBe(true);
    expect((await receiver.waitForEvent(answered, 'call.hangup')).payload.hangup_cause).toBe(
      'time_limit',
    );
  });
});
