import { delayProblem, isDelay } from '../duration';
import type { DropBudget } from '../faultState';
import { closeCodeProblem, refusalProblem } from '../faults';
import type { ClientFilter, EmulatorFaults, FaultSettings } from '../types';
import { BodyError } from './json';

/** The keys of a `POST /v1/emulator/faults` body, in the order they are applied. */
const FAULT_KEYS = [
  'reset',
  'drop',
  'close',
  'stall',
  'malformed',
  'delayReplies',
  'dropReplies',
  'dropEvents',
  'refuseRegistrations',
] as const;

type FaultKey = (typeof FAULT_KEYS)[number];

const FILTER_KEYS = ['clientId', 'sessionId', 'appId'] as const;

/** What `POST /v1/emulator/faults` answers: the counts of socket faults, and the settings now. */
export interface FaultsAnswer {
  /** Present when the body reset every fault first. */
  reset?: true;
  /** Sessions terminated by `drop`. */
  dropped?: number;
  /** Sessions sent a close frame by `close`. */
  closed?: number;
  /** Sessions newly stalled by `stall`. */
  stalled?: number;
  /** Sessions sent the `malformed` payload. */
  malformed?: number;
  /** Every fault in force after the body was applied. */
  faults: FaultSettings;
}

function bad(message: string): BodyError {
  return new BodyError(400, message);
}

/**
 * A client filter from a body value: `true`/`null` = every session, or an object of string
 * `clientId`/`sessionId`/`appId` plus the `extra` keys the fault takes. Anything else is refused,
 * so a typo (`client_id`) cannot widen the filter to every session.
 */
function filterFrom(
  name: string,
  value: unknown,
  extra: readonly string[] = [],
): ClientFilter | undefined {
  if (value === true || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw bad(`${name} must be true, null or a client filter object`);
  }
  const source = value as Record<string, unknown>;
  const filter: ClientFilter = {};
  for (const [key, field] of Object.entries(source)) {
    if (extra.includes(key)) continue;
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw bad(
        `${name}: unknown key ${JSON.stringify(key)} (a filter has clientId, sessionId, appId)`,
      );
    }
    if (typeof field !== 'string') throw bad(`${name}.${key} must be a string`);
    filter[key as (typeof FILTER_KEYS)[number]] = field;
  }
  return filter;
}

function budget(name: string, value: unknown): DropBudget {
  if (value === 'all') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw bad(`${name} must be an integer >= 0 or "all"`);
}

/** Reads an optional field of a fault's object spec. */
function specField(spec: unknown, key: string): unknown {
  return typeof spec === 'object' && spec !== null
    ? (spec as Record<string, unknown>)[key]
    : undefined;
}

/**
 * Validates a whole faults body, then applies it in the order of {@link FAULT_KEYS}: a body
 * with any unknown key or invalid value is refused (400) and changes nothing.
 */
export function applyFaultsBody(
  faults: EmulatorFaults,
  body: Record<string, unknown>,
  maxFieldLength: number,
): FaultsAnswer {
  for (const key of Object.keys(body)) {
    if (!(FAULT_KEYS as readonly string[]).includes(key)) {
      throw bad(`unknown fault: ${key.slice(0, 64)} (known: ${FAULT_KEYS.join(', ')})`);
    }
  }
  const has = (key: FaultKey): boolean => key in body;
  const steps: ((answer: FaultsAnswer) => void)[] = [];

  if (has('reset')) {
    if (typeof body.reset !== 'boolean') throw bad('reset must be a boolean');
    if (body.reset) {
      steps.push((answer) => {
        faults.reset();
        answer.reset = true;
      });
    }
  }
  if (has('drop')) {
    const filter = filterFrom('drop', body.drop);
    steps.push((answer) => {
      answer.dropped = faults.dropClients(filter);
    });
  }
  if (has('close')) {
    const filter = filterFrom('close', body.close, ['code', 'reason']);
    const code = specField(body.close, 'code') ?? 1001;
    const reason = specField(body.close, 'reason') ?? 'emulator fault';
    const codeProblem = closeCodeProblem(code);
    if (codeProblem !== undefined) throw bad(codeProblem);
    if (typeof reason !== 'string') throw bad('close.reason must be a string');
    steps.push((answer) => {
      answer.closed = faults.closeClients(filter, code as number, reason);
    });
  }
  if (has('stall')) {
    const filter = filterFrom('stall', body.stall);
    steps.push((answer) => {
      answer.stalled = faults.stallClients(filter);
    });
  }
  if (has('malformed')) {
    const filter = filterFrom('malformed', body.malformed, ['payload']);
    const payload = specField(body.malformed, 'payload');
    if (payload !== undefined && typeof payload !== 'string') {
      throw bad('malformed.payload must be a string');
    }
    steps.push((answer) => {
      answer.malformed = faults.sendMalformed(filter, payload);
    });
  }
  if (has('delayReplies')) {
    const ms = body.delayReplies;
    if (ms !== null && !isDelay(ms)) throw bad(`${delayProblem('delayReplies', ms)}, or null`);
    steps.push(() => faults.delayReplies(ms as number | null));
  }
  if (has('dropReplies')) {
    const count = budget('dropReplies', body.dropReplies);
    steps.push(() => faults.dropReplies(count));
  }
  if (has('dropEvents')) {
    const count = budget('dropEvents', body.dropEvents);
    steps.push(() => faults.dropEvents(count));
  }
  if (has('refuseRegistrations')) {
    const error = body.refuseRegistrations;
    const problem = refusalProblem(error, maxFieldLength);
    if (problem !== undefined) throw bad(problem);
    steps.push(() => faults.refuseRegistrations(error as string | null));
  }

  const answer: FaultsAnswer = { faults: faults.settings() };
  for (const step of steps) step(answer);
  answer.faults = faults.settings();
  // `faults` last, after the counts, for readability of the JSON.
  const { faults: settings, ...counts } = answer;
  return { ...counts, faults: settings };
}
