/** Field names whose values never reach a log (SIP passwords, stream tokens, keys). */
const SECRET_FIELD = /password|secret|token|auth|api_?key/i;

/** A copy of a request body with secret-looking fields replaced, depth-limited. */
export function redactBody(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redactBody(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = SECRET_FIELD.test(key) ? '[redacted]' : redactBody(field, depth + 1);
  }
  return copy;
}
