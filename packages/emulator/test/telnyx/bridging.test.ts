import { describe, expect, it } from 'vitest';
import { scenario, type TelnyxEmulator } from '../../src/index';
import { fastTelnyx, IDLE, sdkFor, until, WebhookReceiver } from './helpers';

const FROM = '+15551230000';

async function answeredPair(telnyx: TelnyxEmulator, receiver: WebhookReceiver) {
  const client = sdkFor(telnyx);
  const inbound = await telnyx.simulateInbound();
  await client.calls.actions.answer(inbound.callControlId, {});
  const dialed = await client.calls.dial({
    connection_id: telnyx.connectionId,
    to: scenario.answer(),
    from: FROM,
  });
  const b = dialed.data!.call_control_id;
  await receiver.waitForEvent(b, 'call.answered');
  return { client, a: inbound.callControlId, b };
}

describe('bridge and unbridge (§10)', () => {
  it('by default the surviving leg is hung up when its peer hangs up', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const { client, a, b } = await answeredPair(telnyx, receiver);
    await client.calls.actions.bridge(a, { call_control_id_to_bridge_with: b });
    await receiver.waitForEvent(b, 'call.bridged');
    telnyx.remote.hangup(b);
    const survivor = await receiver.waitForEvent(a, 'call.hangup');
    expect(survivor.payload).toMatchObject({
      hangup_cause: 'normal_clearing',
      hangup_source: 'callee',
    });
    await until(() => telnyx.stats().queuedWebhooks === 0 && telnyx.stats().timers === 0);
    expect(telnyx.stats()).toEqual(IDLE);
  });

  it.each([
    ['park_after_unbridge: "self"', { park_after_unbridge: 'self' }],
    ['hold_after_unbridge: true', { hold_after_unbridge: true }],
  ])(
    'with %s the surviving leg stays answered, and no event of its own says so',
    async (_name, options) => {
      await using receiver = await WebhookReceiver.start();
      await using telnyx = await fastTelnyx(receiver);
      const { client, a, b } = await answeredPair(telnyx, receiver);
      await client.calls.actions.bridge(a, { call_control_id_to_bridge_with: b, ...options });
      await receiver.waitForEvent(a, 'call.bridged');
      await client.calls.actions.hangup(b, {});
      await receiver.waitForEvent(b, 'call.hangup');
      await until(() => telnyx.stats().timers === 0 && telnyx.stats().queuedWebhooks === 0);
      expect(telnyx.call(a)).toMatchObject({ state: 'answered' });
      expect(telnyx.call(a)?.bridgedWith).toBeUndefined();
      expect(receiver.typesFor(a)).toEqual(['call.initiated', 'call.answered', 'call.bridged']);
    },
  );

  it('bridging a parked inbound leg answers it first; refuses ended, ringing or already bridged legs', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const dialed = await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.answer(),
      from: FROM,
    });
    const b = dialed.data!.call_control_id;
    await receiver.waitForEvent(b, 'call.answered');
    const inbound = await telnyx.simulateInbound();
    const a = inbound.callControlId;
    await client.calls.actions.bridge(a, { call_control_id_to_bridge_with: b });
    await receiver.waitForEvent(a, 'call.bridged');
    expect(receiver.typesFor(a)).toEqual(['call.initiated', 'call.answered', 'call.bridged']);

    const ringing = await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.answer(5000),
      from: FROM,
    });
    const third = await telnyx.simulateInbound();
    const errors = async (target: string, other: string) => {
      try {
        await client.calls.actions.bridge(target, { call_control_id_to_bridge_with: other });
      } catch (error) {
        return (
          (error as { error: { errors: { code: string }[] } }).error.errors[0] ?? { code: '' }
        ).code;
      }
      return 'ok';
    };
    expect(await errors(third.callControlId, a)).toBe('10015');
    expect(await errors(third.callControlId, ringing.data!.call_control_id)).toBe('90034');
    telnyx.remote.hangup(ringing.data!.call_control_id);
    await receiver.waitForEvent(ringing.data!.call_control_id, 'call.hangup');
    expect(await errors(third.callControlId, ringing.data!.call_control_id)).toBe('90018');
  });
});

describe('transfer', () => {
  it('a parked inbound call transferred to an answering number is answered and bridged to the new leg', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const inbound = await telnyx.simulateInbound();
    const a = inbound.callControlId;
    await client.calls.actions.transfer(a, {
      to: scenario.answer(10),
      from: '+18005550000',
      timeout_secs: 30,
    });
    const c = telnyx.calls().find((call) => call.callControlId !== a)!;
    expect(c).toMatchObject({
      direction: 'outgoing',
      from: '+18005550000',
      callSessionId: inbound.callSessionId,
    });
    await receiver.waitForEvent(a, 'call.bridged');
    expect(receiver.typesFor(a)).toEqual(['call.initiated', 'call.answered', 'call.bridged']);
    expect(receiver.typesFor(c.callControlId)).toEqual([
      'call.initiated',
      'call.answered',
      'call.bridged',
    ]);
  });

  it('a failed transfer leaves the original call as it was', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const inbound = await telnyx.simulateInbound();
    const a = inbound.callControlId;
    await client.calls.actions.answer(a, {});
    await client.calls.actions.transfer(a, { to: scenario.busy() });
    const c = telnyx.calls().find((call) => call.callControlId !== a)!.callControlId;
    expect((await receiver.waitForEvent(c, 'call.hangup')).payload.hangup_cause).toBe('user_busy');
    expect(telnyx.call(a)?.state).toBe('answered');
    // Transfer again (the first one is over), then hang up while it rings: the new leg is cancelled.
    await client.calls.actions.transfer(a, { to: scenario.answer(5000) });
    const d = telnyx.calls().find((call) => call.callControlId !== a)!.callControlId;
    await client.calls.actions.hangup(a, {});
    expect((await receiver.waitForEvent(d, 'call.hangup')).payload.hangup_cause).toBe(
      'originator_cancel',
    );
    await until(() => telnyx.stats().timers === 0 && telnyx.stats().queuedWebhooks === 0);
    expect(telnyx.stats()).toEqual(IDLE);
  });

  it('refuses a second transfer while one rings, and a transfer of a ringing outgoing leg', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const inbound = await telnyx.simulateInbound();
    await client.calls.actions.transfer(inbound.callControlId, { to: scenario.answer(5000) });
    await expect(
      client.calls.actions.transfer(inbound.callControlId, { to: scenario.answer() }),
    ).rejects.toMatchObject({
      status: 422,
    });
    const ringing = telnyx.calls().find((call) => call.direction === 'outgoing')!.callControlId;
    await expect(
      client.calls.actions.transfer(ringing, { to: scenario.answer() }),
    ).rejects.toMatchObject({
      error: { errors: [{ code: '90034' }] },
    });
  });
});

describe('dial with link_to and bridge_on_answer', () => {
  it('shares the session and bridges both legs once the new one answers', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const inbound = await telnyx.simulateInbound();
    await client.calls.actions.answer(inbound.callControlId, {});
    const dialed = await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.answer(),
      from: FROM,
      link_to: inbound.callControlId,
      bridge_on_answer: true,
    });
    const b = dialed.data!.call_control_id;
    expect(dialed.data?.call_session_id).toBe(inbound.callSessionId);
    await receiver.waitForEvent(b, 'call.bridged');
    await receiver.waitForEvent(inbound.callControlId, 'call.bridged');
    expect(telnyx.call(b)?.bridgedWith).toBe(inbound.callControlId);
  });
});
