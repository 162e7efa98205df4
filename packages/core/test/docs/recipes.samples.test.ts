/**
 * What the samples of docs/recipes.md promise, asserted against the emulator (the other guides:
 * samples.test.ts). Every block of the docs also compiles and runs exactly as written in
 * scripts/packaging/doc-samples.test.ts; this file checks the behaviour the recipes describe.
 * The section named in each test title is where the sample lives.
 */
import {
  DEFAULT_APP_IDS,
  DEFAULT_DIDS,
  type Emulator,
  scenario,
  startEmulator,
} from '@callstream/emulator';
import { filter, firstValueFrom, groupBy, map, mergeMap, reduce, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  type Call,
  type CallEvent,
  type ClientOptions,
  type ClientState,
  createClient,
  isCallstreamError,
  type Logger,
} from '../../src/index';
import { Recorder } from '../helpers/fixtures';

const appId = DEFAULT_APP_IDS[0];

describe('docs/recipes.md', () => {
  it('reconnect policy as a function: state$ shows reconnecting, calls are kept and marked stale', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const attempts: number[] = [];
    // --- sample: Reconnect policy (function) ---
    await using client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'reconnecting',
      appId,
      reconnect: (attempt, elapsedMs, reason) => {
        attempts.push(attempt);
        if (isCallstreamError(reason) && !reason.retryable) return null; // e.g. unauthorized
        if (elapsedMs > 5 * 60_000) return null; // give up after five minutes
        return Math.min(20 * 2 ** (attempt - 1), 1000);
      },
    });
    await client.connect();
    const states = new Recorder(client.state$);
    const { callId } = await client.dial({
      to: scenario.answer(),
      from: '+15551230000',
      channel: 'kept',
      uid: 1,
    });
    await firstValueFrom(client.call$(callId).pipe(filter((call) => call.state === 'bridged')));

    emulator.faults.dropClients();
    await firstValueFrom(
      client.state$.pipe(filter((state) => state.status === 'connected' && state.reconnects === 1)),
    );
    states.stop();

    expect(states.items.map((state: ClientState) => state.status)).toEqual([
      'connected',
      'reconnecting',
      'connected',
    ]);
    expect(attempts).toEqual([1]);
    expect(client.getCall(callId)).toMatchObject({ stale: true, state: 'bridged' });
    await client.sendDtmf(callId, '5'); // its echo confirms the call…
    await firstValueFrom(client.dtmf$);
    expect(client.getCall(callId)?.stale).toBeUndefined(); // …and clears the flag
  });

  it('unauthorized is fatal: reconnecting stops without asking the policy', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const reasons: unknown[] = [];
    await using client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'stops',
      appId,
      reconnect: (_attempt, _elapsedMs, reason) => {
        reasons.push(reason);
        return 10;
      },
    });
    await client.connect();
    emulator.faults.refuseRegistrations('unauthorized');
    emulator.faults.dropClients();
    const closed = await firstValueFrom(
      client.state$.pipe(filter((state) => state.status === 'closed')),
    );
    expect(closed).toMatchObject({ error: { code: 'unauthorized' } });
    expect(reasons.map((reason) => (isCallstreamError(reason) ? reason.code : reason))).toEqual([
      'connection-lost',
    ]);
  });

  it('the first connect() is not retried for you: a small retry loop', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'first',
      appId,
    });
    emulator.faults.refuseRegistrations('server busy');
    const failures: string[] = [];
    const wait = (ms: number) => {
      emulator.faults.reset(); // the "server" recovers while we wait
      return new Promise((resolve) => setTimeout(resolve, ms));
    };
    // --- sample: retrying the first connect ---
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.connect();
        break;
      } catch (error) {
        if (!isCallstreamError(error) || !error.retryable || attempt === 5) throw error;
        failures.push(error.code);
        await wait(10 * attempt);
      }
    }
    expect(failures).toEqual(['registration-failed']);
    expect(client.state.status).toBe('connected');
  });

  it('MULTI: dial and accept name the app id, follow-up commands take it from the call', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    // --- sample: MULTI mode ---
    await using client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'multi',
      appId: 'MULTI',
      subscribeNumbers: [DEFAULT_DIDS[0]],
    });
    await client.connect();
    const offer = firstValueFrom(client.incoming$);
    const { callId } = await client.dial({
      to: DEFAULT_DIDS[0],
      from: '+15551230000',
      channel: 'multi',
      uid: 1,
      appId: DEFAULT_APP_IDS[1],
    });
    const incoming = await offer;
    await incoming.accept({ channel: 'multi-in', uid: 2, appId: DEFAULT_APP_IDS[0] });
    await firstValueFrom(
      client.call$(incoming.callId).pipe(filter((call) => call.state === 'bridged')),
    );
    await client.sendDtmf(callId, '1'); // carries DEFAULT_APP_IDS[1], taken from the call
    await client.bridge(incoming.callId, { channel: 'moved', uid: 3 }); // carries DEFAULT_APP_IDS[0]

    const sent = emulator.frames().map((received) => received.frame);
    expect(sent.find((frame) => frame.action === 'send_dtmf')).toMatchObject({
      appid: DEFAULT_APP_IDS[1],
    });
    expect(sent.find((frame) => frame.action === 'bridge')).toMatchObject({
      appid: DEFAULT_APP_IDS[0],
    });
    await expect(
      client.dial({ to: scenario.answer(), from: '+15551230000', channel: 'x', uid: 9 }),
    ).rejects.toMatchObject({ code: 'appid-required' });
  });

  it('per-call streams: groupBy on events$ closes each group with its removed event', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'groups',
      appId,
    });
    await client.connect();

    // --- sample: one inner stream per call with groupBy ---
    const summaries = client.events$.pipe(
      groupBy((event) => event.callId, {
        // Each group completes with its call's `removed` event, so groups never pile up.
        duration: (events) => events.pipe(filter((event) => event.type === 'removed')),
      }),
      mergeMap((events) =>
        events.pipe(
          reduce((types: string[], event: CallEvent) => [...types, event.type], []),
          map((types) => ({ callId: events.key, types })),
        ),
      ),
    );
    const two = firstValueFrom(summaries.pipe(take(2), toArray()));
    const a = await client.dial({
      to: scenario.busy(),
      from: '+15551230000',
      channel: 'g1',
      uid: 1,
    });
    const b = await client.dial({
      to: scenario.reject(),
      from: '+15551230000',
      channel: 'g2',
      uid: 2,
    });
    const done = await two;
    expect(done.map((summary) => summary.callId).sort()).toEqual([a.callId, b.callId].sort());
    for (const summary of done) expect(summary.types.slice(-2)).toEqual(['hangup', 'removed']);
  });

  it('per-call streams: call$(id) for every call this client dials or accepts', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'per-call',
      appId,
    });
    await client.connect();
    // --- sample: follow each accepted call with call$ ---
    const lives = client.incoming$.pipe(
      mergeMap((offer) =>
        offer.accept({ channel: `in-${offer.callId}`, uid: 1 }).then(() => offer.callId),
      ),
      mergeMap((callId) => client.call$(callId).pipe(toArray())),
    );
    const life = firstValueFrom(lives);
    const lookup = await emulator.simulateInbound({ did: DEFAULT_DIDS[0], from: '+14155550103' });
    await firstValueFrom(
      client.call$(lookup.callid).pipe(filter((call) => call.state === 'bridged')),
    );
    emulator.remote.hangup(lookup.callid);
    const snapshots: Call[] = await life;
    expect(snapshots.map((call) => call.state)).toContain('bridged');
    expect(snapshots[snapshots.length - 1]).toMatchObject({ state: 'hangup', endReason: 'hangup' });
  });

  describe('testing your app with the emulator', () => {
    // --- sample: Testing your app with the emulator (docs/recipes.md, verbatim) ---
    function clientFor(emulator: Emulator, extra: Partial<ClientOptions> = {}) {
      return createClient({
        url: emulator.wsUrl,
        authToken: emulator.token,
        clientId: 'my-app-test',
        appId: emulator.appIds[0] ?? '',
        commandTimeoutMs: 200,
        reconnect: { initialDelayMs: 10, maxDelayMs: 50 }, // fast backoff for tests
        ...extra,
      });
    }

    it('reports a busy callee', async () => {
      await using emulator = await startEmulator({ timing: 'fast' });
      await using client = clientFor(emulator);
      await client.connect();

      const ended = firstValueFrom(client.events$.pipe(filter((event) => event.type === 'hangup')));
      await client.dial({ to: scenario.busy(), from: '+15551230000', channel: 'c1', uid: 1 });
      expect(await ended).toMatchObject({ hangupCause: 'USER_BUSY' });
    });

    it('handles a full gateway and a lost reply', async () => {
      await using emulator = await startEmulator({ timing: 'fast' });
      await using client = clientFor(emulator);
      await client.connect();

      await expect(
        client.dial({ to: scenario.noResource(), from: '+15551230000', channel: 'nr', uid: 1 }),
      ).rejects.toMatchObject({ code: 'no-resource', statusCode: 503, retryable: true });

      emulator.faults.dropReplies(1);
      await expect(client.subscribe([])).rejects.toMatchObject({ code: 'command-timeout' });

      const sent = await emulator.waitForFrame((received) => received.frame.action === 'outbound');
      expect(sent.frame).toMatchObject({ to: scenario.noResource(), uid: '1' });
    });

    it('keeps an answered call through a dropped connection', async () => {
      await using emulator = await startEmulator({ timing: 'fast' });
      await using client = clientFor(emulator);
      await client.connect();
      const offer = firstValueFrom(client.incoming$);
      const lookup = emulator.simulateInbound({ did: DEFAULT_DIDS[0] });
      const call = await offer;
      await call.accept({ channel: 'c2', uid: 2 });
      await firstValueFrom(client.call$(call.callId).pipe(filter((c) => c.state === 'bridged')));
      expect((await lookup).status).toBe(200);

      emulator.faults.dropClients();
      await firstValueFrom(
        client.state$.pipe(filter((s) => s.status === 'connected' && s.reconnects === 1)),
      );
      expect(client.getCall(call.callId)).toMatchObject({ state: 'bridged', stale: true });
    });

    it('leaves nothing behind on the emulator once the client is closed', async () => {
      await using emulator = await startEmulator({ timing: 'fast' });
      const client = clientFor(emulator);
      await client.connect();
      const { callId } = await client.dial({
        to: scenario.answer(),
        from: '+15551230000',
        channel: 'leak',
        uid: 1,
      });
      const gone = firstValueFrom(client.call$(callId).pipe(toArray()));
      await client.hangup(callId);
      await gone;
      await client.close();
      await expect
        .poll(() => emulator.stats())
        .toEqual({ sessions: 0, calls: 0, heldLookups: 0, timers: 0 });
    });
  });

  it('logging with redaction: tokens never reach the logger', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const lines: string[] = [];
    // --- sample: Logging ---
    const logger: Logger = {
      debug: (message, fields) => lines.push(`debug ${message} ${JSON.stringify(fields ?? {})}`),
      info: (message, fields) => lines.push(`info ${message} ${JSON.stringify(fields ?? {})}`),
      warn: (message, fields) => lines.push(`warn ${message} ${JSON.stringify(fields ?? {})}`),
      error: (message, fields) => lines.push(`error ${message} ${JSON.stringify(fields ?? {})}`),
    };
    await using client = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: 'logs',
      appId,
      logger,
    });
    await client.connect();
    const secretRtcToken = 'rtc-token-that-must-not-leak';
    await client.dial({
      to: scenario.answer(),
      from: '+15551230000',
      channel: 'log',
      uid: 1,
      token: secretRtcToken,
    });
    const text = lines.join('\n');
    expect(text).toContain('"action":"outbound"');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(emulator.token.slice('Basic '.length));
    expect(text).not.toContain(secretRtcToken);
  });
});
