import { describe, expect, it, vi } from 'vitest';
import type { Call } from '../../src/cm/call';
import { afterEvent, changesFields } from '../../src/cm/callSnapshot';
import type { EventCallFields } from '../../src/cm/protocol/decode';
import { CallEngine } from '../../src/engine/callEngine';
import { silentLogger } from '../../src/logger';

/** Every field of a CM call set: adding a field to `Call` fails to compile until it is here. */
const full: Required<Call> = {
  callId: 'A',
  state: 'answered',
  direction: 'inbound',
  from: '+15551230000',
  to: '+18005551234',
  createdAt: 1,
  updatedAt: 2,
  timestamps: { incoming: 1, answered: 2 },
  expiresAt: 3,
  claimed: true,
  stale: true,
  held: true,
  hangupCause: 'NORMAL_CLEARING',
  outcome: 'completed',
  endedBy: 'remote',
  endReason: 'hangup',
  details: { gatewayIp: '127.0.0.2' },
  channel: 'ch',
  uid: '7',
  appId: '',
};

const noFields: EventCallFields = {
  channel: undefined,
  uid: undefined,
  from: undefined,
  to: undefined,
  direction: undefined,
  appId: undefined,
};

describe('CM snapshots after an event', () => {
  it('keep every field but stale, stamp the new state and apply the wire fields', () => {
    const next = afterEvent(full, 'bridged', 10, { ...noFields, channel: 'other', appId: 'app' });
    const { stale: _stale, ...kept } = full;
    expect(next).toEqual({
      ...kept,
      state: 'bridged',
      updatedAt: 10,
      timestamps: { incoming: 1, answered: 2, bridged: 10 },
      channel: 'other',
      appId: 'app',
    });
    expect('stale' in next).toBe(false);
    // Keys in one fixed order, whatever the event.
    expect(Object.keys(afterEvent(full, 'answered', 11, noFields))).toEqual(Object.keys(next));
  });

  it('never move a call backwards and keep the stamps of a state it stays in', () => {
    const next = afterEvent(full, 'ringing', 10, noFields);
    expect(next.state).toBe('answered');
    expect(next.timestamps).toBe(full.timestamps);
    expect(next.updatedAt).toBe(10);
  });

  it('keep a known app id and detect which fields an event would change', () => {
    const known = { ...full, appId: 'mine' };
    expect(afterEvent(known, 'answered', 10, { ...noFields, appId: 'theirs' }).appId).toBe('mine');
    expect(changesFields(noFields, known)).toBe(false);
    expect(changesFields({ ...noFields, channel: 'ch', uid: '7' }, known)).toBe(false);
    expect(changesFields({ ...noFields, uid: '8' }, known)).toBe(true);
    expect(changesFields({ ...noFields, appId: 'theirs' }, known)).toBe(false);
    expect(changesFields({ ...noFields, appId: 'theirs' }, full)).toBe(true);
  });
});

describe('CallEngine clock', () => {
  const options = { logger: silentLogger, incomingTimeoutMs: 1_000, staleCallTimeoutMs: 1_000 };

  it('reads Date.now once per macrotask for the timestamps of what arrives', async () => {
    const clock = vi.spyOn(Date, 'now').mockReturnValueOnce(100).mockReturnValueOnce(200);
    try {
      const engine = new CallEngine<Call>(options);
      expect([engine.now(), engine.now()]).toEqual([100, 100]);
      await Promise.resolve();
      expect(engine.now()).toBe(200);
      expect(clock).toHaveBeenCalledTimes(2);
    } finally {
      clock.mockRestore();
    }
  });

  it('calls an injected clock every time', () => {
    let time = 0;
    const engine = new CallEngine<Call>({ ...options, now: () => ++time });
    expect([engine.now(), engine.now()]).toEqual([1, 2]);
  });
});
