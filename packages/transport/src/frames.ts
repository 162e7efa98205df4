import { TransportError } from './errors';
import type { JsonObject } from './types';

/** Longest excerpt of a bad frame quoted in an error message. */
const PREVIEW_LENGTH = 100;

/** A decoded inbound frame. */
export type DecodedFrame =
  | { kind: 'message'; value: JsonObject }
  | { kind: 'binary'; value: ArrayBuffer | Uint8Array }
  | { kind: 'error'; error: TransportError };

/**
 * Decodes the `data` of a message event: text must be a JSON object, binary passes through.
 * Never throws: a bad frame becomes a `malformed-frame` error so the socket can stay open.
 */
export function decodeFrame(data: unknown): DecodedFrame {
  if (typeof data === 'string') return decodeText(data);
  if (data instanceof ArrayBuffer) return { kind: 'binary', value: data };
  // `ws` hands out Buffers (a Uint8Array) when binaryType could not be set.
  if (data instanceof Uint8Array) return { kind: 'binary', value: data };
  if (ArrayBuffer.isView(data)) {
    return { kind: 'binary', value: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }
  return {
    kind: 'error',
    error: new TransportError(
      'malformed-frame',
      `Unsupported frame payload (${Object.prototype.toString.call(data)}); expected text or ArrayBuffer.`,
    ),
  };
}

function decodeText(text: string): DecodedFrame {
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
  return { kind: 'message', value: value as JsonObject };
}

function malformed(what: string, text: string, cause?: unknown): DecodedFrame {
  const preview =
    text.length > PREVIEW_LENGTH
      ? `${text.slice(0, PREVIEW_LENGTH)}… (${text.length} chars)`
      : text;
  return {
    kind: 'error',
    error: new TransportError(
      'malformed-frame',
      `Malformed frame: ${what}: ${JSON.stringify(preview)}`,
      {
        cause,
      },
    ),
  };
}
