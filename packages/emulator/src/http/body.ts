import type { IncomingMessage } from 'node:http';
import type { EmulatorLimits } from '../limits';
import { BodyError, readJsonObject } from './json';

/** Reads a JSON object body within the configured size and depth caps. */
export function readBody(
  limits: Readonly<EmulatorLimits>,
  req: IncomingMessage,
): Promise<Record<string, unknown>> {
  return readJsonObject(req, { maxBytes: limits.maxBodyBytes, maxDepth: limits.maxJsonDepth });
}

/**
 * An optional string field: undefined when absent, null or `''`; 400 when it is another type
 * or longer than `maxLength`.
 */
export function optionalText(
  body: Record<string, unknown>,
  key: string,
  maxLength: number,
): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new BodyError(400, `invalid parameter: ${key} must be a string`);
  if (value.length > maxLength) {
    throw new BodyError(400, `invalid parameter: ${key} is longer than ${maxLength} characters`);
  }
  return value;
}

/** A required non-empty string field (400 `missing parameters: key` when absent). */
export function requiredText(
  body: Record<string, unknown>,
  key: string,
  maxLength: number,
): string {
  const value = optionalText(body, key, maxLength);
  if (value === undefined) throw new BodyError(400, `missing parameters: ${key}`);
  return value;
}
