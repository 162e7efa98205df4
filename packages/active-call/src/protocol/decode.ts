import type { AcEventName, ActiveCallEvent } from './events';

/** What a field of an event must be when present. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'object';

/** The fields an event of the catalogue must have, and the kinds of those it may have. */
export interface EventSpec {
  /** Fields that must be present, with their kind. */
  readonly required?: Readonly<Record<string, FieldKind>>;
  /** Fields that, when present, must be of this kind. */
  readonly optional?: Readonly<Record<string, FieldKind>>;
}

const common: Readonly<Record<string, FieldKind>> = { trackId: 'string', timestamp: 'number' };
const asr: EventSpec = {
  required: { index: 'number', text: 'string' },
  optional: {
    startTime: 'number',
    endTime: 'number',
    isFiller: 'boolean',
    confidence: 'number',
    taskId: 'string',
  },
};

/**
 * The event table of reference §5.1: every name the SDK knows, with the fields it relies on.
 * One table serves the decoder and the docs (docs/active-call.md lists the same names).
 */
export const EVENT_SPECS: Readonly<Record<AcEventName, EventSpec>> = {
  answer: { optional: { sdp: 'string', refer: 'boolean' } },
  reject: { required: { reason: 'string' }, optional: { code: 'number', refer: 'boolean' } },
  ringing: { optional: { earlyMedia: 'boolean', refer: 'boolean' } },
  hangup: {
    optional: {
      reason: 'string',
      initiator: 'string',
      startTime: 'string',
      hangupTime: 'string',
      answerTime: 'string',
      ringingTime: 'string',
      from: 'object',
      to: 'object',
      extra: 'object',
      refer: 'boolean',
    },
  },
  trackStart: { required: { trackId: 'string' }, optional: { playId: 'string' } },
  trackEnd: {
    required: { trackId: 'string' },
    optional: { duration: 'number', ssrc: 'number', playId: 'string' },
  },
  interruption: {
    required: { trackId: 'string' },
    optional: {
      playId: 'string',
      subtitle: 'string',
      position: 'number',
      totalDuration: 'number',
      current: 'number',
    },
  },
  speaking: { optional: { startTime: 'number', isFiller: 'boolean', confidence: 'number' } },
  silence: { optional: { startTime: 'number', duration: 'number' } },
  asrDelta: asr,
  asrFinal: asr,
  dtmf: { required: { digit: 'string' } },
  metrics: { required: { key: 'string' }, optional: { duration: 'number' } },
  error: { required: { sender: 'string', error: 'string' }, optional: { code: 'number' } },
  addHistory: { required: { speaker: 'string', text: 'string' }, optional: { sender: 'string' } },
  hold: { required: { onHold: 'boolean' } },
  inactivity: {},
  functionCall: {
    required: { name: 'string' },
    optional: { callId: 'string', arguments: 'string' },
  },
  interrupt: { optional: { receiver: 'string' } },
  eou: { required: { completed: 'boolean' } },
  incoming: { optional: { caller: 'string', callee: 'string', sdp: 'string' } },
  answerMachineDetection: {
    optional: { startTime: 'number', endTime: 'number', text: 'string' },
  },
  other: { optional: { sender: 'string', extra: 'object' } },
  llmFinal: { optional: { text: 'string' } },
  llmDelta: { optional: { word: 'string' } },
  custom: {},
  ringbackState: {
    optional: {
      state: 'string',
      stateIndex: 'number',
      confidence: 'number',
      prevState: 'string',
      prevConfidence: 'number',
      refer: 'boolean',
    },
  },
};

/** The decoder's verdict on one text frame. */
export type DecodedFrame =
  | {
      /** The frame is an event. */
      readonly ok: true;
      /** The event (typed when the catalogue knows it, passed through otherwise). */
      readonly event: ActiveCallEvent;
    }
  | {
      /** The frame is not an event. */
      readonly ok: false;
      /** Why, for `malformed-frame` errors. */
      readonly reason: string;
    };

/** Longest event name quoted back in an error. */
const MAX_NAME_PREVIEW = 40;

/** One field check of an event name, precomputed from {@link EVENT_SPECS}. */
interface FieldCheck {
  readonly field: string;
  readonly kind: FieldKind;
  readonly required: boolean;
}

/**
 * Every name's checks as a flat list (the common fields first, then the required, then the
 * optional ones, as the spec lists them): built once, so decoding a frame walks an array instead
 * of building `Object.entries` of three records per frame.
 */
const CHECKS: ReadonlyMap<string, readonly FieldCheck[]> = new Map(
  Object.entries(EVENT_SPECS).map(([name, spec]): [string, readonly FieldCheck[]] => {
    const checks: FieldCheck[] = [];
    for (const [field, kind] of Object.entries(common)) {
      if (spec.required?.[field] === undefined) checks.push({ field, kind, required: false });
    }
    for (const [field, kind] of Object.entries(spec.required ?? {})) {
      checks.push({ field, kind, required: true });
    }
    for (const [field, kind] of Object.entries(spec.optional ?? {})) {
      checks.push({ field, kind, required: false });
    }
    return [name, checks];
  }),
);

function kindOf(value: unknown): FieldKind | 'null' | 'array' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'boolean' || type === 'object') return type;
  if (type === 'number') return Number.isFinite(value) ? 'number' : 'other';
  return 'other';
}

function checkField(
  frame: Readonly<Record<string, unknown>>,
  { field, kind, required }: FieldCheck,
): string | undefined {
  if (!Object.hasOwn(frame, field)) return required ? `lacks "${field}"` : undefined;
  const actual = kindOf(frame[field]);
  return actual === kind ? undefined : `has "${field}" of type ${actual}, expected ${kind}`;
}

function isKnownName(name: string): name is AcEventName {
  return Object.hasOwn(EVENT_SPECS, name);
}

/**
 * Decodes one server JSON object into an event. Total: never throws, whatever the input. A
 * frame without a string `event`, or a known event whose fields have the wrong types, is
 * refused with a reason (the caller reports it and keeps the session); an unknown name passes
 * through untouched with `unknown: true`. The Go-era `eou.complete` is read as `completed`.
 * The event is a frozen copy: `frame` itself is left as it is.
 */
export function decodeEvent(frame: Readonly<Record<string, unknown>>): DecodedFrame {
  const decoded = decodeOwnedFrame({ ...frame });
  return typeof decoded === 'string'
    ? { ok: false, reason: decoded }
    : { ok: true, event: decoded };
}

/**
 * {@link decodeEvent} for a frame nobody else holds (fresh from the transport's `JSON.parse`):
 * the frame itself becomes the frozen event (no copy, no result wrapper, per frame). Returns
 * the reason when the frame is refused.
 */
export function decodeOwnedFrame(frame: Record<string, unknown>): ActiveCallEvent | string {
  const name = frame.event;
  if (typeof name !== 'string' || name === '') return 'the frame has no "event" name';
  const checks = CHECKS.get(name);
  if (checks === undefined) {
    return deepFreeze({ ...frame, event: name, unknown: true as const });
  }
  let fields = frame;
  if (name === 'eou' && !Object.hasOwn(frame, 'completed') && Object.hasOwn(frame, 'complete')) {
    const { complete, ...rest } = frame;
    fields = { ...rest, completed: complete };
  }
  let problems: string[] | undefined;
  for (const check of checks) {
    const problem = checkField(fields, check);
    if (problem === undefined) continue;
    problems ??= [];
    problems.push(problem);
  }
  if (problems !== undefined) {
    const shown = name.length > MAX_NAME_PREVIEW ? `${name.slice(0, MAX_NAME_PREVIEW)}…` : name;
    return `the "${shown}" event ${problems.join(', ')}`;
  }
  return deepFreeze(fields) as ActiveCallEvent;
}

/**
 * Freezes a parsed JSON value and everything in it (it is acyclic and fresh from the parser).
 * A `for…in` over own JSON keys: no `Object.values` array per object, no call per primitive.
 */
function deepFreeze<T extends object>(value: T, depth = 0): T {
  if (depth <= 32) {
    for (const key in value) {
      const item: unknown = value[key];
      if (typeof item === 'object' && item !== null && !Object.isFrozen(item)) {
        deepFreeze(item, depth + 1);
      }
    }
  }
  return Object.freeze(value);
}

/** Whether `event` is one this SDK does not know (its `event` name is kept). */
export function isUnknownEvent(
  event: ActiveCallEvent,
): event is Extract<ActiveCallEvent, { readonly unknown: true }> {
  return (event as { unknown?: unknown }).unknown === true && !isKnownName(event.event);
}
