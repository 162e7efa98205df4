import { DEFAULT_DIDS } from '@callstream/emulator';
import { concatMap, filter, firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { connectedClient, EventLog, emulator, Recorder } from '../helpers/fixtures';

const did = DEFAULT_DIDS[0];

describe('incoming calls', () => {
  it('a subscriber can await accept inside incoming$ (the reader never blocks: W1)', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const log = new EventLog(client);
    const accepted = firstValueFrom(
      client.incoming$.pipe(
        concatMap(async (call) => {
          const result = await call.accept({ channel: 'inside', uid: 300 });
          return { call, result };
        }),
        take(1),
      ),
    );
    const lookup = emu.simulateInbound({ did, from: '+15550001111' });
    const { call, result } = await accepted;
    expect(result.requestId).toMatch(/^accept_/);
    expect((await lookup).status).toBe(200);
    await log.waitFor(call.callId, 'bridged');
    expect(client.getCall(call.callId)).toMatchObject({
      state: 'bridged',
      channel: 'inside',
      uid: '300',
    });
    expect(client.getCall(call.callId)).toMatchObject({ claimed: true });
    expect(client.getCall(call.callId)?.expiresAt).toBeUndefined();
  });

  it('first accept wins between two clients; the loser gets call-not-found and drops the call', async () => {
    await using emu = await emulator();
    await using first = await connectedClient(emu);
    await using second = await connectedClient(emu);
    const firstOffer = firstValueFrom(first.incoming$);
    const secondOffer = firstValueFrom(second.incoming$);
    const secondLog = new EventLog(second);
    void emu.simulateInbound({ did, from: '+15550002222' });
    const [a, b] = await Promise.all([firstOffer, secondOffer]);
    expect(a.callId).toBe(b.callId);

    await a.accept({ channel: 'winner', uid: 1 });
    const lost = await b.accept({ channel: 'loser', uid: 2 }).catch((error: unknown) => error);
    expect(lost).toMatchObject({
      code: 'call-not-found',
      serverError: 'callid not found',
      requestId: expect.stringMatching(/^accept_/),
    });
    expect(await secondLog.waitFor(b.callId, 'removed')).toMatchObject({
      reason: 'claimed-elsewhere',
    });
    expect(second.activeCalls()).toEqual([]);
    expect(first.getCall(a.callId)).toBeDefined();
    await expect(b.accept({ channel: 'again', uid: 3 })).rejects.toMatchObject({
      code: 'call-not-found',
    });
  });

  it('an unclaimed offer expires at its deadline and later accepts are refused locally', async () => {
    await using emu = await emulator({ lookupTimeoutMs: 200 });
    await using client = await connectedClient(emu, { incomingTimeoutMs: 150 });
    const log = new EventLog(client);
    const lookup = emu.simulateInbound({ did, from: '+15550003333' });
    const offer = await firstValueFrom(client.incoming$);
    expect(offer.expiresAt).toBeGreaterThan(Date.now());
    expect(await log.waitFor(offer.callId, 'removed')).toMatchObject({ reason: 'expired' });
    expect((await lookup).status).toBe(404);
    await expect(offer.accept({ channel: 'late', uid: 1 })).rejects.toMatchObject({
      code: 'call-expired',
    });
    expect(emu.stats().heldLookups).toBe(0);
  });

  it('ignore() drops the offer locally; another client can still take it', async () => {
    await using emu = await emulator();
    await using ignoring = await connectedClient(emu);
    await using taking = await connectedClient(emu);
    const ignoringLog = new EventLog(ignoring);
    const offers = new Recorder(taking.incoming$);
    void emu.simulateInbound({ did, from: '+15550004444' });
    const mine = await firstValueFrom(ignoring.incoming$);
    mine.ignore();
    expect(await ignoringLog.waitFor(mine.callId, 'removed')).toMatchObject({ reason: 'ignored' });
    expect(ignoring.activeCalls()).toEqual([]);
    const theirs = await offers.next();
    await theirs.accept({ channel: 'taker', uid: 5 });
    expect(taking.getCall(theirs.callId)).toBeDefined();
  });

  it('incoming$ and dtmf$ are hot and shared: late subscribers see only later items', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const early = firstValueFrom(client.incoming$.pipe(take(2), toArray()));
    void emu.simulateInbound({ did, from: '+15550005555' });
    const first = await firstValueFrom(client.incoming$);
    const late = firstValueFrom(client.incoming$);
    void emu.simulateInbound({ did, from: '+15550006666' });
    const [one, two] = await early;
    expect(one?.callId).toBe(first.callId);
    expect((await late).callId).toBe(two?.callId);
  });

  it('call$(id) follows one call through client-side and server changes, then completes', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const lookup = emu.simulateInbound({ did, from: '+15550007777' });
    const offer = await firstValueFrom(client.incoming$);
    const snapshots = firstValueFrom(client.call$(offer.callId).pipe(toArray()));
    await offer.accept({ channel: 'follow', uid: 7 });
    expect((await lookup).status).toBe(200);
    await firstValueFrom(
      client.call$(offer.callId).pipe(filter((call) => call.state === 'bridged')),
    );
    await client.hangup(offer.callId);
    const trail = await snapshots;
    expect(trail[0]).toMatchObject({ state: 'incoming' });
    expect(trail.find((call) => call.claimed && call.state === 'incoming')).toMatchObject({
      channel: 'follow',
      uid: '7',
    });
    expect(trail.map((call) => call.state).filter((state, i, all) => state !== all[i - 1])).toEqual(
      ['incoming', 'answered', 'bridged', 'unbridged', 'hangup'],
    );
    expect(trail[trail.length - 1]).toMatchObject({ endReason: 'hangup' });
    // An untracked call completes at once.
    expect(await firstValueFrom(client.call$('nope').pipe(toArray()))).toEqual([]);
  });

  it('a second accept (a double click) is refused locally and never loses the call we won', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const log = new EventLog(client);
    void emu.simulateInbound({ did, from: '+15550008888' });
    const offer = await firstValueFrom(client.incoming$);
    const first = offer.accept({ channel: 'twice', uid: 1 });
    await expect(offer.accept({ channel: 'twice', uid: 1 })).rejects.toMatchObject({
      code: 'invalid-call-state',
    });
    await first;
    await expect(offer.reject('too late')).rejects.toMatchObject({ code: 'invalid-call-state' });
    await log.waitFor(offer.callId, 'bridged');
    expect(client.getCall(offer.callId)).toMatchObject({ claimed: true, state: 'bridged' });
    expect(emu.frames().filter((received) => received.frame.action === 'accept')).toHaveLength(1);
  });

  it('removing one offer leaves the deadline of another whose id starts the same', async () => {
    await using emu = await emulator({ lookupTimeoutMs: 1000 });
    await using client = await connectedClient(emu, { incomingTimeoutMs: 100 });
    const log = new EventLog(client);
    void emu.simulateInbound({ did, from: '+15550000001', callid: 'call-1' });
    void emu.simulateInbound({ did, from: '+15550000010', callid: 'call-10' });
    await log.waitFor('call-1', 'incoming');
    await log.waitFor('call-10', 'incoming');
    client.ignore('call-1');
    expect(await log.waitFor('call-10', 'removed')).toMatchObject({ reason: 'expired' });
  });

  it('MULTI: accept takes the appid the offer carries; without one it needs an explicit appId', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu, { appId: 'MULTI' });
    const log = new EventLog(client);
    const [appId = ''] = emu.appIds;
    await client.subscribe([did]);
    const { callId: aLeg } = await client.dial({
      to: did,
      from: '+15551234567',
      channel: 'm',
      uid: 1,
      appId,
    });
    const offer = await log.next((event) => event.type === 'incoming');
    expect(offer.call?.appId).toBe(appId);
    const result = await client.accept(offer.callId, { channel: 'm-in', uid: 2 });
    const accept = emu.frames().find((received) => received.frame.request_id === result.requestId);
    expect(accept?.frame.appid).toBe(appId);
    await client.hangup(aLeg);
    await log.waitFor(offer.callId, 'removed');

    void emu.simulateInbound({ did, from: '+15550009999' });
    const bare = await log.next((event) => event.type === 'incoming' && event.call.appId === '');
    await expect(client.accept(bare.callId, { channel: 'm-in', uid: 3 })).rejects.toMatchObject({
      code: 'appid-required',
    });
  });
});
