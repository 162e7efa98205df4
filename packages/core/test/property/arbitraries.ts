import fc from 'fast-check';

/*
 * Generators of what a Call Manager (or anything pretending to be one) can put on the socket.
 * Identifiers come from small pools, so generated events keep hitting the calls generated dials
 * and offers created: random ids alone would almost never touch a tracked call.
 */

/** Call ids, including the empty one of early outbound events and a composite key. */
export const callIds = ['c1', 'c2', 'c3', 'c4', '', 'app:ch1:1', 'app:ch2:2'] as const;
export const channels = ['ch1', 'ch2', 'ch3'] as const;
export const uids = ['1', '2', '3'] as const;

const knownEvents = [
  'call_incoming',
  'call_initiated',
  'call_ringing',
  'call_answered',
  'agora_bridge_start',
  'agora_bridge_end',
  'agora_bridge_failed',
  'call_hangup',
  'dtmf_received',
] as const;

/** Any JSON value, small. */
export const jsonValue = fc.jsonValue({ maxDepth: 2 });

/** Values that do not belong where a string or number is expected. */
const oddValues: readonly unknown[] = [
  42,
  null,
  true,
  {},
  [],
  '',
  -1,
  1.5,
  { a: [1] },
  'x'.repeat(300),
];

const eventNames = [...knownEvents, ...knownEvents, 'call_parked', 'future_event', ''];

/**
 * Picks entry `index` of `usual`; past its end, an odd value; at `usual.length` exactly, absent.
 * One small number per field keeps generation cheap (tens of thousands of frames per run) while
 * still shrinking towards the simplest frame.
 */
function field(usual: readonly unknown[], index: number): unknown {
  if (index < usual.length) return usual[index];
  if (index === usual.length) return undefined;
  return oddValues[(index - usual.length - 1) % oddValues.length];
}

const eventFields = [
  ['event', eventNames],
  ['callid', callIds],
  ['channel', channels],
  ['uid', [...uids, 0, 3]],
  ['appid', ['app', 'other', '']],
  ['from', ['+15550001111', '+15550002222']],
  ['to', ['+18005551234', '+18007771234']],
  ['direction', ['inbound', 'outbound']],
  ['digits', ['1', '#', '123', '9*']],
  ['hangup_cause', ['NORMAL_CLEARING', 'USER_BUSY', 'NO_ANSWER']],
  ['duration', [12, '12', 0]],
  ['rebridge', [true, false, 'true']],
] as const;

/**
 * A CM event frame: mostly well formed, about the pooled calls, sometimes mangled. Each field is
 * one small number (see `field`): usually a pooled value, sometimes absent, rarely odd.
 */
export const eventFrame: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    ...eventFields.map(([, usual]) =>
      fc.oneof(
        { weight: 6, arbitrary: fc.nat(usual.length - 1) },
        { weight: 3, arbitrary: fc.constant(usual.length) },
        { weight: 1, arbitrary: fc.integer({ min: usual.length + 1, max: usual.length + 10 }) },
      ),
    ),
  )
  .map((indexes) => {
    const frame: Record<string, unknown> = {};
    eventFields.forEach(([name, usual], at) => {
      const value = field(usual, indexes[at] ?? usual.length);
      if (value !== undefined) frame[name] = value;
    });
    return frame;
  });

/** Shapes of a reply: right, refused, or wrong (see {@link replyOf}). */
export const REPLY_SHAPES = 10;

/**
 * The reply of shape `shape` to a command with `action`, naming `callid` where it names one:
 * right (0-3), refused by the server (4-5), or of the wrong shape (6-9).
 */
export function replyOf(
  shape: number,
  action: string,
  requestId: string,
  callid: string,
): Record<string, unknown> {
  const bodies: Record<string, unknown>[] = [
    { response: action, status_code: 200, data: { success: true, callid } },
    { response: action, status_code: 200, data: { success: true, callid } },
    { response: action, status_code: 200, data: { success: true, callid, gateway_ip: '10.0.0.1' } },
    { response: action, status_code: 200, data: { success: true } },
    { error: 'callid not found' },
    { response: action, status_code: 503, data: { success: false, error: 'No resource' } },
    { response: action, status_code: '500', data: { success: true } },
    { response: action, status_code: 200, data: { success: 'false' } },
    { response: 'not-this-action', status_code: 200, data: { success: true } },
    { error: { nested: true }, data: 'ok' },
  ];
  return { ...(bodies[shape % bodies.length] ?? {}), request_id: requestId };
}

/** Any reply frame to `action`, for the decoder's own property. */
export function replyFrame(
  action: string,
  requestId: string,
): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    fc
      .tuple(fc.nat(REPLY_SHAPES - 1), fc.constantFrom(...callIds))
      .map(([shape, callid]) => replyOf(shape, action, requestId, callid)),
    fc
      .dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 4 })
      .map((reply) => ({ ...reply, request_id: requestId })),
  );
}

/** Text that is not a JSON object, or not JSON at all; or a binary frame. */
export const garbageFrame: fc.Arbitrary<string | ArrayBuffer> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('{"event":', '[]', 'null', '42', '"call_hangup"', '{}'),
  jsonValue.map((value) => JSON.stringify(value) ?? 'undefined'),
  fc.uint8Array({ maxLength: 16 }).map((bytes) => bytes.slice().buffer),
);

/** A frame the decoder may ever be handed: events, replies, handshake messages, anything. */
export const anyObjectFrame: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 4, arbitrary: eventFrame },
  { weight: 2, arbitrary: replyFrame('outbound', 'outbound_x') },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom('event', 'callid', 'request_id', 'status', 'data', 'x', '__proto__'),
      jsonValue,
    ),
  },
);
