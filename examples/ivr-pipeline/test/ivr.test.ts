import { type ClientOptions, createClient } from '@callstream/core';
import { DEFAULT_DIDS, type Emulator, scenario, startEmulator } from '@callstream/emulator';
import { filter, firstValueFrom, ReplaySubject, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type IvrOptions, type IvrOutcome, ivr, standardMenu } from '../src/index';

const DID = DEFAULT_DIDS[0];
const SALES = '+15557650001';
const SUPPORT = '+15557654321';
const MENU = standardMenu({ sales: SALES, support: SUPPORT });
/** Small but load-tolerant: the caller's digits arrive 1 ms apart on the fast emulator. */
const TIMEOUTS = { firstDigitTimeoutMs: 300, interDigitTimeoutMs: 200 };

/** An emulator, a client subscribed to DID, and the IVR running on it; `await using` stops all. */
async function startIvr(
  options: Partial<IvrOptions> = {},
  clientOptions: Partial<ClientOptions> = {},
) {
  const emulator: Emulator = await startEmulator({ timing: 'fast' });
  const client = createClient({
    url: emulator.wsUrl,
    authToken: emulator.token,
    clientId: 'ivr-test',
    appId: emulator.appIds[0]!,
    subscribeNumbers: [DID],
    ...clientOptions,
  });
  await client.connect();
  const seen = new ReplaySubject<IvrOutcome>();
  const subscription = ivr(client, {
    menu: MENU,
    ...TIMEOUTS,
    ...options,
  }).subscribe(seen);
  let calls = 0;
  const history: IvrOutcome[] = [];
  seen.subscribe((outcome) => history.push(outcome));

  const fixture = {
    emulator,
    client,
    /** The first outcome of this kind for the call (past or future). */
    outcome<K extends IvrOutcome['kind']>(
      callId: string,
      kind: K,
      attempt?: number,
    ): Promise<Extract<IvrOutcome, { kind: K }>> {
      return firstValueFrom(
        seen.pipe(
          filter(
            (item): item is Extract<IvrOutcome, { kind: K }> =>
              item.callId === callId && item.kind === kind,
          ),
          filter(
            (item) => attempt === undefined || ('attempt' in item && item.attempt === attempt),
          ),
          timeout({ first: 5000 }),
        ),
      );
    },
    /** Every outcome of the call so far, by kind. */
    kinds(callId: string): string[] {
      return history.filter((item) => item.callId === callId).map((item) => item.kind);
    },
    /** A caller dials the DID; resolves once the IVR has started its menu for them. */
    async call(): Promise<string> {
      calls += 1;
      const callid = `ivr-test-${calls}`;
      void emulator.simulateInbound({ did: DID, from: `+1415555010${calls}`, callid });
      await fixture.outcome(callid, 'menu', 1);
      return callid;
    },
    async [Symbol.asyncDispose]() {
      subscription.unsubscribe();
      await client.close();
      await emulator.close();
    },
  };
  return fixture;
}

describe('ivr', () => {
  it('1 → transfers the call to sales, which ends it here', async () => {
    await using t = await startIvr();
    const callId = await t.call();
    t.emulator.remote.pressDigits(callId, '1#');
    const transfer = await t.emulator.waitForFrame((f) => f.frame.action === 'transfer');
    expect(transfer.frame).toMatchObject({ callid: callId, destination: SALES });
    expect(await t.outcome(callId, 'routed')).toMatchObject({
      choice: '1',
      route: { kind: 'transfer', destination: SALES },
    });
    expect(await t.outcome(callId, 'ended')).toMatchObject({
      reason: 'hangup',
      outcome: 'transferred',
      hangupCause: 'BLIND_TRANSFER',
    });
    expect(t.kinds(callId)).toEqual(['answered', 'menu', 'routed', 'ended']);
  });

  it('accepts with the backend parameters options.accept gives (here a CM media channel)', async () => {
    await using t = await startIvr({
      accept: (call) => ({ channel: `ivr-${call.callId}`, uid: '1', token: 'ivr-rtc-token' }),
    });
    const callId = await t.call();
    const accept = t.emulator.frames().find((f) => f.frame.action === 'accept');
    expect(accept?.frame).toMatchObject({
      callid: callId,
      channel: `ivr-${callId}`,
      uid: '1',
      token: 'ivr-rtc-token',
    });
    expect(t.client.getCall(callId)).toMatchObject({ channel: `ivr-${callId}` });
  });

  it('accepts without backend parameters by default (the client picks the media channel)', async () => {
    await using t = await startIvr();
    const callId = await t.call();
    expect(t.client.getCall(callId)?.channel).toBe(`cs-${callId}`);
  });

  it('2 → transfers the call to the configured number, which ends it here', async () => {
    await using t = await startIvr();
    const callId = await t.call();
    t.emulator.remote.pressDigits(callId, '2#');
    const transfer = await t.emulator.waitForFrame((f) => f.frame.action === 'transfer');
    expect(transfer.frame).toMatchObject({ callid: callId, destination: SUPPORT });
    expect(await t.outcome(callId, 'ended')).toMatchObject({ hangupCause: 'BLIND_TRANSFER' });
    expect(t.kinds(callId)).toEqual(['answered', 'menu', 'routed', 'ended']);
  });

  it('9 → hangs up', async () => {
    await using t = await startIvr();
    const callId = await t.call();
    t.emulator.remote.pressDigits(callId, '9#');
    const hangup = await t.emulator.waitForFrame((f) => f.frame.action === 'hangup');
    expect(hangup.frame.callid).toBe(callId);
    expect(await t.outcome(callId, 'routed')).toMatchObject({
      choice: '9',
      route: { kind: 'hangup' },
    });
    await t.outcome(callId, 'ended');
    expect(t.emulator.stats()).toMatchObject({ calls: 0, heldLookups: 0 });
  });

  it('no input → replays the menu up to 3 times, then hangs up', async () => {
    await using t = await startIvr();
    const callId = await t.call();
    expect(await t.outcome(callId, 'gave-up')).toEqual({ kind: 'gave-up', callId, attempts: 3 });
    const hangup = await t.emulator.waitForFrame((f) => f.frame.action === 'hangup');
    expect(hangup.frame.callid).toBe(callId);
    await t.outcome(callId, 'ended');
    expect(t.kinds(callId)).toEqual([
      'answered',
      'menu',
      'retry',
      'menu',
      'retry',
      'menu',
      'retry',
      'gave-up',
      'ended',
    ]);
    expect(await t.outcome(callId, 'retry', 3)).toMatchObject({ reason: 'no-input', digits: '' });
  });

  it('an unknown choice gets the menu again; the next entry routes', async () => {
    await using t = await startIvr();
    const callId = await t.call();
    t.emulator.remote.pressDigits(callId, '57#');
    expect(await t.outcome(callId, 'retry', 1)).toMatchObject({
      reason: 'invalid-choice',
      digits: '57',
    });
    await t.outcome(callId, 'menu', 2);
    t.emulator.remote.pressDigits(callId, '9#');
    expect(await t.outcome(callId, 'routed')).toMatchObject({ choice: '9' });
    await t.outcome(callId, 'ended');
    expect(t.kinds(callId)).toEqual(['answered', 'menu', 'retry', 'menu', 'routed', 'ended']);
  });

  it('a pause after the digits ends the entry without #', async () => {
    await using t = await startIvr();
    const callId = await t.call();
    t.emulator.remote.pressDigits(callId, '1');
    expect(await t.outcome(callId, 'routed')).toMatchObject({
      choice: '1',
      route: { kind: 'transfer' },
    });
    await t.outcome(callId, 'ended');
  });

  it('keeps each call apart, ignores digits of calls it did not answer, and stops a call that leaves', async () => {
    await using t = await startIvr();
    const first = await t.call();
    const second = await t.call();
    // An outbound call of the same client whose remote party presses digits: not an IVR call.
    const outboundDigits = firstValueFrom(
      t.client.dtmf$.pipe(filter((d) => d.call.direction === 'outbound' && d.digits === '4')),
    );
    const { callId: outbound } = await t.client.dial({
      to: scenario.pressDigits('1234'),
      from: '+15551230000',
      channel: 'out',
      uid: '7',
    });
    await outboundDigits;
    t.emulator.remote.pressDigits(second, '9#');
    t.emulator.remote.pressDigits(first, '2');
    // The first caller hangs up in the middle of an entry: its timers must not fire later.
    t.emulator.remote.hangup(first);
    await t.outcome(first, 'ended');
    await t.outcome(second, 'ended');
    // A third call runs a whole no-input cycle, far longer than the first call's timers.
    const third = await t.call();
    await t.outcome(third, 'ended');
    expect(t.kinds(first)).toEqual(['answered', 'menu', 'ended']);
    expect(t.kinds(second)).toEqual(['answered', 'menu', 'routed', 'ended']);
    expect(t.kinds(outbound)).toEqual([]);
    expect(t.emulator.frames().filter((f) => f.frame.action === 'transfer')).toEqual([]);
  });

  it('reports a failed accept and still reports the end of the call', async () => {
    await using t = await startIvr({}, { commandTimeoutMs: 200 });
    t.emulator.faults.dropReplies(1);
    const callid = 'ivr-test-lost-reply';
    void t.emulator.simulateInbound({ did: DID, callid });
    expect(await t.outcome(callid, 'failed')).toMatchObject({
      stage: 'accept',
      code: 'command-timeout',
    });
    // The server did accept it: the caller is connected but gets no menu, and then hangs up.
    t.emulator.remote.hangup(callid);
    await t.outcome(callid, 'ended');
    expect(t.kinds(callid)).toEqual(['failed', 'ended']);
  });

  it('rejects options that cannot work', () => {
    const client = createClient({
      url: 'ws://127.0.0.1:9/v1/ws/events',
      authToken: 'Basic x',
      clientId: 'c',
      appId: 'a',
    });
    expect(() => ivr(client, { menu: {} })).toThrow(/at least one choice/);
    expect(() => ivr(client, { menu: MENU, maxTries: 0 })).toThrow(/maxTries/);
  });
});
