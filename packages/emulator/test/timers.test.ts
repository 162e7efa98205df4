import { describe, expect, it, vi } from 'vitest';
import type { EmulatorLogger } from '../src/index';
import { TimerRegistry } from '../src/timers';

function recordingLogger(): EmulatorLogger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, debug() {}, info() {}, warn() {}, error: (message) => errors.push(message) };
}

describe('TimerRegistry', () => {
  it('counts pending timers, cancels by group and survives throwing callbacks', async () => {
    const logger = recordingLogger();
    const timers = new TimerRegistry(logger);
    const fired: string[] = [];
    timers.set(1, () => fired.push('a1'), 'a');
    timers.set(1, () => fired.push('a2'), 'a');
    const cancelB = timers.set(1, () => fired.push('b'), 'b');
    timers.set(5, () => {
      throw new Error('boom');
    });
    const last = new Promise<void>((resolve) => timers.set(10, resolve));
    expect(timers.size).toBe(5);
    timers.cancelGroup('a');
    cancelB();
    cancelB();
    expect(timers.size).toBe(2);
    await last;
    expect(fired).toEqual([]);
    expect(logger.errors).toEqual(['timer callback failed']);
    expect(timers.size).toBe(0);
    timers.set(1000, () => fired.push('late'), 'x');
    timers.clearAll();
    expect(timers.size).toBe(0);
  });

  it('keeps real time when a test installs fake timers after import', async () => {
    vi.useFakeTimers();
    try {
      const timers = new TimerRegistry(recordingLogger());
      await new Promise<void>((resolve) => timers.set(1, resolve));
      expect(timers.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
