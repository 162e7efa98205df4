/**
 * What the samples of docs/getting-started.md and docs/concepts.md promise, asserted against the
 * emulator (docs/recipes.md: recipes.samples.test.ts). Every block of the docs also compiles and
 * runs exactly as written in scripts/packaging/doc-samples.test.ts, against the packed packages;
 * this file checks the behaviour the prose around them describes. The section named in each test
 * title is where the sample lives.
 */
import { DEFAULT_APP_IDS, DEFAULT_DIDS, scenario, startEmulator } from '@callstream/emulator';
import { filter, firstValueFrom, map, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createClient, eachDigit, isCallstreamError } from '../../src/index';
import { Recorder } from '../helpers/fixtures';

const appId = DEFAULT_APP_IDS[0];

describe('docs/getting-started.md', () => {
  it('connect, dial, wait for the answer, DTMF, hang up, close', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });

    // --- sample: Connect ---
    const client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'getting-started',
      appId,
    });
    const states = new Recorder(client.state$.pipe(map((state) => state.status)));
    const { sessionId } = await client.connect();
    expect(sessionId).not.toBe('');

    // --- sample: Dial ---
    const { callId } = await client.dial({
      to: scenario.answer(),
      from: '+15551230000',
      channel: 'demo',
      uid: 42,
    });
    const answered = await firstValueFrom(
      client.call$(callId).pipe(filter((call) => call.timestamps.answered !== undefined)),
    );
    expect(answered).toMatchObject({ callId, direction: 'outbound', channel: 'demo', uid: '42' });

    // --- sample: DTMF ---
    const heard = firstValueFrom(client.dtmf$.pipe(eachDigit(), take(5), toArray()));
    await client.sendDtmf(callId, '1234#');
    expect((await heard).map((item) => item.digits)).toEqual(['1', '2', '3', '4', '#']);

    // --- sample: Hang up and close ---
    const final = firstValueFrom(
      client.events$.pipe(filter((event) => event.type === 'removed' && event.callId === callId)),
    );
    await client.hangup(callId);
    expect(await final).toMatchObject({ reason: 'hangup', call: { state: 'hangup' } });
    await client.close();

    states.stop();
    expect(states.items).toEqual(['idle', 'connecting', 'connected', 'closed']);
    await expect.poll(() => emulator.stats().sessions).toBe(0);
  });

  it('handle incoming calls: accept inside the subscriber, hear the caller press digits', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'inbound',
      appId,
    });
    const problems: unknown[] = [];

    // --- sample: Handle incoming calls ---
    client.incoming$.subscribe(async (call) => {
      try {
        await call.accept({ channel: `in-${call.callId}`, uid: 1 });
      } catch (error) {
        if (isCallstreamError(error, 'call-not-found')) return; // another client was faster
        problems.push(error);
      }
    });
    await client.connect();

    const digits = firstValueFrom(client.dtmf$);
    const lookup = emulator.simulateInbound({ did: DEFAULT_DIDS[0], from: '+14155550100' });
    const outcome = await lookup;
    expect(outcome.status).toBe(200);
    emulator.remote.pressDigits(outcome.callid, '7');
    expect(await digits).toMatchObject({ callId: outcome.callid, digits: '7' });
    expect(client.getCall(outcome.callid)).toMatchObject({
      direction: 'inbound',
      channel: `in-${outcome.callid}`,
    });
    expect(problems).toEqual([]);
  });
});

describe('docs/concepts.md', () => {
  it('calls$: a new table per change that shares every unchanged call', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'tables',
      appId,
    });
    await client.connect();
    const first = await client.dial({
      to: scenario.answer(),
      from: '+15551230000',
      channel: 'one',
      uid: 1,
    });
    await firstValueFrom(
      client.call$(first.callId).pipe(filter((call) => call.state === 'bridged')),
    );
    const before = await firstValueFrom(client.calls$);

    const second = await client.dial({
      to: scenario.answer(),
      from: '+15551230000',
      channel: 'two',
      uid: 2,
    });
    const after = await firstValueFrom(client.calls$);

    expect(after).not.toBe(before); // a new table…
    expect(after.get(first.callId)).toBe(before.get(first.callId)); // …that shares the unchanged call
    expect(before.has(second.callId)).toBe(false); // and old tables never change
    expect([...after.keys()].sort()).toEqual([first.callId, second.callId].sort());
  });

  it('call$(id) ends with the final snapshot, whose endReason says why', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'one-call',
      appId,
    });
    await client.connect();

    // --- sample: one call's life ---
    const { callId } = await client.dial({
      to: scenario.busy(),
      from: '+15551230000',
      channel: 'busy',
      uid: 7,
    });
    const snapshots = await firstValueFrom(client.call$(callId).pipe(toArray()));
    const last = snapshots[snapshots.length - 1];
    expect(last).toMatchObject({ state: 'hangup', endReason: 'hangup', hangupCause: 'USER_BUSY' });
    expect(snapshots[0]?.state).toBe('ringing');
    // An untracked id completes at once.
    await expect(firstValueFrom(client.call$('no-such-call').pipe(toArray()))).resolves.toEqual([]);
  });

  it('claim semantics: ignore is local, reject is for everybody', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using alice = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'alice',
      appId,
    });
    await using bob = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'bob',
      appId,
    });
    await Promise.all([alice.connect(), bob.connect()]);

    // ignore(): Alice drops the offer locally, Bob can still take it.
    const aliceOffer = firstValueFrom(alice.incoming$);
    const bobOffer = firstValueFrom(bob.incoming$);
    const first = emulator.simulateInbound({ did: DEFAULT_DIDS[0], from: '+14155550101' });
    (await aliceOffer).ignore();
    expect(alice.activeCalls()).toEqual([]);
    await (await bobOffer).accept({ channel: 'bob', uid: 2 });
    expect((await first).status).toBe(200);

    // reject(): the caller is refused for every client.
    const aliceSecond = firstValueFrom(alice.incoming$);
    const bobSecond = firstValueFrom(bob.incoming$);
    const second = emulator.simulateInbound({ did: DEFAULT_DIDS[0], from: '+14155550102' });
    await (await aliceSecond).reject('busy');
    expect((await second).status).toBe(404);
    const late = await (await bobSecond)
      .accept({ channel: 'bob', uid: 3 })
      .catch((error: unknown) => error);
    expect(late).toMatchObject({ code: 'call-not-found' });
  });
});
