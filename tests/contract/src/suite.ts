import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type CallControl, isCallstreamError, supports } from '@callstream/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractFixture, ContractHarness } from './harness';
import { digits, EventLog, nextOffer } from './streams';

const probeRunner = fileURLToPath(new URL('./exitProbe.ts', import.meta.url));

/**
 * The CallControl contract: one set of scenarios, written against the neutral API only, that
 * every backend runs against its own emulator on loopback. A scenario that needs a capability
 * the backend lacks checks that the command rejects with `unsupported` instead.
 */
export function contractSuite(harness: ContractHarness): void {
  describe(`CallControl contract: ${harness.backend}`, () => {
    let fixture: ContractFixture;

    beforeEach(async () => {
      fixture = await harness.start();
    });
    afterEach(async () => {
      await fixture[Symbol.asyncDispose]();
    });

    /**
     * Dials a call that will not be answered and returns its id: `dial()` resolves with it, or,
     * on a backend whose dial waits for the answer, rejects with a typed error that names it.
     */
    async function dialUnanswered(client: CallControl, to: string): Promise<string> {
      const dialing = client.dial({ to, from: fixture.from });
      if (!harness.dialWaitsForAnswer) return (await dialing).callId;
      const error = await dialing.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isCallstreamError(error), 'dial rejects with a typed error').toBe(true);
      const { callId } = error as { callId?: string };
      expect(callId).toEqual(expect.any(String));
      return callId ?? '';
    }

    async function connected(options?: Parameters<ContractFixture['client']>[0]) {
      const client = fixture.client(options);
      await client.connect();
      return { client, log: new EventLog(client) };
    }

    it('names its backend and capabilities', () => {
      const client = fixture.client();
      expect(client.backend).toBe(harness.backend);
      expect(client.capabilities.has('dial')).toBe(true);
      expect(client.state.status).toBe('idle');
    });

    it('outbound answered, then hung up by us: the call leaves calls$ as hangup', async () => {
      const { client, log } = await connected();
      const { callId } = await client.dial({ to: fixture.target('answer'), from: fixture.from });
      const answered = await log.reached(callId, 'answered');
      expect(answered).toMatchObject({ callId, direction: 'outbound', from: fixture.from });
      expect(answered.timestamps.answered).toEqual(expect.any(Number));
      await client.hangup(callId);
      const removed = await log.removed(callId);
      expect(removed.reason).toBe('hangup');
      expect(removed.call).toMatchObject({ state: 'hangup', endReason: 'hangup' });
      expect(client.getCall(callId)).toBeUndefined();
      expect(log.types(callId)).toContain('answered');
      expect(log.types(callId).at(-1)).toBe('removed');
    });

    it('outbound hung up by the remote party: outcome completed', async () => {
      const { client, log } = await connected();
      const { callId } = await client.dial({
        to: fixture.target('remoteHangup'),
        from: fixture.from,
      });
      const removed = await log.removed(callId);
      expect(removed.reason).toBe('hangup');
      expect(removed.call.outcome).toBe('completed');
      expect(removed.call.timestamps.answered).toEqual(expect.any(Number));
      expect(client.activeCalls()).toEqual([]);
    });

    it.each([
      ['busy', 'busy'],
      ['noAnswer', 'no-answer'],
      ['reject', 'rejected'],
    ] as const)('outbound %s: never answered, outcome %s', async (behaviour, outcome) => {
      const { client, log } = await connected();
      const callId = await dialUnanswered(client, fixture.target(behaviour));
      const removed = await log.removed(callId);
      expect(removed.reason).toBe('hangup');
      expect(removed.call.outcome).toBe(outcome);
      expect(removed.call.timestamps.answered).toBeUndefined();
      expect(removed.call.hangupCause).toEqual(expect.any(String));
    });

    it('outbound: digits the remote party presses arrive on dtmf$', async () => {
      const { client, log } = await connected();
      if (!supports(client, 'receiveDtmf')) return;
      const { callId } = await client.dial({
        to: fixture.digitsTarget('2468'),
        from: fixture.from,
      });
      expect(await digits(client, callId, 4)).toBe('2468');
      await client.hangup(callId);
      await log.removed(callId);
    });

    it('inbound accepted, DTMF both ways where supported, hung up', async () => {
      const { client, log } = await connected();
      const offered = nextOffer(client);
      await fixture.ringIn('+14155550101');
      const offer = await offered;
      expect(offer).toMatchObject({ state: 'incoming', direction: 'inbound' });
      expect(offer.from).toContain('4155550101');
      await offer.accept();
      const { callId } = offer;
      await log.reached(callId, 'answered');
      if (supports(client, 'receiveDtmf')) {
        const received = digits(client, callId, 2);
        await fixture.remoteDigits(callId, '42');
        expect(await received).toBe('42');
      }
      if (supports(client, 'sendDtmf')) {
        await client.sendDtmf(callId, '7#');
        expect(fixture.digitsReceived(callId)).toContain('7#');
      } else {
        await expect(client.sendDtmf(callId, '7#')).rejects.toMatchObject({ code: 'unsupported' });
      }
      await client.hangup(callId);
      expect((await log.removed(callId)).reason).toBe('hangup');
    });

    it('inbound rejected: the call leaves calls$ as rejected', async () => {
      const { client, log } = await connected();
      const offered = nextOffer(client);
      await fixture.ringIn('+14155550102');
      const offer = await offered;
      await offer.reject();
      const removed = await log.removed(offer.callId);
      expect(removed.reason).toBe('rejected');
      expect(removed.call.outcome).toBe('rejected');
    });

    it('inbound expired: an unclaimed offer leaves calls$, a late accept gets a typed error', async () => {
      const { client, log } = await connected({ incomingTimeoutMs: 150 });
      const offered = nextOffer(client);
      await fixture.ringIn('+14155550103');
      const offer = await offered;
      const removed = await log.removed(offer.callId);
      expect(removed.reason).toBe('expired');
      const late = await offer.accept().catch((error: unknown) => error);
      expect(isCallstreamError(late, 'call-expired')).toBe(true);
    });

    it('first accept wins between two clients (where offers are shared)', async () => {
      const { client: first, log: firstLog } = await connected();
      if (!supports(first, 'sharedOffers')) return;
      const { client: second, log: secondLog } = await connected();
      const offers = Promise.all([nextOffer(first), nextOffer(second)]);
      await fixture.ringIn('+14155550104');
      const [a, b] = await offers;
      expect(a.callId).toBe(b.callId);
      const results = await Promise.allSettled([a.accept(), b.accept()]);
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result) => result.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(isCallstreamError((lost[0] as PromiseRejectedResult).reason, 'call-not-found')).toBe(
        true,
      );
      const loserLog = results[0]?.status === 'rejected' ? firstLog : secondLog;
      expect((await loserLog.removed(a.callId)).reason).toBe('claimed-elsewhere');
    });

    it('a command on an ended call gives a typed error', async () => {
      const { client, log } = await connected();
      const { callId } = await client.dial({ to: fixture.target('answer'), from: fixture.from });
      await log.reached(callId, 'answered');
      await client.hangup(callId);
      await log.removed(callId);
      for (const command of [
        () => client.hangup(callId),
        () => client.sendDtmf(callId, '1'),
        () => client.transfer(callId, '+14155550199'),
      ]) {
        const error = await command().catch((caught: unknown) => caught);
        expect(isCallstreamError(error)).toBe(true);
        expect(['unknown-call', 'call-not-found', 'call-ended', 'unsupported']).toContain(
          (error as { code: string }).code,
        );
      }
    });

    it('a dropped connection settles every pending command and reconciles every call', async () => {
      const { client, log } = await connected();
      const { callId } = await client.dial({ to: fixture.target('answer'), from: fixture.from });
      await log.reached(callId, 'answered');
      const release = fixture.holdReplies();
      const pending = client.hangup(callId).then(
        () => 'resolved',
        (error: unknown) => (isCallstreamError(error) ? 'typed error' : 'untyped error'),
      );
      await fixture.dropConnections();
      release();
      expect(['resolved', 'typed error']).toContain(await pending);
      const removed = await log.removed(callId);
      expect([...harness.afterDrop, 'hangup']).toContain(removed.reason);
      expect(client.activeCalls()).toEqual([]);
    });

    it('snapshots and events are frozen at runtime', async () => {
      const { client, log } = await connected();
      const { callId } = await client.dial({ to: fixture.target('answer'), from: fixture.from });
      const call = await log.reached(callId, 'answered');
      expect(Object.isFrozen(call)).toBe(true);
      expect(Object.isFrozen(call.timestamps)).toBe(true);
      expect(() => {
        (call as { state: string }).state = 'corrupted';
      }).toThrow(TypeError);
      const event = log.items.find((item) => item.callId === callId);
      expect(Object.isFrozen(event)).toBe(true);
      expect(client.getCall(callId)?.state).not.toBe('corrupted');
      await client.close();
      expect(client.activeCalls()).toEqual([]);
      expect((await log.removed(callId)).reason).toBe('client-closed');
    });

    it('close() leaves no timers or sockets: the process exits by itself', async () => {
      const { module, config } = harness.exitProbe(fixture);
      const exit = await runProbe(module, config);
      expect(exit.stderr).toBe('');
      expect(exit.code).toBe(0);
      expect(exit.stdout.trim()).toBe('closed');
    });
  });
}

/** Runs the exit probe in a child process; resolves with how it ended (it must end by itself). */
function runProbe(
  module: string,
  config: unknown,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', probeRunner, module, JSON.stringify(config)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // A probe that does not exit by itself is what this check exists to catch.
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the probe did not exit within 15 s (stdout: ${stdout})`));
    }, 15_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The `probe` export of a harness's probe module: builds, in a child process and from JSON
 * config, a client plus an answering number to call.
 */
export type ProbeFactory = (
  config: unknown,
) => Promise<{ client: CallControl; to: string; from: string }>;
