import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { requireDtmf, requireNumberList, requirePhoneNumber } from '../../src/validation';

describe('validation', () => {
  it('accepts the CM DTMF alphabet only', () => {
    expect(requireDtmf('0123456789*#')).toBe('0123456789*#');
    for (const bad of ['', 'A', '12a', '1 2', 'x'.repeat(65)]) {
      expect(() => requireDtmf(bad)).toThrow(ValidationError);
    }
    expect(requireDtmf('AD', '0123456789*#ABCD')).toBe('AD');
  });

  it('normalises punctuation in numbers and rejects non-numbers', () => {
    expect(requirePhoneNumber('+1 (800) 555-1234', 'did')).toBe('+18005551234');
    expect(() => requirePhoneNumber('+1-800-FLOWERS', 'did')).toThrow(/did must be a phone number/);
    expect(requireNumberList(['18005551234', '+18007771234'], 'numbers')).toEqual([
      '18005551234',
      '+18007771234',
    ]);
    expect(() => requireNumberList('18005551234', 'numbers')).toThrow(/must be an array/);
    expect(() => requireNumberList(['x'], 'numbers')).toThrow(/numbers\[0\]/);
  });

  it('errors carry the invalid-argument code', () => {
    try {
      requireDtmf('z');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('invalid-argument');
    }
  });
});
