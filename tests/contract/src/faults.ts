import { fileURLToPath } from 'node:url';
import {
  type CallControl,
  type ClientState,
  type DialResult,
  isCallstreamError,
  supports,
} from '@callstream/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runChild } from './child';
import {
  ClientWatch,
  expectNoLeaks,
  liveResources,
  OutputCapture,
  type Settled,
} from './faultWatch';
import type { FaultClientOptions, FaultFixture, FaultHarness } from './harness';
import { next, nextOffer, WAIT_MS } from './streams';

const probeRunner = fileURLToPath(new URL('./faultExitProbe.ts', import.meta.url));

/** The scenarios the child-process exit probe runs (see `faultExitProbe.ts`). */
export type ProbeScenario =
  | 'close-while-connecting'
  | 'close-while-reconnecting'
  | 'close-twice-at-once'
  | 'drop-mid-call';

/**
 * The `faultProbe` export of a harness's probe module: builds, in a child process and from JSON
 * config, a client, a number that answers, and a way to cut the client's connections.
 */
export type FaultProbeFactory = (config: unknown) => Promise<{
  client: CallControl;
  to: string;
  from: string;
  /** Runs once `connect()` resolved, before the first call (a webhook backend registers its URL). */
  connected?(): Promise<void>;
  /**
   * Cuts every connection of the client from the server side; a backend without a link stops
   * delivering events and answers every request with an error instead (Telnyx down).
   */
  drop(): Promise<void>;
}>;

/** States a live call may be in once answered (a backend may report `bridged` at once). */
const ANSWERED = ['answered', 'bridged', 'unbridged'];
/** How long a backend without a link to lose is unreachable in the outage case. */
const OUTAGE_MS = 300;
const LATER_THAN_RINGING = ['ringing', ...ANSWERED];

/**
 * The fault matrix: every fault a backend can meet, each asserting the same guarantees: no
 * command promise hangs (each settles, with a typed error if it fails), no call is left in
 * `calls$` and each left exactly once, the documented `state$` transitions and codes, and no
 * timer or socket is left once the client and emulator are closed (plus child processes that must
 * exit by themselves). Every output the matrix produced is then searched for the backend's secrets.
 */
export function faultMatrix(harness: FaultHarness): void {
  describe(`fault matrix: ${harness.backend}`, () => {
    const capture = new OutputCapture();
    const secrets = new Set<string>();
    let fixture: FaultFixture;
    let baseline: Record<string, number>;

    beforeEach(async () => {
      baseline = liveResources();
      fixture = await harness.start();
      for (const secret of fixture.secrets) secrets.add(secret);
    });
    afterEach(async () => {
      await fixture[Symbol.asyncDispose]();
      await expectNoLeaks(baseline);
    });

    function watch(options: FaultClientOptions = {}): ClientWatch {
      return new ClientWatch(
        fixture.faultClient({ logger: capture.logger(), ...options }),
        capture,
      );
    }

    async function connected(options?: FaultClientOptions): Promise<ClientWatch> {
      const watched = watch(options);
      const outcome = await watched.settle(watched.client.connect());
      if (!outcome.ok) throw outcome.error;
      return watched;
    }

    async function call(watched: ClientWatch, to = fixture.target('answer')): Promise<string> {
      const outcome = await watched.settle(watched.client.dial({ to, from: fixture.from }));
      if (!outcome.ok) throw outcome.error;
      return (outcome.value as DialResult).callId;
    }

    /**
     * A call to `to` as soon as it is in calls$: `dial()` resolved, or, on a backend whose dial
     * waits for the answer, the call appeared (its dial is still followed and must settle).
     */
    async function placed(watched: ClientWatch, to: string): Promise<string> {
      if (!harness.dialWaitsForAnswer) return call(watched, to);
      const before = new Set(watched.events.map((event) => event.callId));
      const appeared = next(
        watched.client.events$,
        (event) => !before.has(event.callId),
        'the dialled call in calls$',
      );
      void watched.settle(watched.client.dial({ to, from: fixture.from }));
      return (await appeared).callId;
    }

    /**
     * A call that is never answered (busy, rejected): `dial()` resolves with its id, or, on a
     * backend whose dial waits for the answer, rejects with a typed error naming it.
     */
    async function unanswered(watched: ClientWatch, to: string): Promise<string> {
      const outcome = await watched.settle(watched.client.dial({ to, from: fixture.from }));
      if (!harness.dialWaitsForAnswer) {
        if (!outcome.ok) throw outcome.error;
        return (outcome.value as DialResult).callId;
      }
      expect(outcome.ok, 'a dial that is not answered rejects').toBe(false);
      const { error } = outcome as { error: { callId?: string } };
      expect(isCallstreamError(error)).toBe(true);
      expect(error.callId).toEqual(expect.any(String));
      return error.callId ?? '';
    }

    /** `state$` statuses of a client that connected and never lost anything since. */
    const connectedOnly = () =>
      harness.linkPerCall ? ['idle', 'connected'] : ['idle', 'connecting', 'connected'];

    const reconnects = (watched: ClientWatch) => supports(watched.client, 'reconnect');

    /** Backends that reconnect: the reconnect after the `count`-th link loss. */
    async function reconnected(watched: ClientWatch, count = 1): Promise<void> {
      if (!reconnects(watched)) return;
      await watched.state(
        (state) => state.status === 'connected' && state.reconnects >= count,
        `reconnect number ${count}`,
      );
    }

    /** Ends a call that may or may not still be up, and waits until it left calls$. */
    async function end(watched: ClientWatch, callId: string, reasons: readonly string[]) {
      if (watched.client.getCall(callId)) await watched.settle(watched.client.hangup(callId));
      const removed = await watched.removed(callId);
      expect(reasons).toContain(removed.reason);
      return removed;
    }

    async function closed(watched: ClientWatch): Promise<void> {
      await watched.client.close();
      expect(watched.client.state.status).toBe('closed');
      await watched.assertClean();
    }

    /** Reasons a call may leave with after its backend lost track of it. */
    const lostReasons = () => [...harness.afterDrop, 'hangup', 'not-found'];

    describe('the link drops', () => {
      it.each([
        ['ringing', () => fixture.ringingTarget(), ['ringing']],
        ['answered', () => fixture.target('answer'), ANSWERED],
      ] as const)(
        'while a call is %s: the call is reconciled and can be ended',
        async (phase, target, states) => {
          const watched = await connected();
          const callId = await placed(watched, target());
          await watched.reached(callId, states);
          // A call may show `ringing` before the backend holds it (its dial still on the way):
          // the drop must find it there.
          await expect.poll(() => fixture.liveCalls(), { timeout: WAIT_MS }).toBeGreaterThan(0);
          const dropped = performance.now();
          await fixture.dropConnections();
          await reconnected(watched);
          if (reconnects(watched)) figure(`drop while ${phase}: connected again after`, dropped);
          if (harness.linkPerCall) {
            // The call's own link is gone: the call is lost with it, at once.
            const lost = await watched.removed(callId);
            expect(harness.afterDrop).toContain(lost.reason);
            figure(`drop while ${phase}: the call left calls$ (${lost.reason}) after`, dropped);
          }
          await end(watched, callId, lostReasons());
          if (reconnects(watched)) {
            expect(watched.statuses()).toEqual([
              'idle',
              'connecting',
              'connected',
              'reconnecting',
              'connected',
            ]);
          }
          await closed(watched);
        },
      );

      it('mid-command: every pending command settles, typed', async () => {
        const watched = await connected();
        const callId = await call(watched);
        await watched.reached(callId, ANSWERED);
        const release = fixture.holdReplies();
        const pending = [
          watched.settle(watched.client.dial({ to: fixture.target('answer'), from: fixture.from })),
          watched.settle(watched.client.hangup(callId)),
        ];
        if (supports(watched.client, 'sendDtmf')) {
          pending.push(watched.settle(watched.client.sendDtmf(callId, '1')));
        }
        await fixture.dropConnections();
        release();
        for (const outcome of await Promise.all(pending)) {
          if (!outcome.ok) expect(isCallstreamError(outcome.error)).toBe(true);
        }
        await reconnected(watched);
        for (const active of watched.client.activeCalls()) {
          await end(watched, active.callId, lostReasons());
        }
        await closed(watched);
      });
    });

    describe('the backend goes away', () => {
      it('restart on the same address: calls it forgot leave calls$, the client reconnects', async () => {
        if (!fixture.restart) return skip('it has no server whose crash a client could see');
        const watched = await connected();
        const callId = await call(watched);
        await watched.reached(callId, ANSWERED);
        const crashed = performance.now();
        await fixture.restart();
        await reconnected(watched);
        if (reconnects(watched)) figure('restart: connected again after', crashed);
        const removed = await watched.removed(callId);
        figure(`restart: the forgotten call left calls$ (${removed.reason}) after`, crashed);
        expect(lostReasons()).toContain(removed.reason);
        await closed(watched);
      });

      it('an outage longer than the longest backoff: retries stay capped, then it reconnects', async () => {
        const { outage, maxBackoffMs } = fixture;
        if (!outage) return skip('it has no server that could become unreachable');
        const watched = await connected();
        if (!reconnects(watched)) return skip('it does not reconnect (see the next case)');
        if (maxBackoffMs === undefined)
          throw new Error('a reconnecting backend needs maxBackoffMs');
        const callId = await call(watched);
        await watched.reached(callId, ANSWERED);
        await outage.call(fixture, maxBackoffMs * 8);
        const back = performance.now();
        await reconnected(watched);
        figure('outage: connected again after the backend came back, in', back);
        const retries = watched.states.filter(
          (state): state is Extract<ClientState, { status: 'reconnecting' }> =>
            state.status === 'reconnecting',
        );
        expect(retries.length).toBeGreaterThanOrEqual(3);
        for (const retry of retries) expect(retry.delayMs).toBeLessThanOrEqual(maxBackoffMs);
        expect(retries.map((retry) => retry.attempt).slice(0, 3)).toEqual([1, 2, 3]);
        console.log(
          `[fault matrix] ${harness.backend}: outage of ${maxBackoffMs * 8} ms: ${retries.length} attempts, delays ${retries.map((retry) => retry.delayMs).join(', ')} ms`,
        );
        expect(watched.errors.some((error) => isCallstreamError(error, 'reconnect-failed'))).toBe(
          true,
        );
        expect(lostReasons()).toContain((await watched.removed(callId)).reason);
        await closed(watched);
      });

      it('an outage, for a backend that does not reconnect: commands fail typed, calls it forgot leave, it works again after', async () => {
        if (!fixture.outage) return skip('it has no server that could become unreachable');
        const watched = await connected();
        if (reconnects(watched)) return skip('it reconnects (see the previous case)');
        const callId = await call(watched);
        await watched.reached(callId, ANSWERED);
        let during: Settled | undefined;
        const down = performance.now();
        await fixture.outage(OUTAGE_MS, async () => {
          if (harness.linkPerCall) {
            // The call's own link went down with the backend: the call is lost at once, and a
            // new call cannot reach the backend.
            const lost = await watched.removed(callId);
            figure(`outage: the call left calls$ (${lost.reason}) after`, down);
            during = await watched.settle(
              watched.client.dial({ to: fixture.target('answer'), from: fixture.from }),
            );
            figure('outage: a new dial failed typed after', down);
            return;
          }
          during = await watched.settle(watched.client.sendDtmf(callId, '1'));
          figure('outage: a command failed typed after', down);
        });
        expect(during?.ok).toBe(false);
        const code = harness.linkPerCall ? 'unreachable' : 'connection-lost';
        expect(isCallstreamError((during as { error: unknown }).error, code)).toBe(true);
        // No link of the client's own, so nothing to lose: the client never left connected.
        expect(watched.statuses()).toEqual(connectedOnly());
        const back = performance.now();
        const removed = await watched.removed(callId);
        if (!harness.linkPerCall) {
          figure(`outage: the forgotten call left calls$ (${removed.reason}) after`, back);
        }
        expect(lostReasons()).toContain(removed.reason);
        await end(watched, await call(watched), ['hangup']);
        await closed(watched);
      });

      it('half-open: liveness detects it; the client reconnects, or the call on that link is lost', async () => {
        if (!fixture.halfOpen) return skip('it has no long-lived socket that could go half-open');
        const watched = await connected();
        const callId = await call(watched);
        await watched.reached(callId, ANSWERED);
        const stalled = performance.now();
        const release = fixture.halfOpen();
        if (reconnects(watched)) {
          await watched.nextState((state) => state.status === 'reconnecting', 'the liveness check');
          figure('half-open: detected after', stalled);
        } else {
          // The call's own link is the one that went silent: it is lost, the client stays up.
          const removed = await watched.removed(callId);
          figure(`half-open: detected, the call left calls$ (${removed.reason}) after`, stalled);
          expect(harness.afterDrop).toContain(removed.reason);
          expect(watched.statuses()).toEqual(connectedOnly());
        }
        expect(watched.errors.some((error) => isCallstreamError(error, 'liveness-timeout'))).toBe(
          true,
        );
        release();
        await reconnected(watched);
        await end(watched, callId, lostReasons());
        await closed(watched);
      });

      it('auth revoked: fatal, never retried; calls leave, commands get typed errors', async () => {
        if (!fixture.revokeAuth) {
          return skip('its protocol has no client credentials that a server could revoke');
        }
        const watched = await connected();
        const callId = await call(watched);
        await watched.reached(callId, ANSWERED);
        await fixture.revokeAuth();
        if (reconnects(watched)) {
          const stopped = await watched.state((state) => state.status === 'closed', 'closed');
          expect(stopped).toMatchObject({
            error: expect.objectContaining({ code: 'unauthorized' }),
          });
          expect((await watched.removed(callId)).reason).toBe('connection-lost');
          const retries = watched.states.filter((state) => state.status === 'reconnecting');
          expect(retries).toHaveLength(1); // the drop itself; the refusal is not retried
        }
        const sent = fixture.commandsReceived();
        const dial = await watched.settle(
          watched.client.dial({ to: fixture.target('answer'), from: fixture.from }),
        );
        expect(dial.ok).toBe(false);
        if (!reconnects(watched)) {
          // Every request is refused on its own: typed, and never retried.
          expect(isCallstreamError((dial as { error: unknown }).error, 'unauthorized')).toBe(true);
          expect(fixture.commandsReceived()).toBe(sent + 1);
          const hangup = await watched.settle(watched.client.hangup(callId));
          expect(isCallstreamError((hangup as { error: unknown }).error, 'unauthorized')).toBe(
            true,
          );
          const again = watch();
          const connect = await again.settle(again.client.connect());
          expect(isCallstreamError((connect as { error: unknown }).error, 'unauthorized')).toBe(
            true,
          );
          expect(again.statuses()).toEqual([...connectedOnly().slice(0, -1), 'closed']);
          await closed(again);
        }
        await closed(watched);
        expect(watched.client.activeCalls()).toEqual([]);
      });
    });

    describe('bad input', () => {
      it('every common command with a bad argument is refused, typed, before anything is sent', async () => {
        const watched = await connected();
        const callId = await call(watched);
        const live = await watched.reached(callId, ANSWERED);
        const { client } = watched;
        const to = fixture.target('answer');
        const { from } = fixture;
        const attempts: Array<[string, () => Promise<unknown>]> = [
          ['dial to "not a number"', () => client.dial({ to: 'not a number', from })],
          ['dial from {}', () => client.dial({ to, from: {} as never })],
          ['dial params null', () => client.dial(null as never)],
          ['dial options null', () => client.dial({ to, from }, null as never)],
          ['dial signal {}', () => client.dial({ to, from }, { signal: {} as never })],
          ['dial timeoutMs -1', () => client.dial({ to, from }, { timeoutMs: -1 })],
          ['hangup signal "x"', () => client.hangup(callId, { signal: 'x' as never })],
          ['hangup callId 5', () => client.hangup(5 as never)],
          ['sendDtmf digits "x"', () => client.sendDtmf(callId, 'not digits')],
          ['transfer to "nowhere"', () => client.transfer(callId, 'nowhere')],
          ['transfer params null', () => client.transfer(callId, '+15550001111', null as never)],
          ['accept callId ""', () => client.accept('')],
          ['reject reason 5', () => client.reject(callId, 5 as never)],
        ];
        const sent = fixture.commandsReceived();
        for (const [label, attempt] of attempts) {
          const outcome = await watched.settle(Promise.resolve().then(attempt));
          expect(outcome.ok, label).toBe(false);
          const error = (outcome as { error: { name?: string; code?: string } }).error;
          expect(error.name, `${label}: ${error.code}`).toBe('ValidationError');
        }
        expect(fixture.commandsReceived()).toBe(sent);
        // Still up, and never moved back by anything the refused commands did.
        const state = watched.client.getCall(callId)?.state ?? 'gone';
        expect(ANSWERED).toContain(state);
        expect(ANSWERED.indexOf(state)).toBeGreaterThanOrEqual(ANSWERED.indexOf(live.state));
        await end(watched, callId, ['hangup']);
        await closed(watched);
      });
    });

    describe('events go wrong', () => {
      it('dropped events: a call that ended unseen still leaves calls$ when it is hung up', async () => {
        const watched = await connected();
        const callId = await call(watched);
        await watched.reached(callId, ANSWERED);
        const lastHeard = performance.now();
        const restore = fixture.dropEvents();
        await fixture.remoteHangup(callId);
        await expect.poll(() => fixture.liveCalls(), { timeout: WAIT_MS }).toBe(0);
        // The backend has forgotten the call; the client, deaf to its end, still holds it, unless
        // it checks quiet calls by itself and this one was quiet long enough (a loaded machine).
        if (watched.client.getCall(callId) === undefined && harness.linkPerCall) {
          // Its end travelled with its link: the server closed the call's socket cleanly, which
          // no lost event can hide.
          expect((await watched.removed(callId)).reason).toBe('hangup');
        } else if (watched.client.getCall(callId) === undefined) {
          const { statusCheckMs } = fixture;
          expect(statusCheckMs, 'a call left calls$ that nothing showed ended').toBeDefined();
          expect(performance.now() - lastHeard).toBeGreaterThanOrEqual(statusCheckMs ?? 0);
        } else {
          await watched.settle(watched.client.hangup(callId));
        }
        expect(['not-found', 'hangup']).toContain((await watched.removed(callId)).reason);
        restore();
        await closed(watched);
      });

      it('dropped events: an offer whose caller gave up unseen still expires at its deadline', async () => {
        const watched = await connected({ incomingTimeoutMs: 400 });
        const offered = nextOffer(watched.client);
        await fixture.ringIn('+15557770000');
        const offer = await offered;
        const restore = fixture.dropEvents();
        await fixture.remoteHangup(offer.callId);
        const gaveUp = performance.now();
        const removed = await watched.removed(offer.callId);
        figure(`dropped events: the abandoned offer left calls$ (${removed.reason}) after`, gaveUp);
        expect(removed.reason).toBe('expired');
        restore();
        await closed(watched);
      });

      it('an offer another client answered leaves the other clients, and expires if nothing says so', async () => {
        const [first, second] = [
          await connected({ incomingTimeoutMs: 400 }),
          await connected({ incomingTimeoutMs: 400 }),
        ];
        const offers = [nextOffer(first.client), nextOffer(second.client)];
        await fixture.ringIn('+15557770001');
        const [offer, other] = await Promise.all(offers);
        expect(other?.callId).toBe(offer?.callId);
        const callId = offer?.callId ?? '';
        const accepting = performance.now();
        const accepted = await first.settle(first.client.accept(callId));
        expect(accepted.ok).toBe(true);
        await first.reached(callId, ANSWERED);
        const removed = await second.removed(callId);
        figure(
          `answered elsewhere: the offer left the other client (${removed.reason}) after`,
          accepting,
        );
        expect(['claimed-elsewhere', 'expired']).toContain(removed.reason);
        await end(first, callId, ['hangup']);
        await closed(first);
        await closed(second);
      });

      it('late and reordered events never move a call backwards or bring it back', async () => {
        const watched = await connected();
        const callId = await call(watched);
        const answered = await watched.reached(callId, ANSWERED);
        await fixture.replayEvent(callId, 'earlier');
        await fixture.replayEvent(callId, 'duplicate');
        const state = watched.client.getCall(callId)?.state;
        expect(LATER_THAN_RINGING.slice(1)).toContain(state);
        expect(ANSWERED.indexOf(state ?? '')).toBeGreaterThanOrEqual(
          ANSWERED.indexOf(answered.state),
        );
        await end(watched, callId, ['hangup']);
        await fixture.replayEvent(callId, 'earlier');
        await fixture.replayEvent(callId, 'duplicate');
        await watched.removed(await unanswered(watched, fixture.target('busy')));
        // On a shared link the busy call's events came after the replays, so those were applied;
        // with a link per call the ended call's link is gone and nothing could carry them.
        expect(watched.client.getCall(callId)).toBeUndefined();
        await closed(watched);
      });

      it('duplicated events change nothing twice: one removed per call', async () => {
        const watched = await connected();
        const callId = await call(watched);
        await watched.reached(callId, ANSWERED);
        await fixture.replayEvent(callId, 'duplicate');
        await fixture.replayEvent(callId, 'duplicate');
        expect(ANSWERED).toContain(watched.client.getCall(callId)?.state);
        await end(watched, callId, ['hangup']);
        await fixture.replayEvent(callId, 'duplicate');
        await closed(watched);
      });
    });

    describe("the backend's own delivery faults", () => {
      it.each(['duplicate', 'delay', 'reorder'] as const)(
        'every event %s: calls are tracked, end once, and leave',
        async (kind) => {
          if (!fixture.deliveryFaults) return skip('its server has no delivery faults of its own');
          const watched = await connected();
          const restore = fixture.deliveryFaults(kind);
          if (restore === undefined) {
            await closed(watched);
            const how = kind === 'duplicate' ? 'twice' : 'out of order';
            return skip(`its server cannot deliver an event ${how}: one socket per call, in order`);
          }
          const answered = await call(watched);
          await watched.reached(answered, ANSWERED);
          const busy = await unanswered(watched, fixture.target('busy'));
          expect((await watched.removed(busy)).reason).toBe('hangup');
          const ended = performance.now();
          await end(watched, answered, ['hangup']);
          figure(`${kind} delivery: the hung-up call left calls$ after`, ended);
          restore();
          await closed(watched);
        },
      );
    });

    describe('close()', () => {
      it('during connect: connect() settles typed, nothing is left', async () => {
        const watched = watch();
        const connecting = watched.settle(watched.client.connect());
        await watched.client.close();
        const outcome = await connecting;
        if (!outcome.ok) expect(isCallstreamError(outcome.error)).toBe(true);
        expect(watched.statuses().at(-1)).toBe('closed');
        await closed(watched);
      });

      it('during reconnect: the client stays closed, every call leaves as client-closed', async () => {
        const watched = await connected();
        const callId = await call(watched);
        await watched.reached(callId, ANSWERED);
        await fixture.dropConnections();
        if (reconnects(watched)) {
          await watched.nextState((state) => state.status === 'reconnecting', 'reconnecting');
        }
        await watched.client.close();
        expect(['client-closed', ...harness.afterDrop]).toContain(
          (await watched.removed(callId)).reason,
        );
        const statuses = watched.statuses();
        await closed(watched);
        expect(watched.statuses()).toEqual(statuses);
      });

      it('twice at once: both resolve, one closed state, one removed per call', async () => {
        const watched = await connected();
        const callId = await call(watched);
        await watched.reached(callId, ANSWERED);
        await Promise.all([watched.client.close(), watched.client.close()]);
        expect((await watched.removed(callId)).reason).toBe('client-closed');
        expect(watched.states.filter((state) => state.status === 'closed')).toHaveLength(1);
        await closed(watched);
      });

      it.each([
        'close-while-connecting',
        'close-while-reconnecting',
        'close-twice-at-once',
        'drop-mid-call',
      ] as const)('%s in a child process: it exits by itself', async (scenario) => {
        const { module, config } = harness.faultProbe(fixture);
        const exit = await runChild(probeRunner, [module, JSON.stringify(config), scenario]);
        expect(exit.stderr).toBe('');
        expect(exit.stdout.trim()).toBe('closed');
        expect(exit.code).toBe(0);
      });
    });

    it('no secret appears in any output of the matrix', async () => {
      // A flow of its own, so this check never searches an empty capture.
      const watched = await connected();
      const callId = await call(watched);
      await watched.reached(callId, ANSWERED);
      await watched.settle(watched.client.sendDtmf(callId, 'not digits'));
      await watched.settle(watched.client.transfer(callId, 'nowhere'));
      await end(watched, callId, ['hangup']);
      await watched.settle(watched.client.hangup(callId));
      await closed(watched);
      expect(capture.length).toBeGreaterThan(10_000);
      expect([...secrets].length).toBeGreaterThan(0);
      expect(capture.leaked([...secrets])).toEqual([]);
    });

    /** Prints a measured duration (docs/reliability.md quotes them). */

    function figure(what: string, since: number): void {
      const ms = Math.round(performance.now() - since);

      console.log(`[fault matrix] ${harness.backend}: ${what} ${ms} ms`);
    }

    function skip(reason: string): void {
      console.log(`[fault matrix] ${harness.backend}: case does not apply: ${reason}`);
    }
  });
}
