/** Keys whose values are credentials: never logged, never shown. */
const SECRET_KEYS = new Set([
  'password',
  'secretKey',
  'secretId',
  'apiKey',
  'token',
  'authToken',
  'auth_token',
  'authorization',
  'Authorization',
]);

/**
 * Whether a credential with a value is anywhere in `value` (nested objects and arrays): a frame
 * that would carry one over an unencrypted socket is worth a warning.
 */
export function holdsSecret(value: unknown, depth = 0): boolean {
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => holdsSecret(item, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEYS.has(key) ? item !== undefined && item !== '' : holdsSecret(item, depth + 1)) {
      return true;
    }
  }
  return false;
}

/** Header lines that carry credentials (webhook INVITE headers, SIP headers). */
const SECRET_HEADER = /^(proxy-)?authorization\s*:/i;

/**
 * A copy of a frame or option object with every credential replaced by `[redacted]` (nested
 * objects and arrays included), for logs. The original is untouched.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEYS.has(key) ? '[redacted]' : redactSecrets(item, depth + 1);
  }
  return copy;
}

/** `Name: value` header lines with the values of credential headers replaced. */
export function redactHeaderLines(lines: readonly string[]): string[] {
  return lines.map((line) => {
    if (!SECRET_HEADER.test(line)) return line;
    return `${line.slice(0, line.indexOf(':') + 1)} [redacted]`;
  });
}
