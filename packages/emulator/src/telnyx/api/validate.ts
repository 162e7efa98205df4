import { apiError } from './errors';

/** A parsed JSON request body. */
export type Body = Readonly<Record<string, unknown>>;

const E164 = /^\+[1-9]\d{1,14}$/;
const SIP_URI = /^sips?:[^\s@]+@[^\s@]+$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** An optional string field; another type is a 422 pointing at it. */
export function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw apiError.badRequest(`The '${field}' parameter must be a string.`, field);
  return value;
}

/** A required non-empty string field (10004 when missing). */
export function requiredString(body: Body, field: string): string {
  const value = optionalString(body, field);
  if (value === undefined || value === '') throw apiError.missing(field);
  return value;
}

/** An optional field restricted to `allowed` (10032 otherwise). */
export function optionalEnum<T extends string>(
  body: Body,
  field: string,
  allowed: readonly T[],
): T | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw apiError.invalidEnum(field, allowed);
  return match;
}

/** A required field restricted to `allowed`. */
export function requiredEnum<T extends string>(
  body: Body,
  field: string,
  allowed: readonly T[],
): T {
  if (body[field] === undefined || body[field] === null) throw apiError.missing(field);
  return optionalEnum(body, field, allowed) as T;
}

/** An optional integer in [min, max] (10033 otherwise). */
export function optionalInteger(
  body: Body,
  field: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw apiError.outOfRange(field, min, max);
  }
  return value;
}

/** An optional boolean. */
export function optionalBoolean(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw apiError.badRequest(`The '${field}' parameter must be a boolean.`, field);
  return value;
}

/** A +E.164 number or a SIP URI (10016 otherwise). */
export function checkAddress(value: string, field: string): string {
  if (!E164.test(value) && !SIP_URI.test(value)) throw apiError.notE164(field);
  return value;
}

/** An optional absolute http(s) URL (10003 otherwise). */
export function optionalUrl(body: Body, field: string): string | undefined {
  const value = optionalString(body, field);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw apiError.invalidUrl(field);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw apiError.invalidUrl(field);
  return value;
}

/**
 * A `client_state` field: valid padded base64 of at most `maxLength` characters. Returns
 * `undefined` when absent, `''` when sent empty (which clears the state).
 */
export function optionalClientState(
  body: Body,
  field: string,
  maxLength: number,
): string | undefined {
  const value = optionalString(body, field);
  if (value === undefined) return undefined;
  if (!BASE64.test(value)) {
    throw apiError.badRequest(
      `The '${field}' parameter must be a valid Base-64 encoded string.`,
      field,
    );
  }
  if (value.length > maxLength) {
    throw apiError.badRequest(
      `The '${field}' parameter must be at most ${maxLength} characters.`,
      field,
    );
  }
  return value;
}

/** `webhook_url_method`: the emulator (like a careful driver) only delivers by POST. */
export function checkWebhookMethod(body: Body, field: string): void {
  const method = optionalEnum(body, field, ['POST', 'GET'] as const);
  if (method === 'GET') {
    throw apiError.badRequest(
      `The emulator delivers webhooks by POST only; '${field}' GET is not supported.`,
      field,
    );
  }
}
