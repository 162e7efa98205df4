import { describe, expect, it } from 'vitest';
import { EmulatorError, type EmulatorOptions, startEmulator, startTraffic } from '../src/index';
import { client, fastEmulator, fetchJson } from './helpers/fixtures';

const MAX_DELAY = 2 ** 31 - 1;
const BAD_DELAYS = [1e12, 2 ** 31, -1, Number.NaN, Number.POSITIVE_INFINITY];

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof EmulatorError ? error.code : `not an EmulatorError: ${String(error)}`;
  }
  return undefined;
}

describe('delays and durations are validated (finite, 0 to 2^31-1 ms)', () => {
  it('faults.delayReplies refuses what a timer cannot hold, and keeps the previous setting', async () => {
    await using emulator = await fastEmulator();
    emulator.faults.delayReplies(20);
    for (const ms of BAD_DELAYS) {
      expect(codeOf(() => emulator.faults.delayReplies(ms))).toBe('INVALID_ARGUMENT');
    }
    expect(() => emulator.faults.delayReplies(1e12)).toThrow(/2147483647/);
    expect(emulator.faults.settings().delayReplies).toBe(20);
    emulator.faults.delayReplies(MAX_DELAY);
    expect(emulator.faults.settings().delayReplies).toBe(MAX_DELAY);
  });

  it('a reply held by delayReplies(1e12) is refused, so it can never come after 1 ms', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const answer = await fetchJson(`${emulator.httpUrl}/v1/emulator/faults`, {
      body: { delayReplies: 1e12 },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/delayReplies.*2147483647/);
    // Nothing was applied: replies still come at once.
    expect((await c.command('subscribe', { numbers: [] })).status_code).toBe(200);
    expect(emulator.faults.settings().delayReplies).toBeNull();
  });

  it('every delay option is checked by startEmulator', async () => {
    const cases: EmulatorOptions[] = [
      { lookupTimeoutMs: 1e12 },
      { registerTimeoutMs: 2 ** 31 },
      { pingIntervalMs: Number.NaN },
      { orphanGraceMs: Number.POSITIVE_INFINITY },
      { timing: { answerMs: 1e12 } },
      { timing: { hangupMs: -5 } },
    ];
    for (const options of cases) {
      await expect(startEmulator(options)).rejects.toMatchObject({
        code: 'INVALID_OPTIONS',
        message: expect.stringMatching(/2147483647/),
      });
    }
  });

  it('waitForFrame checks its timeout', async () => {
    await using emulator = await fastEmulator();
    for (const ms of BAD_DELAYS) {
      await expect(emulator.waitForFrame(() => false, ms)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    }
  });

  it('startTraffic checks its delays, ranges and digit count before starting', async () => {
    await using emulator = await fastEmulator();
    const bad = [
      { intervalMs: Number.NaN },
      { intervalMs: 1e12 },
      { dtmfDelayMs: [10, 5] as const },
      { hangupAfterMs: [0, 2 ** 31] as const },
      { maxDigits: 0 },
      { maxDigits: 65 },
      { callers: ['+15550001111', 7 as unknown as string] },
    ];
    for (const options of bad) {
      expect(codeOf(() => startTraffic(emulator, options))).toBe('INVALID_ARGUMENT');
    }
    const traffic = startTraffic(emulator, { intervalMs: MAX_DELAY, maxDigits: 64 });
    traffic.stop();
    expect(traffic.stats().timers).toBe(0);
  });
});
