import { describe, expect, it } from 'vitest';
import { isRetryable, TransportError, transportErrorCodes } from '../src/index';

describe('TransportError and the code table', () => {
  it('marks exactly the unfixable codes fatal', () => {
    const fatal = Object.entries(transportErrorCodes)
      .filter(([, info]) => info.fatal)
      .map(([code]) => code);
    expect(fatal.sort()).toEqual(['invalid-options', 'protocol', 'unauthorized']);
    for (const info of Object.values(transportErrorCodes))
      expect(info.description.length).toBeGreaterThan(10);
  });

  it('carries code, fatal, cause and close details', () => {
    const cause = { type: 'close' };
    const error = new TransportError('closed', 'gone', {
      cause,
      closeCode: 1001,
      closeReason: 'away',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'TransportError',
      code: 'closed',
      fatal: false,
      closeCode: 1001,
      closeReason: 'away',
    });
    expect(error.cause).toBe(cause);
    const bare = new TransportError('not-open', 'no');
    expect('closeCode' in bare).toBe(false);
    expect('cause' in bare).toBe(false);
  });

  it.each([
    ['a retryable TransportError', new TransportError('closed', 'x'), true],
    ['a fatal TransportError', new TransportError('unauthorized', 'x'), false],
    ['a protocol TransportError', new TransportError('protocol', 'x'), false],
    [
      'an error with fatal: true',
      Object.assign(new Error('x'), { fatal: true, retryable: true }),
      false,
    ],
    ['an error with retryable: true', Object.assign(new Error('x'), { retryable: true }), true],
    ['a plain Error', new Error('x'), false],
    ['a string', 'boom', false],
    ['undefined', undefined, false],
  ])('isRetryable(%s) is %s', (_name, value, expected) => {
    expect(isRetryable(value)).toBe(expected);
  });
});
