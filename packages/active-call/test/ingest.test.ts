import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import type { ActiveCall, ActiveCallClientEvent } from '../src/index';
import { fixture, next } from './helpers';

type Of<T extends ActiveCallClientEvent['type']> = Extract<ActiveCallClientEvent, { type: T }>;

/**
 * The per-frame path (tracker and decoder build events without spreads, freeze only new
 * parts, and skip the table for frames that change nothing): what subscribers get must still be
 * frozen, complete and in order.
 */
describe('event ingest', () => {
  it('a hold that changes nothing is an event about the current snapshot, with no new table', async () => {
    await using f = await fixture();
    const { callId } = await f.client.dial({ to: scenario.answer(), from: '+15551230000' });
    const tables: Array<ReadonlyMap<string, ActiveCall>> = [];
    const subscription = f.client.calls$.subscribe((calls) => tables.push(calls));
    let holds = 0;
    /** The remote party holds or releases; resolves with the next `hold` event of the call. */
    const hold = (onHold: boolean) => {
      holds += 1;
      const nth = holds;
      let seen = 0;
      // events$ replays from the start: the nth hold event of the call is this one's.
      const event = next(
        f.events$,
        (e) => e.callId === callId && e.type === 'hold' && ++seen === nth,
        `hold number ${nth}`,
      ) as Promise<Of<'hold'>>;
      expect(f.emulator.remote.hold(callId, onHold)).toBe(true);
      return event;
    };
    const held = await hold(true);
    const tablesAfterHold = tables.length;
    expect(held.call.held).toBe(true);
    expect(Object.isFrozen(held)).toBe(true);
    expect(Object.isFrozen(held.call)).toBe(true);
    expect(Object.isFrozen(held.raw)).toBe(true);
    expect(held.occurredAt).toBe(held.raw.timestamp);
    expect(tables.at(-1)?.get(callId)).toBe(held.call);

    const again = await hold(true);
    expect(again).not.toBe(held);
    expect(again.call).toBe(held.call);
    expect(tables.length).toBe(tablesAfterHold);

    const released = await hold(false);
    expect(released.call.held).toBe(false);
    expect(released.call.updatedAt).toBeGreaterThanOrEqual(held.call.updatedAt);
    expect(tables.at(-1)?.get(callId)).toBe(released.call);
    subscription.unsubscribe();
    await f.client.hangup(callId);
  });

  it('digits and backend events are frozen, with the frame as raw and its timestamp', async () => {
    await using f = await fixture();
    const { callId } = await f.client.dial({ to: scenario.answer(), from: '+15551230000' });
    const dtmf = next(f.events$, (e) => e.callId === callId && e.type === 'dtmf', 'dtmf');
    expect(f.emulator.remote.pressDigits(callId, '7')).toBe(true);
    const digit = (await dtmf) as Of<'dtmf'>;
    expect(digit.digits).toBe('7');
    expect(Object.isFrozen(digit)).toBe(true);
    expect(Object.isFrozen(digit.raw)).toBe(true);
    expect(digit.raw.event).toBe('dtmf');
    expect(digit.occurredAt).toBe(digit.raw.timestamp);
    expect(digit.call).toBe(f.client.getCall(callId));

    const backend = f.events.find((e) => e.callId === callId && e.type === 'backend') as
      | Of<'backend'>
      | undefined;
    expect(backend?.name).toBe('trackStart');
    expect(backend && Object.isFrozen(backend)).toBe(true);
    expect(backend?.event).toBe(backend?.raw);
    await f.client.hangup(callId);
  });
});
