import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/cm/call';
import { CallTable, hashCallId } from '../../src/engine/callTable';

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

/**
 * Two different ids with the same 32-bit hash, found by a birthday search over pseudo-random
 * ids (deterministic; about 80,000 tries). Sequential ids like `id-1`, `id-2` never collide.
 */
function collidingIds(): [string, string] {
  const next = random(7);
  const seen = new Map<number, string>();
  for (let i = 0; i < 1_000_000; i += 1) {
    const id = `${Math.floor(next() * 2 ** 32).toString(16)}-${Math.floor(next() * 2 ** 32).toString(16)}`;
    const other = seen.get(hashCallId(id));
    if (other !== undefined) return [other, id];
    seen.set(hashCallId(id), id);
  }
  throw new Error('no collision found');
}

/** A small deterministic random generator (tests must not depend on Math.random). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Checks `table` against `model`, for every id in `pool`. */
function expectSame(table: CallTable<Call>, model: Map<string, Call>, pool: readonly string[]) {
  expect(table.size).toBe(model.size);
  for (const id of pool) expect(table.get(id)).toBe(model.get(id));
  expect(new Set(table.keys())).toEqual(new Set(model.keys()));
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
    expect(empty.without('a')).toBe(empty);
    expect(one.without('a').size).toBe(0);
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
    expect(Object.prototype.toString.call(table)).toBe('[object CallTable]');
    for (const id of ids.slice(0, 2500)) table = table.without(id);
    expect(table.size).toBe(2500);
    expect(table.get(ids[0] ?? '')).toBeUndefined();
    expect(table.get(ids[4999] ?? '')?.callId).toBe(ids[4999]);
  });

  it('keeps ids whose hashes collide apart', () => {
    const [first, second] = collidingIds();
    expect(hashCallId(first)).toBe(hashCallId(second));
    const both = CallTable.empty<Call>().with(call(first)).with(call(second));
    expect(both.size).toBe(2);
    expect(both.get(first)?.callId).toBe(first);
    expect(both.get(second)?.callId).toBe(second);
    const replaced = both.with(call(second, 'answered'));
    expect(replaced.size).toBe(2);
    expect(replaced.get(second)?.state).toBe('answered');
    expect(both.get(second)?.state).toBe('ringing');
    const one = replaced.without(first);
    expect(one.size).toBe(1);
    expect(one.get(first)).toBeUndefined();
    expect(one.get(second)?.state).toBe('answered');
    expect(one.without('neither')).toBe(one);
    expect(one.without(second).size).toBe(0);
    // A third id sharing neither the hash nor the ids still finds its place.
    expect(both.with(call('other')).get('other')?.callId).toBe('other');
  });

  it('matches a Map over thousands of random changes, and old tables never change', () => {
    const [collideA, collideB] = collidingIds();
    const pool = [collideA, collideB, ...Array.from({ length: 300 }, (_, i) => `c-${i}`)];
    const next = random(12);
    let table = CallTable.empty<Call>();
    const model = new Map<string, Call>();
    const kept: Array<{ table: CallTable<Call>; model: Map<string, Call> }> = [];
    for (let step = 0; step < 6_000; step += 1) {
      const id = pool[Math.floor(next() * pool.length)] as string;
      if (next() < 0.6) {
        const value = call(id, next() < 0.5 ? 'ringing' : 'answered');
        table = table.with(value);
        model.set(id, value);
      } else {
        table = table.without(id);
        model.delete(id);
      }
      if (step % 97 === 0) {
        expectSame(table, model, pool);
        kept.push({ table, model: new Map(model) });
      }
    }
    expectSame(table, model, pool);
    for (const old of kept) expectSame(old.table, old.model, pool);
  });
});
