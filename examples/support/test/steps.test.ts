import { type CallstreamClient, createClient } from '@callstream/core';
import { scenario, startEmulator } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import {
  ANSWER_MARGIN_MS,
  answerWaitMs,
  awaitMedia,
  ExampleError,
  RING_TIMEOUT_SEC,
  type StepHost,
  waitFor,
} from '../src/index';

/** A step host with a short step timeout, like a program run with `--timeout-ms`. */
function host(client: CallstreamClient, timeoutMs: number): StepHost {
  return {
    client,
    timeoutMs,
    waitFor: (source, predicate, what, limit) =>
      waitFor(source, predicate, { timeoutMs: limit ?? timeoutMs, what }),
    command: (_name, _fields, run) => run(),
  };
}

/** An emulator (fast timing) and a connected client; `await using` closes both. */
async function connected() {
  const emulator = await startEmulator({ timing: 'fast' });
  const client = createClient({
    url: emulator.wsUrl,
    authToken: emulator.token,
    clientId: 'steps-test',
    appId: emulator.appIds[0]!,
  });
  await client.connect();
  return {
    emulator,
    client,
    async [Symbol.asyncDispose]() {
      await client.close();
      await emulator.close();
    },
  };
}

describe('awaitMedia', () => {
  it('waits for the answer as long as the ring timeout + a margin, never less than the step timeout', () => {
    expect(answerWaitMs(30_000)).toBe(RING_TIMEOUT_SEC * 1000 + ANSWER_MARGIN_MS);
    expect(answerWaitMs(30_000, { ringTimeoutSec: 20, answerMarginMs: 5000 })).toBe(30_000);
    expect(answerWaitMs(1000, { ringTimeoutSec: 45 })).toBe(55_000);
  });

  it('keeps waiting past the step timeout while the phone rings within the ring timeout', async () => {
    await using t = await connected();
    const { callId } = await t.client.dial({
      to: scenario.answer(500),
      from: '+15551230000',
      channel: 'steps-ring',
      uid: '1',
    });
    // Step timeout 100 ms, answer after 500 ms: a ring window of 2 s covers it.
    expect(
      await awaitMedia(host(t.client, 100), callId, { ringTimeoutSec: 2, answerMarginMs: 0 }),
    ).toBe('bridged');
  });

  it('gives up with step-timeout once the ring window has passed', async () => {
    await using t = await connected();
    const { callId } = await t.client.dial({
      to: scenario.answer(5000),
      from: '+15551230000',
      channel: 'steps-late',
      uid: '1',
    });
    const started = performance.now();
    const error = await awaitMedia(host(t.client, 100), callId, {
      ringTimeoutSec: 0.3,
      answerMarginMs: 0,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExampleError);
    expect(error).toMatchObject({ code: 'step-timeout' });
    expect((error as Error).message).toMatch(/timed out after 300 ms waiting for call .* answered/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    await t.client.hangup(callId);
  });
});
