import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/index';
import { runProbe } from './helpers/probe';

const MB = 1024 * 1024;
const LOG_CAP = DEFAULT_LIMITS.maxLoggedBytes;

describe('memory stays bounded (child process, settled heap)', () => {
  it('2,000 frames of 60 KB: the frame log stays under its byte cap and is freed on close', async () => {
    const heap = await runProbe('frameFlood', [
      'baseline',
      'afterFlood',
      'afterSessionClose',
      'afterEmulatorClose',
    ]);
    // Before the cap: +120 MB that stayed after the session and the emulator closed.
    expect(heap.afterFlood - heap.baseline).toBeLessThan(LOG_CAP + 8 * MB);
    expect(heap.afterSessionClose - heap.baseline).toBeLessThan(LOG_CAP + 8 * MB);
    expect(heap.afterEmulatorClose - heap.baseline).toBeLessThan(4 * MB);
  }, 120_000);

  it('a hostile client is refused at every cap, and once it leaves only the capped frame log remains', async () => {
    const probe = await runProbe('hostileClient', [
      'baseline',
      'duringAbuse',
      'afterAbuse',
      'afterClose',
      'frameBytes',
      'refusedLookups',
      'tooLarge',
      'refusedDigits',
      'overflowDelay',
      'timersAtPeak',
      'stillServes',
    ]);
    expect(probe).toMatchObject({
      refusedLookups: 1500 - DEFAULT_LIMITS.maxHeldLookups,
      tooLarge: 20,
      refusedDigits: 10,
      overflowDelay: 400,
      timersAtPeak: DEFAULT_LIMITS.maxTimers,
      stillServes: 1,
    });
    expect(probe.frameBytes).toBeLessThanOrEqual(LOG_CAP);
    // 100 sessions of 1,000 numbers, 1,000 calls, 10,000 held replies and a full frame log.
    expect(probe.duringAbuse - probe.baseline).toBeLessThan(96 * MB);
    // What the emulator itself still holds after the attacker left: its capped frame log.
    expect(probe.afterAbuse - probe.afterClose).toBeLessThan(LOG_CAP + 4 * MB);
    // After close only the probe's own compiled code and HTTP connection pool are left.
    expect(probe.afterClose - probe.baseline).toBeLessThan(12 * MB);
  }, 120_000);
});
