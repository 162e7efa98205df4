import fc from 'fast-check';
import { describe, it } from 'vitest';
import { classifyFrame, decodeEvent } from '../../src/cm/protocol/decode';
import { judgeReply } from '../../src/cm/protocol/replies';
import { isKnownWireEvent } from '../../src/cm/protocol/wire';
import { CallstreamError } from '../../src/errors';
import { anyObjectFrame } from './arbitraries';

/** Frames per property here; the client property adds at least 70,000 more (100,000 in all). */
const RUNS = 15_000;

/** A plain assertion: fast enough to run on every generated frame. */
function check(ok: boolean, what: string, frame: unknown): void {
  if (!ok) throw new Error(`${what}: ${JSON.stringify(frame)}`);
}

describe('CM decoder, property-based', () => {
  it(`classifies and decodes any object frame without throwing (${RUNS} frames)`, () => {
    fc.assert(
      fc.property(anyObjectFrame, (frame) => {
        const kind = classifyFrame(frame);
        check(['reply', 'event', 'status', 'other'].includes(kind), 'unknown kind', frame);
        const decoded = decodeEvent(frame);
        if (typeof decoded === 'string') {
          check(decoded.length > 0, 'empty problem description', frame);
          return;
        }
        check(typeof decoded.event === 'string' && decoded.event !== '', 'no event name', frame);
        check(decoded.known === isKnownWireEvent(decoded.event), 'known flag wrong', frame);
        check(typeof decoded.wireCallId === 'string', 'callid not a string', frame);
        const { channel, uid, from, to, direction, appId } = decoded;
        for (const value of [channel, uid, from, to, direction, appId]) {
          check(
            value === undefined || (typeof value === 'string' && value !== ''),
            'a call field is not text',
            frame,
          );
        }
        for (const value of [decoded.details.duration, decoded.details.billsec]) {
          check(value === undefined || Number.isFinite(value), 'a number is not finite', frame);
        }
        check(decoded.raw === frame, 'raw is not the frame', frame);
      }),
      { numRuns: RUNS },
    );
  });

  it(`judges any reply as a reply or a typed error, never a throw (${RUNS} frames)`, () => {
    fc.assert(
      fc.property(
        anyObjectFrame,
        fc.constantFrom('outbound', 'accept', 'hangup'),
        (frame, action) => {
          const judged = judgeReply(frame, action, 'r-1');
          if (judged instanceof Error) {
            check(judged instanceof CallstreamError, 'untyped error', frame);
            check(judged.requestId === 'r-1' && judged.action === action, 'error context', frame);
            return;
          }
          // A success always has a well-formed shape.
          const { data, statusCode } = judged;
          check(typeof data === 'object' && data !== null, 'data is not an object', frame);
          check(statusCode === undefined || Number.isInteger(statusCode), 'odd status', frame);
          check(statusCode === undefined || statusCode < 400, 'a failure judged a success', frame);
          check(data.success === undefined || data.success === true, 'success not true', frame);
          check(frame.response === undefined || frame.response === action, 'other action', frame);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
