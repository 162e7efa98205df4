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

  it('matches a Map over thousands of random changes, and old tables never change', () => {
    const pool = Array.from({ length: 300 }, (_, i) => `c-${i}`);
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

  it('keeps every version when changes branch off old tables, across new generations', () => {
    const pool = Array.from({ length: 40 }, (_, i) => `b-${i}`);
    const next = random(5);
    const versions: Array<{ table: CallTable<Call>; model: Map<string, Call> }> = [
      { table: CallTable.empty<Call>(), model: new Map() },
    ];
    const pick = () => {
      // Mostly the newest table (the engine's case), sometimes one a few or many changes back.
      const back = next() < 0.8 ? 0 : Math.floor(next() * Math.min(versions.length, 400));
      return versions[versions.length - 1 - back] as (typeof versions)[number];
    };
    for (let step = 0; step < 3_000; step += 1) {
      const base = pick();
      const id = pool[Math.floor(next() * pool.length)] as string;
      const model = new Map(base.model);
      let table: CallTable<Call>;
      if (next() < 0.7) {
        const value = call(id, next() < 0.5 ? 'ringing' : 'answered');
        table = base.table.with(value);
        model.set(id, value);
      } else {
        table = base.table.without(id);
        model.delete(id);
      }
      versions.push({ table, model });
      const probe = pick();
      const probeId = pool[Math.floor(next() * pool.length)] as string;
      expect(probe.table.get(probeId)).toBe(probe.model.get(probeId));
      expect(probe.table.size).toBe(probe.model.size);
      if (step % 50 === 0) {
        const checked = pick();
        expectSame(checked.table, checked.model, pool);
      }
    }
    for (const version of versions) expectSame(version.table, version.model, pool);
  });

  it('iterates a table as it was, even when it changes during the loop', () => {
    let table = CallTable.empty<Call>();
    for (const id of ['a', 'b', 'c', 'd']) table = table.with(call(id));
    const seen: string[] = [];
    const listed = table;
    for (const [id] of listed) {
      seen.push(id);
      // A subscriber changing calls while it loops: drops one not yet listed, adds one.
      if (id === 'a') table = table.without('c').with(call('e'));
    }
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...listed.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...table.keys()].sort()).toEqual(['a', 'b', 'd', 'e']);
  });

  it('shares nothing between tables started from the empty table', () => {
    const first = CallTable.empty<Call>().with(call('a'));
    const second = CallTable.empty<Call>().with(call('b'));
    expect([...first.keys()]).toEqual(['a']);
    expect([...second.keys()]).toEqual(['b']);
    expect(CallTable.empty<Call>().size).toBe(0);
    expect(CallTable.empty<Call>().get('a')).toBeUndefined();
  });
});
