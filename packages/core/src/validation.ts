import { ValidationError } from './errors';

const e164ish = /^\+?[0-9]{3,15}$/;
const dialTarget = /^\+?[0-9]{3,15}(;dtmf=[0-9*#wW]+)?$/;
const sipUri = /^sips?:[^\s@]+@[^\s]+$/;
const punctuation = /[\s().-]/g;

/** DTMF alphabet of the Call Manager. Other backends may add `A-D`. */
export const CM_DTMF_ALPHABET = '0123456789*#';

/** Longest digit string sent in one `send_dtmf`. */
export const MAX_DTMF_LENGTH = 64;

function invalid(message: string): ValidationError {
  return new ValidationError('invalid-argument', message);
}

/**
 * The error of every "wrong kind of value" check, in one phrase: `<name> must be <what> (got
 * <value>)`, the value described by {@link describeValue} (never a secret's content) unless `got`
 * describes it.
 */
export function mustBe(
  name: string,
  what: string,
  value: unknown,
  got = describeValue(value),
): ValidationError {
  return invalid(`${name} must be ${what} (got ${got})`);
}

/** Throws unless `value` is a non-empty string (after trimming). */
export function requireText(value: unknown, name: string, max = 256): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${name} is required and must be a non-empty string`);
  }
  if (value.length > max) throw invalid(`${name} is longer than ${max} characters`);
  return value;
}

const phoneExample = 'a phone number like +15551234567';

/** Throws unless `value` is an E.164-ish phone number; returns it with punctuation removed. */
export function requirePhoneNumber(value: unknown, name: string): string {
  const text = requireText(value, name).replace(punctuation, '');
  if (!e164ish.test(text)) throw mustBe(name, phoneExample, value);
  return text;
}

/** Throws unless `value` is a dialable target: an E.164-ish number (optionally `;dtmf=…`) or a SIP URI. */
export function requireDialTarget(value: unknown, name: string): string {
  const raw = requireText(value, name);
  if (sipUri.test(raw)) return raw;
  const text = raw.replace(punctuation, '');
  if (!dialTarget.test(text)) {
    // `raw` is a string of at most 256 characters here: echoed as it is.
    throw invalid(
      `${name} must be ${phoneExample} (optionally ;dtmf=123#) or a sip: URI (got ${JSON.stringify(raw)})`,
    );
  }
  return text;
}

/** Throws unless `digits` is a non-empty DTMF string over `alphabet`. */
export function requireDtmf(digits: unknown, alphabet = CM_DTMF_ALPHABET): string {
  const text = requireText(digits, 'digits', MAX_DTMF_LENGTH);
  for (const char of text) {
    if (!alphabet.includes(char)) {
      throw invalid(
        `digits may only contain ${alphabet.split('').join(' ')} (got ${JSON.stringify(char)})`,
      );
    }
  }
  return text;
}

/** Throws unless `uid` is a non-negative integer (number or digit string); returns it as a string. */
export function requireUid(uid: unknown, name = 'uid'): string {
  const text = typeof uid === 'number' ? String(uid) : uid;
  if (typeof text !== 'string' || !/^[0-9]{1,10}$/.test(text) || Number(text) > 4294967295) {
    throw mustBe(name, 'an integer from 0 to 4294967295', uid);
  }
  return text;
}

/** Throws unless `channel` is a valid media channel name (1–64 printable characters). */
export function requireChannel(channel: unknown, name = 'channel'): string {
  const text = requireText(channel, name, 64);
  if (!/^[\x20-\x7e]+$/.test(text))
    throw invalid(`${name} may only contain printable ASCII characters`);
  return text;
}

/** Longest delay a JavaScript timer supports (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Throws unless `value` is a usable timeout: a positive number of ms up to {@link MAX_TIMER_MS},
 * or `Infinity` when `allowInfinite` (no timer at all).
 */
export function requireTimeout(value: unknown, name: string, allowInfinite = false): number {
  const ok =
    typeof value === 'number' &&
    value > 0 &&
    (value <= MAX_TIMER_MS || (allowInfinite && value === Number.POSITIVE_INFINITY));
  if (!ok) {
    const range = `1 to ${MAX_TIMER_MS} ms${allowInfinite ? ', or Infinity' : ''}`;
    throw invalid(`${name} must be ${range} (got ${String(value)})`);
  }
  return value;
}

/** Normalises a DID list for subscribe/register: each entry must be a phone number. */
export function requireNumberList(numbers: unknown, name: string): string[] {
  if (!Array.isArray(numbers)) throw mustBe(name, 'an array of phone numbers', numbers);
  return numbers.map((number, index) => requirePhoneNumber(number, `${name}[${index}]`));
}

/**
 * Throws unless `value` is undefined or a string of at most `max` characters; returns it. `got`
 * describes a wrong value instead of {@link describeValue} (a secret's type only, say).
 */
export function optionalString(
  value: unknown,
  name: string,
  max = 256,
  got?: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw mustBe(name, 'a string', value, got);
  if (value.length > max) throw invalid(`${name} is longer than ${max} characters`);
  return value;
}

/** Throws unless `value` is undefined or a non-empty string of at most `max` characters. */
export function optionalText(value: unknown, name: string, max = 256): string | undefined {
  return value === undefined ? undefined : requireText(value, name, max);
}

/** Throws unless `value` is undefined or a boolean. */
export function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw mustBe(name, 'true or false', value);
}

/** Whether `value` is a plain object (not null, not an array): the one test every check uses. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws unless `value` is a plain object (not null, not an array). */
export function requireObject(value: unknown, name: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw mustBe(name, 'an object', value);
  return value;
}

/**
 * Throws unless `value` looks like an `AbortSignal`: an `aborted` flag and `addEventListener` /
 * `removeEventListener` (checked by shape, so a signal from another realm or polyfill works).
 */
export function requireAbortSignal(value: unknown, name: string): AbortSignal {
  const candidate = value as Partial<AbortSignal> | null;
  const ok =
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.aborted === 'boolean' &&
    typeof candidate.addEventListener === 'function' &&
    typeof candidate.removeEventListener === 'function';
  if (!ok) throw mustBe(name, 'an AbortSignal', value);
  return value as AbortSignal;
}

/** A command's `{ signal?, timeoutMs? }` once checked. */
export interface CheckedCommandOptions {
  /** Gives up waiting for the reply when aborted. */
  readonly signal?: AbortSignal;
  /** Reply timeout in ms (`Infinity`: none); the client's default when absent. */
  readonly timeoutMs?: number;
}

/**
 * Checks the last `options` argument of a command: undefined or an object whose `signal` is an
 * AbortSignal and whose `timeoutMs` is a usable timeout (Infinity allowed). Checked before
 * anything is sent or any timer starts.
 */
export function requireCommandOptions(options: unknown, command: string): CheckedCommandOptions {
  if (options === undefined) return {};
  const { signal, timeoutMs } = requireObject(options, `${command}: options`);
  return {
    ...(signal === undefined ? {} : { signal: requireAbortSignal(signal, `${command}: signal`) }),
    ...(timeoutMs === undefined
      ? {}
      : { timeoutMs: requireTimeout(timeoutMs, `${command}: timeoutMs`, true) }),
  };
}

/** A short, secret-free description of a value for error messages (its type, never its content). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return value.length <= 40 ? JSON.stringify(value) : 'a long string';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}
