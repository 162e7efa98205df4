import { ValidationError } from '@callstream/core';
import { decodeBase64 } from './webhook/verify';

/**
 * Longest `client_state` sent, in characters of base64 (3,072 bytes of text). Telnyx documents
 * no limit; this keeps every value well inside what its API and the emulator accept.
 */
export const MAX_CLIENT_STATE_LENGTH = 4096;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes an application's `clientState` text for the wire (base64 of its UTF-8 bytes, padded),
 * checking its type and size before anything is sent. `''` clears the state.
 */
export function encodeClientState(value: unknown, name = 'clientState'): string {
  if (typeof value !== 'string') {
    throw new ValidationError('invalid-argument', `${name} must be a string`);
  }
  const encoded = Buffer.from(value, 'utf8').toString('base64');
  if (encoded.length > MAX_CLIENT_STATE_LENGTH) {
    throw new ValidationError(
      'invalid-argument',
      `${name} is too long: ${encoded.length} characters of base64, at most ${MAX_CLIENT_STATE_LENGTH} (about 3 KB of text)`,
    );
  }
  return encoded;
}

/**
 * Reads a webhook's `client_state`: the decoded text when it is base64 of UTF-8, with the raw
 * value always kept. Missing, null or empty means no state. Never throws.
 */
export function decodeClientState(raw: unknown): { text?: string; raw?: string } {
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_CLIENT_STATE_LENGTH * 2) return {};
  const bytes = decodeBase64(raw);
  if (bytes === undefined) return { raw };
  try {
    return { text: utf8.decode(bytes), raw };
  } catch {
    return { raw };
  }
}
