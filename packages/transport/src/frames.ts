import { TransportError } from './errors';
import type { JsonObject } from './types';

/** Longest excerpt of a bad frame quoted in an error message. */
const PREVIEW_LENGTH = 100;

/**
 * Parses a text frame, which must hold a JSON object. Never throws: a bad frame becomes a
 * `malformed-frame` error (returned, not thrown) so the socket can stay open.
 */
export function parseTextFrame(text: string): JsonObject | TransportError {
  if (text.length === 0) return malformed('empty text frame', text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return malformed('text frame is not valid JSON', text, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return malformed(`text frame is ${got}, not a JSON object`, text);
  }
  return value as JsonObject;
}

/** The payload of a binary frame, or undefined when `data` is no binary type. */
export function binaryPayload(data: unknown): ArrayBuffer | Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return data;
  // `ws` hands out Buffers (a Uint8Array) when binaryType could not be set.
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return undefined;
}

/** The error for a frame payload that is neither text nor binary. */
export function unsupportedPayload(data: unknown): TransportError {
  return new TransportError(
    'malformed-frame',
    `Unsupported frame payload (${Object.prototype.toString.call(data)}); expected text or ArrayBuffer.`,
  );
}

function malformed(what: string, text: string, cause?: unknown): TransportError {
  const preview =
    text.length > PREVIEW_LENGTH
      ? `${text.slice(0, PREVIEW_LENGTH)}… (${text.length} chars)`
      : text;
  return new TransportError(
    'malformed-frame',
    `Malformed frame: ${what}: ${JSON.stringify(preview)}`,
    {
      cause,
    },
  );
}
