import { describe, expect, it } from 'vitest';
import { judgeReply } from '../../src/cm/protocol/replies';
import { CallstreamError, CommandError, ProtocolError } from '../../src/errors';

describe('judgeReply: one rule for every command (W7)', () => {
  it('accepts a 200 reply with success true', () => {
    const reply = judgeReply(
      {
        response: 'outbound',
        status_code: 200,
        data: { success: true, callid: 'A' },
        request_id: 'r1',
      },
      'outbound',
      'r1',
    );
    expect(reply).not.toBeInstanceOf(Error);
    expect(reply).toMatchObject({ data: { callid: 'A' }, statusCode: 200 });
  });

  it.each([
    [{ error: 'appid required in MULTI mode', request_id: 'r' }, 'appid-required', undefined],
    [{ status_code: 404, data: { success: false }, request_id: 'r' }, 'call-not-found', 404],
    [
      { response: 'accept', error: 'callid not found', request_id: 'r' },
      'call-not-found',
      undefined,
    ],
    [
      {
        status_code: 503,
        data: { success: false, error: 'No resource currently available' },
        request_id: 'r',
      },
      'no-resource',
      503,
    ],
    [
      { status_code: 200, data: { success: false, reason: 'Busy' }, request_id: 'r' },
      'command-failed',
      200,
    ],
    [{ status_code: 500, data: {}, request_id: 'r' }, 'command-failed', 500],
  ])('rejects %j as %s', (frame, code, statusCode) => {
    const error = judgeReply(frame, 'accept', 'r');
    expect(error).toBeInstanceOf(CallstreamError);
    const typed = error as CallstreamError;
    expect(typed.code).toBe(code);
    expect(typed.requestId).toBe('r');
    expect(typed.statusCode).toBe(statusCode);
    expect(typed.serverError).toBeTruthy();
    expect(typed.action).toBe('accept');
  });

  it('uses CommandError for server rejections', () => {
    expect(judgeReply({ error: 'boom', request_id: 'r' }, 'hangup', 'r')).toBeInstanceOf(
      CommandError,
    );
  });
});

/** Issue 11, finding 5: a reply of the wrong shape is a protocol error, never a success. */
describe('judgeReply: strict shapes', () => {
  it.each([
    ['status_code as a string', { status_code: '500', data: { success: true } }],
    ['status_code as a fraction', { status_code: 200.5 }],
    ['data.success as a string', { status_code: 200, data: { success: 'false' } }],
    ['data.success as a number', { status_code: 200, data: { success: 0 } }],
    ['data as a string', { status_code: 200, data: 'ok' }],
    ['data as an array', { status_code: 200, data: [] }],
    ['response naming another action', { response: 'hangup', status_code: 200, data: {} }],
    ['response as a number', { response: 7, status_code: 200 }],
    ['error as an object', { error: { message: 'no' } }],
  ])('%s: ProtocolError malformed-frame', (_label, fields) => {
    const judged = judgeReply({ ...fields, request_id: 'r' }, 'accept', 'r');
    expect(judged).toBeInstanceOf(ProtocolError);
    expect(judged).toMatchObject({ code: 'malformed-frame', requestId: 'r', action: 'accept' });
  });

  it('a well-formed reply without response (a CM-level refusal) is still judged', () => {
    expect(judgeReply({ error: 'callid not found', request_id: 'r' }, 'accept', 'r')).toMatchObject(
      { code: 'call-not-found' },
    );
    expect(judgeReply({ request_id: 'r' }, 'subscribe', 'r')).not.toBeInstanceOf(Error);
  });
});
