import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiErrorMappings, isTelnyxError, telnyxErrorCodes, telnyxProblem } from '../src';
import { classifyFailure, codeForProblem, errorForFailure } from '../src/rest/problem';

const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

/** An error shaped like the telnyx SDK's APIError. */
function apiError(status: number, code?: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`${status}`), {
    status,
    headers: new Headers(headers),
    error:
      code === undefined
        ? undefined
        : { errors: [{ code, title: `title ${code}`, detail: 'why', source: { pointer: '/to' } }] },
  });
}

describe('Telnyx error codes', () => {
  it('docs/errors.md has a row for every Telnyx-only code', () => {
    for (const code of Object.keys(telnyxErrorCodes))
      expect(errorsDoc, code).toContain(`| \`${code}\` |`);
  });

  it.each(apiErrorMappings.filter((row) => row.example.status > 0))(
    'HTTP $status / $telnyxCode becomes $code',
    (row) => {
      const failure = classifyFailure(apiError(row.example.status, row.example.code));
      expect(failure.kind).toBe('api');
      if (failure.kind !== 'api') return;
      expect(codeForProblem(failure.problem)).toBe(row.code);
      const error = errorForFailure(failure, { action: 'speak', requestId: 'r1', callId: 'v3:x' });
      expect(isTelnyxError(error, row.code)).toBe(true);
      expect(telnyxProblem(error)).toMatchObject({
        status: row.example.status,
        code: row.example.code,
      });
      expect(error).toMatchObject({
        statusCode: row.example.status,
        requestId: 'r1',
        callId: 'v3:x',
        action: 'speak',
      });
    },
  );

  it('network errors and timeouts map as the table says', () => {
    const network = classifyFailure(
      Object.assign(new (class APIConnectionError extends Error {})('x'), {
        cause: new Error('ECONNRESET'),
      }),
    );
    const timeout = classifyFailure(new (class APIConnectionTimeoutError extends Error {})('x'));
    const context = { action: 'dial', requestId: 'r' };
    expect(errorForFailure(network, context).code).toBe('connection-lost');
    expect(errorForFailure(timeout, context).code).toBe('command-timeout');
  });

  it('reads Retry-After in seconds, as an HTTP date, and x-ratelimit-reset', () => {
    const seconds = classifyFailure(apiError(429, '90103', { 'retry-after': '2' }));
    const date = classifyFailure(
      apiError(429, '10011', { 'retry-after': new Date(Date.now() + 3000).toUTCString() }),
    );
    const reset = classifyFailure(apiError(429, '10011', { 'x-ratelimit-reset': '1' }));
    expect(seconds.kind === 'api' && seconds.problem.retryAfterMs).toBe(2000);
    expect(date.kind === 'api' && date.problem.retryAfterMs).toBeGreaterThan(1000);
    expect(reset.kind === 'api' && reset.problem.retryAfterMs).toBe(1000);
  });
});
