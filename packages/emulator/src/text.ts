/** Helpers that keep client-supplied text bounded where it is echoed, logged or sent. */

/**
 * Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character (a WebSocket close
 * reason may hold 123 bytes; `ws` throws on more).
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Longest close reason a WebSocket close frame carries. */
export const MAX_CLOSE_REASON_BYTES = 123;

/** `text` cut to `maxChars` with an ellipsis, for echoing client input in error texts and logs. */
export function clip(text: string, maxChars = 64): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…`;
}
