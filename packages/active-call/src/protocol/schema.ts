import { isPlainObject } from '@callstream/core/engine';
import { acError } from '../codes';

/**
 * How one field of an option object or command is checked and written. `wire` is its name on
 * the wire when that differs from the TypeScript name.
 */
export type FieldRule = { readonly wire?: string } & (
  | { readonly kind: 'string'; readonly max?: number; readonly nonEmpty?: boolean }
  | { readonly kind: 'bool' }
  | { readonly kind: 'uint' }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'number' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'map' }
  | { readonly kind: 'list' }
  | { readonly kind: 'json' }
  | { readonly kind: 'jsonList' }
  | { readonly kind: 'object'; readonly schema: Schema }
);

/** The fields of an object, and which must be present. */
export interface Schema {
  /** Its name in messages (`CallOption`, `tts`, …). */
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldRule>>;
  readonly required?: readonly string[];
}

/** Longest string field, in characters (SDP offers and TTS text have their own limits). */
export const MAX_STRING = 64 * 1024;
/** Most entries in a string map or list. */
const MAX_ENTRIES = 256;
/** Largest free-form JSON value (`realtime.turnDetection`, `tools`), serialised. */
const MAX_JSON_CHARS = 256 * 1024;
/** Largest unsigned integer the server's u32 fields take. */
const MAX_U32 = 4_294_967_295;
/** Nesting depth of option objects (`refer.options.sip.headers` is the deepest). */
const MAX_DEPTH = 8;

function invalid(message: string): Error {
  return acError('invalid-argument', message);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? 'a string' : typeof value;
}

/** Throws unless `value` is a plain object (not null, not an array). */
export function requirePlainObject(value: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw invalid(`${path} must be an object (got ${describe(value)})`);
  }
  return value as Record<string, unknown>;
}

function stringMap(value: unknown, path: string): Record<string, string> {
  const map = requirePlainObject(value, path);
  const entries = Object.entries(map);
  if (entries.length > MAX_ENTRIES) throw invalid(`${path} has more than ${MAX_ENTRIES} entries`);
  const out: Record<string, string> = {};
  for (const [key, item] of entries) {
    if (typeof item !== 'string') {
      throw invalid(`${path}.${key} must be a string (got ${describe(item)})`);
    }
    if (key.length > MAX_STRING || item.length > MAX_STRING) {
      throw invalid(`${path}.${key} is longer than ${MAX_STRING} characters`);
    }
    out[key] = item;
  }
  return out;
}

function jsonValue(value: unknown, path: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw acError('invalid-argument', `${path} must be JSON-serialisable`, { cause });
  }
  if (text === undefined) throw invalid(`${path} must be a JSON value (got ${describe(value)})`);
  if (text.length > MAX_JSON_CHARS) {
    throw invalid(`${path} is larger than ${MAX_JSON_CHARS} characters of JSON`);
  }
  return JSON.parse(text);
}

/** Checks one field and returns what goes on the wire. */
function field(rule: FieldRule, value: unknown, path: string, depth: number): unknown {
  switch (rule.kind) {
    case 'string': {
      if (typeof value !== 'string') {
        throw invalid(`${path} must be a string (got ${describe(value)})`);
      }
      if (rule.nonEmpty && value.trim() === '') throw invalid(`${path} must not be empty`);
      const max = rule.max ?? MAX_STRING;
      if (value.length > max) throw invalid(`${path} is longer than ${max} characters`);
      return value;
    }
    case 'bool':
      if (typeof value !== 'boolean') {
        throw invalid(`${path} must be true or false (got ${describe(value)})`);
      }
      return value;
    case 'uint':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_U32) {
        throw invalid(`${path} must be a whole number from 0 to ${MAX_U32} (got ${String(value)})`);
      }
      return value;
    case 'int':
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < rule.min ||
        value > rule.max
      ) {
        throw invalid(
          `${path} must be a whole number from ${rule.min} to ${rule.max} (got ${String(value)})`,
        );
      }
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw invalid(`${path} must be a finite number (got ${describe(value)})`);
      }
      return value;
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        throw invalid(
          `${path} must be one of ${rule.values.join(', ')} (got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : describe(value)})`,
        );
      }
      return value;
    case 'map':
      return stringMap(value, path);
    case 'list': {
      if (!Array.isArray(value)) throw invalid(`${path} must be an array of strings`);
      if (value.length > MAX_ENTRIES) throw invalid(`${path} has more than ${MAX_ENTRIES} items`);
      return value.map((item, index) =>
        field({ kind: 'string' }, item, `${path}[${index}]`, depth),
      );
    }
    case 'json':
      return jsonValue(value, path);
    case 'jsonList':
      if (!Array.isArray(value)) throw invalid(`${path} must be an array`);
      return jsonValue(value, path);
    case 'object':
      return encodeObject(rule.schema, value, path, depth + 1);
  }
}

/**
 * Checks `value` against `schema` and returns the object to send: fields under their wire
 * names, undefined ones left out. Unknown fields are refused (a typo would otherwise be
 * silently ignored by the server). Throws `invalid-argument` naming the field.
 */
export function encodeObject(
  schema: Schema,
  value: unknown,
  path: string,
  depth = 0,
): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw invalid(`${path} is nested too deeply`);
  const input = requirePlainObject(value, path);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(input)) {
    const rule = Object.hasOwn(schema.fields, key) ? schema.fields[key] : undefined;
    if (rule === undefined) {
      throw invalid(
        `${path}.${key.slice(0, 60)} is not a field of ${schema.name} (known: ${Object.keys(schema.fields).join(', ')})`,
      );
    }
    if (item === undefined) continue;
    out[rule.wire ?? key] = field(rule, item, `${path}.${key}`, depth);
  }
  for (const key of schema.required ?? []) {
    if (input[key] === undefined) throw invalid(`${path}.${key} is required`);
  }
  return out;
}
