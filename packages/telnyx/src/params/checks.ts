import { ValidationError } from '@callstream/core';
import { isPlainObject } from '@callstream/core/engine';
import { encodeClientState } from '../clientState';

/** Validates one parameter and returns its wire value; throws `invalid-argument` naming it. */
export type Check = (value: unknown, name: string) => unknown;

/** A parameter: its wire name and its check. */
export type FieldSpec = readonly [wire: string, check: Check];

/** The `invalid-argument` error of a bad command argument (nothing was sent). */
export function invalid(message: string): ValidationError {
  return new ValidationError('invalid-argument', message);
}

const E164 = /^\+[0-9]{3,15}$/;
const SIP_URI = /^sips?:[^\s@]+@[^\s]+$/;

/** A number Telnyx can dial: `+` and 3–15 digits (E.164), or a `sip:`/`sips:` URI. */
export function target(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${name} is required: a +E.164 number or a sip: URI`);
  }
  const text = value.trim();
  if (text.length > 256 || !(E164.test(text) || SIP_URI.test(text))) {
    throw invalid(
      `${name} must be a number in E.164 form (+15551234567) or a sip: URI (got ${JSON.stringify(value.slice(0, 64))})`,
    );
  }
  return text;
}

/** A non-empty string of at most `max` characters. */
export function text(max: number): Check {
  return (value, name) => {
    if (typeof value !== 'string' || value === '')
      throw invalid(`${name} must be a non-empty string`);
    if (value.length > max) throw invalid(`${name} is longer than ${max} characters`);
    return value;
  };
}

/** One of `values`. */
export function oneOf(...values: readonly (string | number | boolean)[]): Check {
  return (value, name) => {
    if (!values.includes(value as string)) {
      throw invalid(
        `${name} must be one of ${values.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(value)})`,
      );
    }
    return value;
  };
}

/** An integer from `min` to `max`. */
export function integer(min: number, max: number): Check {
  return (value, name) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalid(`${name} must be an integer from ${min} to ${max} (got ${String(value)})`);
    }
    return value;
  };
}

/** `true` or `false`. */
export const bool: Check = (value, name) => {
  if (typeof value !== 'boolean') throw invalid(`${name} must be true or false`);
  return value;
};

/** An http(s) URL. */
export const url: Check = (value, name) => {
  const raw = text(2048)(value, name) as string;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw invalid(`${name} must be an http:// or https:// URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid(`${name} must be an http:// or https:// URL`);
  }
  return raw;
};

/** Application text carried as `client_state` (base64 on the wire, size-checked). */
export const clientState: Check = (value, name) => encodeClientState(value, name);

/** `[{ name, value }]` SIP headers (at most 20, printable). */
export const customHeaders: Check = (value, name) => {
  if (!Array.isArray(value) || value.length > 20) {
    throw invalid(`${name} must be an array of at most 20 { name, value } objects`);
  }
  return value.map((header: unknown, index) => {
    const entry = header as { name?: unknown; value?: unknown } | null;
    if (
      typeof entry !== 'object' ||
      entry === null ||
      Object.keys(entry).some((k) => k !== 'name' && k !== 'value')
    ) {
      throw invalid(`${name}[${index}] must be { name, value }`);
    }
    const headerName = text(128)(entry.name, `${name}[${index}].name`) as string;
    if (!/^[A-Za-z0-9-]+$/.test(headerName))
      throw invalid(`${name}[${index}].name must be a header name`);
    const headerValue = text(1024)(entry.value, `${name}[${index}].value`) as string;
    if (/[\r\n]/.test(headerValue)) throw invalid(`${name}[${index}].value must be one line`);
    return { name: headerName, value: headerValue };
  });
};

/** DTMF digits for `send_dtmf`: 0-9, A-D, `*`, `#`, and the pauses `w` (0.5 s) and `W` (1 s). */
export function dtmfDigits(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '')
    throw invalid(`${name} is required: a non-empty string`);
  if (value.length > 64) throw invalid(`${name} is longer than 64 characters`);
  for (const char of value) {
    if (!/[0-9A-D*#wW]/.test(char)) {
      throw invalid(
        `${name} may only contain 0-9, A-D, *, #, w and W (got ${JSON.stringify(char)})`,
      );
    }
  }
  return value;
}

/**
 * Encodes a params object: unknown keys are refused (a typo or a stray field never reaches the
 * wire), every given field is checked, `undefined` fields are skipped.
 */
export function encodeFields(
  params: unknown,
  specs: Readonly<Record<string, FieldSpec>>,
  command: string,
): Record<string, unknown> {
  if (params === undefined) return {};
  if (!isPlainObject(params)) {
    throw invalid(`${command}: params must be an object`);
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const spec = specs[key];
    if (spec === undefined) throw invalid(`${command}: unknown parameter ${JSON.stringify(key)}`);
    if (value === undefined) continue;
    const [wire, check] = spec;
    body[wire] = check(value, `${command}: ${key}`);
  }
  return body;
}
