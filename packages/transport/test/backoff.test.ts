import { describe, expect, it } from 'vitest';
import { exponentialBackoff, TransportError } from '../src/index';

const drop = new TransportError('closed', 'dropped');
const delays = (policy: ReturnType<typeof exponentialBackoff>, attempts: number) =>
  Array.from({ length: attempts }, (_, index) => policy(index + 1, 0, drop));

describe('exponentialBackoff', () => {
  it('doubles from 1 s and caps at 30 s without jitter', () => {
    expect(delays(exponentialBackoff({ jitter: 'none' }), 8)).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('applies full jitter with the injected random()', () => {
    expect(delays(exponentialBackoff({ random: () => 0.5 }), 7)).toEqual([
      500, 1000, 2000, 4000, 8000, 15000, 15000,
    ]);
    expect(delays(exponentialBackoff({ random: () => 0 }), 3)).toEqual([0, 0, 0]);
  });

  it('honours its options', () => {
    const policy = exponentialBackoff({
      initialDelayMs: 10,
      maxDelayMs: 100,
      multiplier: 3,
      jitter: 'none',
    });
    expect(delays(policy, 5)).toEqual([10, 30, 90, 100, 100]);
  });

  it('stops after maxAttempts', () => {
    expect(delays(exponentialBackoff({ jitter: 'none', maxAttempts: 2 }), 3)).toEqual([
      1000,
      2000,
      null,
    ]);
    expect(exponentialBackoff({ maxAttempts: 0 })(1, 0, drop)).toBeNull();
  });

  it('returns null for reasons that are not retryable', () => {
    const policy = exponentialBackoff({ jitter: 'none' });
    expect(policy(1, 0, new TransportError('unauthorized', 'bad token'))).toBeNull();
    expect(policy(1, 0, new Error('bug'))).toBeNull();
    expect(policy(1, 0, { retryable: true })).toBe(1000);
  });

  it('refuses nonsensical options with invalid-options', () => {
    expect(() => exponentialBackoff({ multiplier: 0.5 })).toThrowError(
      expect.objectContaining({ code: 'invalid-options' }),
    );
    expect(() => exponentialBackoff({ initialDelayMs: 10, maxDelayMs: 5 })).toThrowError(
      /maxDelayMs/,
    );
    expect(() => exponentialBackoff({ maxAttempts: -1 })).toThrowError(/maxAttempts/);
  });
});
