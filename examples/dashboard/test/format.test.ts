import { type Call, type CallEvent, CommandError, ValidationError } from '@callstream/core';
import { describe, expect, it } from 'vitest';
import {
  describeError,
  describeEvent,
  describeState,
  formatClock,
  formatDuration,
  shortId,
} from '../src/format';

const call: Call = {
  callId: '4f1c2a9e-0000-4000-8000-000000000001',
  state: 'bridged',
  direction: 'inbound',
  from: '+14155550100',
  to: '+18005551234',
  channel: 'in-4f1c2a9e',
  uid: '100',
  appId: 'app',
  createdAt: 0,
  updatedAt: 0,
  timestamps: {},
};
const base = { callId: call.callId, call, receivedAt: 0, raw: {} };

describe('format', () => {
  it('shortens call ids to 8 characters', () => {
    expect(shortId(call.callId)).toBe('4f1c2a9e');
    expect(shortId('abc')).toBe('abc');
  });

  it('formats durations as m:ss, then h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(-500)).toBe('0:00');
    expect(formatDuration(61_999)).toBe('1:01');
    expect(formatDuration(3_600_000 + 5_000)).toBe('1:00:05');
  });

  it('formats clock times with milliseconds', () => {
    expect(formatClock(new Date(2026, 0, 2, 3, 4, 5, 67).getTime())).toBe('03:04:05.067');
  });

  it('keeps the typed code of SDK errors', () => {
    expect(describeError(new ValidationError('invalid-argument', 'dial: to is required'))).toEqual({
      code: 'invalid-argument',
      message: 'dial: to is required',
    });
    expect(describeError(new CommandError('call-not-found', 'gone')).code).toBe('call-not-found');
    expect(describeError(new Error('boom'))).toEqual({ code: 'unexpected', message: 'boom' });
    expect(describeError('text')).toEqual({ code: 'unexpected', message: 'text' });
  });

  it('describes each connection state', () => {
    expect(describeState({ status: 'idle' })).toBe('not connected');
    expect(describeState({ status: 'connecting', attempt: 1 })).toBe('attempt 1');
    expect(
      describeState({ status: 'connected', sessionId: 'abcdef0123456789', reconnects: 2 }),
    ).toBe('session abcdef01, 2 reconnect(s)');
    expect(describeState({ status: 'reconnecting', attempt: 3, delayMs: 1500, error: null })).toBe(
      'attempt 3 in 1.5 s',
    );
    expect(
      describeState({ status: 'closed', error: new ValidationError('invalid-argument', 'x') }),
    ).toBe('stopped: invalid-argument');
  });

  it('describes events for the log', () => {
    const events: [CallEvent, string][] = [
      [{ ...base, type: 'incoming' }, '+14155550100 → +18005551234'],
      [{ ...base, type: 'bridged', rebridge: false }, 'channel in-4f1c2a9e uid 100'],
      [{ ...base, type: 'dtmf', digits: '12#' }, 'digits 12#'],
      [
        { ...base, type: 'hangup', hangupCause: 'NORMAL_CLEARING', billsec: 4 },
        'NORMAL_CLEARING, billsec 4',
      ],
      [{ ...base, type: 'removed', reason: 'hangup' }, 'left the table: hangup'],
      [
        { callId: call.callId, receivedAt: 0, raw: {}, type: 'unknown', event: 'call_parked' },
        'unknown event call_parked',
      ],
    ];
    for (const [event, text] of events) expect(describeEvent(event)).toBe(text);
  });
});
