import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/cm/call';
import { CallTable } from '../../src/engine/callTable';

function call(callId: string, state: Call['state'] = 'ringing'): Call {
  return {
    callId,
    state,
    direction: 'outbound',
    from: '+15551230000',
    to: '+15551239999',
    channel: 'ch',
    uid: '1',
    appId: 'app',
    createdAt: 0,
    updatedAt: 0,
    timestamps: {},
  };
}

describe('CallTable', () => {
  it('adds, replaces and removes without touching older tables', () => {
    const empty = CallTable.empty<Call>();
    const one = empty.with(call('a'));
    const two = one.with(call('b'));
    const replaced = two.with(call('a', 'answered'));
    const removed = replaced.without('b');

    expect(empty.size).toBe(0);
    expect(one.size).toBe(1);
    expect(two.size).toBe(2);
    expect(replaced.size).toBe(2);
    expect(replaced.get('a')?.state).toBe('answered');
    expect(two.get('a')?.state).toBe('ringing');
    expect(removed.has('b')).toBe(false);
    expect(two.has('b')).toBe(true);
    expect(removed.without('missing')).toBe(removed);
  });

  it('behaves like a ReadonlyMap for thousands of ids', () => {
    let table = CallTable.empty<Call>();
    const ids = Array.from({ length: 5000 }, (_, i) => `call-${i}-${(i * 7919) % 104729}`);
    for (const id of ids) table = table.with(call(id));
    expect(table.size).toBe(5000);
    expect(new Set(table.keys())).toEqual(new Set(ids));
    expect([...table.values()].every((value) => table.get(value.callId) === value)).toBe(true);
    const viaForEach: string[] = [];
    table.forEach((_value, key) => {
      viaForEach.push(key);
    });
    expect(viaForEach).toHaveLength(5000);
    expect(new Map(table).size).toBe(5000);
    for (const id of ids.slice(0, 2500)) table = table.without(id);
    expect(table.size).toBe(2500);
    expect(table.get(ids[0] ?? '')).toBeUndefined();
    expect(table.get(ids[4999] ?? '')?.callId).toBe(ids[4999]);
  });
});
