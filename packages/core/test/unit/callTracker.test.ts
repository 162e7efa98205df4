import { afterEach, describe, expect, it } from 'vitest';
import type { Call } from '../../src/cm/call';
import { CmCallTracker } from '../../src/cm/callTracker';
import { type DecodedEvent, decodeEvent } from '../../src/cm/protocol/decode';
import { CallEngine } from '../../src/engine/callEngine';
import type { AnyCallEvent } from '../../src/engine/events';
import { silentLogger } from '../../src/logger';

function decoded(frame: Record<string, unknown>): DecodedEvent {
  const result = decodeEvent(frame);
  if (typeof result === 'string') throw new Error(result);
  return result;
}

const leg = { channel: 'ch1', uid: '100', appid: 'app', direction: 'outbound' };
const types = (events: AnyCallEvent<Call>[]) => events.map((event) => event.type);
const engines: CallEngine<Call>[] = [];

afterEach(() => {
  for (const engine of engines.splice(0)) engine.removeAll('client-closed');
});

/** The tracker on a real engine; each call returns the events it published. */
class Store {
  readonly engine: CallEngine<Call>;
  private readonly tracker: CmCallTracker;
  private readonly seen: AnyCallEvent<Call>[] = [];

  constructor(appId: string) {
    let tracker: CmCallTracker | undefined;
    this.engine = new CallEngine<Call>({
      logger: silentLogger,
      incomingTimeoutMs: 15_000,
      staleCallTimeoutMs: 60_000,
      onRemoved: (call) => tracker?.forget(call),
    });
    tracker = new CmCallTracker(this.engine, () => appId, 15_000);
    this.tracker = tracker;
    this.engine.events$.subscribe((event) => this.seen.push(event));
    engines.push(this.engine);
  }

  get table(): ReadonlyMap<string, Call> {
    return this.engine.calls;
  }

  beginDial(requestId: string, draft: Parameters<CmCallTracker['beginDial']>[1]): boolean {
    return this.tracker.beginDial(requestId, draft);
  }

  endDial(requestId: string, callId?: string, gatewayIp?: string): AnyCallEvent<Call>[] {
    const details = gatewayIp === undefined ? undefined : { gatewayIp };
    return this.capture(() => this.tracker.endDial(requestId, callId, details));
  }

  /** Size of the tracker's `appid:channel:uid` index (white-box: it must stay bounded). */
  get keyCount(): number {
    return (this.tracker as unknown as { byKey: Map<string, string> }).byKey.size;
  }

  applyEvent(event: DecodedEvent): AnyCallEvent<Call>[] {
    return this.capture(() => this.tracker.applyEvent(event));
  }

  markStale(callId: string): void {
    this.engine.markStale(callId);
  }

  private capture(run: () => unknown): AnyCallEvent<Call>[] {
    const start = this.seen.length;
    run();
    return this.seen.slice(start);
  }
}

describe('CmCallTracker on the engine', () => {
  it('matches early outbound events to the pending dial and replays them after the reply', () => {
    const store = new Store('app');
    expect(
      store.beginDial('outbound_1', {
        appId: 'app',
        channel: 'ch1',
        uid: '100',
        from: '+1555',
        to: '+1666',
      }),
    ).toBe(true);
    expect(store.applyEvent(decoded({ event: 'call_initiated', callid: '', ...leg }))).toEqual([]);
    expect(store.applyEvent(decoded({ event: 'call_ringing', callid: '', ...leg }))).toEqual([]);
    expect(store.table.size).toBe(0);
    const replayed = store.endDial('outbound_1', 'A');
    expect(types(replayed)).toEqual(['initiated', 'ringing']);
    expect(store.table.get('A')).toMatchObject({
      state: 'ringing',
      direction: 'outbound',
      appId: 'app',
    });
  });

  it('refuses a second pending dial with the same appid:channel:uid but allows another appid (W4)', () => {
    const store = new Store('MULTI');
    const draft = { appId: 'app1', channel: 'ch', uid: '1', from: '+1555', to: '+1666' };
    expect(store.beginDial('r1', draft)).toBe(true);
    expect(store.beginDial('r2', draft)).toBe(false);
    expect(store.beginDial('r3', { ...draft, appId: 'app2' })).toBe(true);
    store.applyEvent(
      decoded({ event: 'call_answered', callid: 'X2', channel: 'ch', uid: '1', appid: 'app2' }),
    );
    expect(store.endDial('r1', 'X1')).toEqual([]);
    const second = store.endDial('r3', 'X2');
    expect(second.map((event) => [event.type, event.callId])).toEqual([['answered', 'X2']]);
    expect(store.table.get('X1')?.state).toBe('ringing');
    expect(store.table.get('X2')?.state).toBe('answered');
  });

  it('creates calls only from call_incoming: no phantoms from unknown callids (W5)', () => {
    const store = new Store('app');
    expect(store.applyEvent(decoded({ event: 'call_answered', callid: 'nobody' }))).toEqual([]);
    expect(store.applyEvent(decoded({ event: 'custom_thing', callid: 'nobody' }))).toEqual([
      expect.objectContaining({ type: 'unknown', event: 'custom_thing', callId: 'nobody' }),
    ]);
    expect(store.table.size).toBe(0);
    const incoming = store.applyEvent(
      decoded({ event: 'call_incoming', callid: 'B', from: '+1555', to: '18005551234' }),
    );
    expect(types(incoming)).toEqual(['incoming']);
    expect(store.table.get('B')).toMatchObject({
      state: 'incoming',
      direction: 'inbound',
      appId: 'app',
    });
    expect(store.table.get('B')?.expiresAt).toBeGreaterThan(Date.now());
    expect(store.applyEvent(decoded({ event: 'call_incoming', callid: 'B' }))).toEqual([]);
  });

  it('never moves a call backwards and removes it on hangup, including quirk composite keys', () => {
    const store = new Store('app');
    store.beginDial('r', { appId: 'app', channel: 'ch1', uid: '100', from: '+1555', to: '+1666' });
    store.endDial('r', 'A');
    store.applyEvent(decoded({ event: 'call_answered', callid: 'A' }));
    store.applyEvent(decoded({ event: 'agora_bridge_start', callid: 'A' }));
    store.applyEvent(decoded({ event: 'call_ringing', callid: 'A' }));
    expect(store.table.get('A')?.state).toBe('bridged');
    const hangup = store.applyEvent(
      decoded({
        event: 'call_hangup',
        callid: 'app:ch1:100',
        hangup_cause: 'NORMAL_CLEARING',
        duration: '12',
        billsec: '10',
      }),
    );
    expect(types(hangup)).toEqual(['hangup', 'removed']);
    expect(hangup[0]).toMatchObject({
      callId: 'A',
      hangupCause: 'NORMAL_CLEARING',
      duration: 12,
      billsec: 10,
    });
    expect(hangup[1]).toMatchObject({
      reason: 'hangup',
      call: { state: 'hangup', endReason: 'hangup' },
    });
    expect(store.table.size).toBe(0);
  });

  it('decodes re-bridge details and clears the stale mark on any event', () => {
    const store = new Store('app');
    store.applyEvent(decoded({ event: 'call_incoming', callid: 'B' }));
    store.markStale('B');
    const [end] = store.applyEvent(
      decoded({ event: 'agora_bridge_end', callid: 'B', rebridge: true, segment_billsec: '3' }),
    );
    expect(end).toMatchObject({ type: 'unbridged', rebridge: true, segmentBillsec: 3 });
    expect(end?.call?.stale).toBeUndefined();
    const [start] = store.applyEvent(
      decoded({
        event: 'agora_bridge_start',
        callid: 'B',
        rebridge: true,
        previous_channel: 'old',
        previous_uid: '1',
        channel: 'new',
        uid: '2',
      }),
    );
    expect(start).toMatchObject({
      type: 'bridged',
      rebridge: true,
      previousChannel: 'old',
      previousUid: '1',
    });
    expect(store.table.get('B')).toMatchObject({ state: 'bridged', channel: 'new', uid: '2' });
  });

  it('rejects events without a name or with a non-string callid', () => {
    expect(decodeEvent({ event: '' })).toBe('event name missing');
    expect(decodeEvent({ event: 'call_answered', callid: 5 })).toMatch(/callid is not a string/);
  });

  it('keeps events that overtake their dial reply without naming channel/uid, and replays them', () => {
    const store = new Store('app');
    store.beginDial('r', { appId: 'app', channel: 'ch', uid: '1', from: '+1555', to: '+1666' });
    expect(store.applyEvent(decoded({ event: 'call_answered', callid: 'A' }))).toEqual([]);
    expect(store.applyEvent(decoded({ event: 'call_answered', callid: 'someone-else' }))).toEqual(
      [],
    );
    expect(types(store.endDial('r', 'A'))).toEqual(['answered']);
    expect(store.table.get('A')?.state).toBe('answered');
    expect(store.table.has('someone-else')).toBe(false);
    // With no dial pending, unknown callids are not kept at all.
    store.applyEvent(decoded({ event: 'call_answered', callid: 'B' }));
    store.beginDial('r2', { appId: 'app', channel: 'ch', uid: '2', from: '+1555', to: '+1666' });
    expect(store.endDial('r2', 'B')).toEqual([]);
  });

  it('shares one details object per gateway and keeps its key index bounded', () => {
    const store = new Store('app');
    const dial = (index: number) => {
      const draft = { appId: 'app', channel: `ch${index}`, uid: '1', from: '+1555', to: '+1666' };
      store.beginDial(`r${index}`, draft);
      store.endDial(`r${index}`, `C${index}`, '10.0.0.1');
    };
    dial(0);
    dial(1);
    expect(store.table.get('C0')?.details).toEqual({ gatewayIp: '10.0.0.1' });
    expect(store.table.get('C0')?.details).toBe(store.table.get('C1')?.details);
    expect(Object.isFrozen(store.table.get('C0')?.details)).toBe(true);
    // A composite-key hangup (quirk mode) finds its call by appid:channel:uid.
    store.applyEvent(decoded({ event: 'call_hangup', callid: 'app:ch0:1' }));
    expect(store.table.has('C0')).toBe(false);
    // Calls that moved to another channel before they ended leave their old key behind; the
    // index is swept before those can outnumber the live calls.
    for (let index = 2; index < 500; index += 1) {
      dial(index);
      store.applyEvent(
        decoded({ event: 'agora_bridge_start', callid: `C${index}`, channel: `moved${index}` }),
      );
      store.applyEvent(decoded({ event: 'call_hangup', callid: `C${index}` }));
    }
    expect(store.table.size).toBe(1);
    expect(store.keyCount).toBeLessThanOrEqual(2 * store.table.size + 65);
    store.applyEvent(decoded({ event: 'call_hangup', callid: 'app:ch1:1' }));
    expect(store.table.size).toBe(0);
  });

  it('an event that changes nothing about a call emits no new snapshot and no new table, only the event', () => {
    const store = new Store('app');
    store.beginDial('r', { appId: 'app', channel: 'ch1', uid: '100', from: '+1555', to: '+1666' });
    store.endDial('r', 'A');
    const tables: ReadonlyMap<string, Call>[] = [];
    store.engine.calls$.subscribe((table) => tables.push(table));
    const ringing = store.table.get('A');
    expect(tables).toHaveLength(1);

    // A repeated ringing, a bridge failure and digits: the call is the same, so is the table.
    const same = [
      ...store.applyEvent(decoded({ event: 'call_ringing', callid: 'A', ...leg })),
      ...store.applyEvent(decoded({ event: 'agora_bridge_failed', callid: 'A', reason: 'x' })),
      ...store.applyEvent(decoded({ event: 'dtmf_received', callid: 'A', digits: '1' })),
    ];
    expect(types(same)).toEqual(['ringing', 'bridge-failed', 'dtmf']);
    expect(same.every((event) => 'call' in event && event.call === ringing)).toBe(true);
    expect(tables).toHaveLength(1);
    expect(store.table.get('A')).toBe(ringing);

    // The answer changes the state: one new frozen snapshot, one new table, before its event.
    const answered = store.applyEvent(decoded({ event: 'call_answered', callid: 'A' }));
    expect(tables).toHaveLength(2);
    const snapshot = tables[1]?.get('A');
    expect(snapshot).toMatchObject({ state: 'answered' });
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(answered[0]).toMatchObject({ type: 'answered', call: snapshot });

    // A late ringing after the answer keeps the later state: nothing new in calls$ either.
    store.applyEvent(decoded({ event: 'call_ringing', callid: 'A' }));
    expect(tables).toHaveLength(2);
    // A changed field does make a new snapshot, even in the same state.
    store.applyEvent(decoded({ event: 'call_answered', callid: 'A', ...leg, uid: '200' }));
    expect(tables).toHaveLength(3);
    expect(tables[2]?.get('A')).toMatchObject({ state: 'answered', uid: '200' });
  });

  it('an unchanged event on a stale call still makes a new snapshot (the event proves it alive)', () => {
    const store = new Store('app');
    store.beginDial('r', { appId: 'app', channel: 'ch1', uid: '100', from: '+1555', to: '+1666' });
    store.endDial('r', 'A');
    store.markStale('A');
    expect(store.table.get('A')?.stale).toBe(true);
    store.applyEvent(decoded({ event: 'call_ringing', callid: 'A' }));
    expect(store.table.get('A')?.stale).toBeUndefined();
    expect(store.table.get('A')?.state).toBe('ringing');
  });
});
