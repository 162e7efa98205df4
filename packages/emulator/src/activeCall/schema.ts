/**
 * A tiny structural checker that mirrors what the server's serde definitions accept: a field of
 * the wrong JSON type makes the whole command unparseable (and silently dropped), a missing
 * optional field or an explicit `null` for it is fine, unknown fields are ignored.
 */

/** What a field must hold. */
export type FieldKind =
  | 'string'
  | 'bool'
  /** A non-negative integer (serde `u32`/`u64`). */
  | 'uint'
  /** Any integer (serde `i32`). */
  | 'int'
  /** Any finite number (serde `f32`). */
  | 'number'
  /** A string or a non-negative integer (fields whose type changed between versions). */
  | 'stringOrUint'
  /** A JSON object of string values. */
  | 'stringMap'
  /** A JSON array of strings. */
  | 'stringArray'
  /** Any JSON object. */
  | 'object'
  /** Any JSON value. */
  | 'any'
  | Shape;

/** A field's kind and whether it must be present. */
export interface FieldSpec {
  kind: FieldKind;
  required: boolean;
}

/** The fields of an object. */
export type Shape = { readonly [field: string]: FieldSpec };

/** A field that may be absent or null. */
export const opt = (kind: FieldKind): FieldSpec => ({ kind, required: false });
/** A field that must be present and not null. */
export const req = (kind: FieldKind): FieldSpec => ({ kind, required: true });

/** Whether `value` is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matches(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'uint':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'int':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'stringOrUint':
      return typeof value === 'string' || (Number.isSafeInteger(value) && (value as number) >= 0);
    case 'stringMap':
      return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
    case 'stringArray':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'object':
      return isRecord(value);
    case 'any':
      return true;
    default:
      return isRecord(value) && conforms(value, kind);
  }
}

/** Whether `value` satisfies `shape` (recursively). */
export function conforms(value: Record<string, unknown>, shape: Shape): boolean {
  for (const [field, spec] of Object.entries(shape)) {
    const present = value[field];
    if (present === undefined || present === null) {
      if (spec.required) return false;
      continue;
    }
    if (!matches(present, spec.kind)) return false;
  }
  return true;
}
