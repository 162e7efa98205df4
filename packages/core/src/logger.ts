/** Log levels, most verbose first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A pluggable logger; `console` fits. The client is silent unless one is given. */
export interface Logger {
  /** Frames sent and received (redacted), late replies, ignored events. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Connections made. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Connections lost. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Failures the client cannot recover from by itself. */
  error(message: string, fields?: Record<string, unknown>): void;
}

const noop = () => {};

const levels = ['debug', 'info', 'warn', 'error'] as const;

/** A logger whose every level is `write(level)`. */
function eachLevel(write: (level: LogLevel) => Logger[LogLevel]): Logger {
  return Object.fromEntries(levels.map((level) => [level, write(level)])) as unknown as Logger;
}

/** The default logger: drops everything. */
export const silentLogger: Logger = /* @__PURE__ */ eachLevel(() => noop);

/** Keys whose values are secrets and never reach a log line. */
const secretKeys = new Set([
  'auth_token',
  'authToken',
  'token',
  'authorization',
  'Authorization',
  'apiKey',
  'api_key',
  'password',
  'secret',
  // Speech and realtime providers' credentials in Active Call's call options.
  'secretKey',
  'secretId',
  'privateKey',
  'private_key',
]);

/** How deep redaction looks into nested objects (call options nest provider settings). */
const MAX_DEPTH = 8;

/**
 * Replaces secret values in a frame or field bag (in nested objects and arrays too) and, as a
 * second line of defence, every occurrence of one of `secrets` in its strings. One walk does both.
 */
export function redact(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const secret of secrets) {
      if (secret !== '' && text.includes(secret)) text = text.split(secret).join('[redacted]');
    }
    return text;
  }
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = secretKeys.has(key) ? '[redacted]' : redact(item, secrets, depth + 1);
  }
  return copy;
}

/**
 * Whether a secret with a value is anywhere in `value` (the keys {@link redact} replaces, in
 * nested objects and arrays): a frame that would carry one over an unencrypted socket is worth
 * a warning.
 */
export function holdsSecret(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => holdsSecret(item, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    if (secretKeys.has(key) ? item !== undefined && item !== '' : holdsSecret(item, depth + 1)) {
      return true;
    }
  }
  return false;
}

/**
 * Wraps a logger so every field bag is redacted before it is written, and any occurrence of one
 * of `secrets` (in the message or a field) is replaced as well. A logger that throws is ignored:
 * logging never breaks the client.
 */
export function redactingLogger(logger: Logger, secrets: readonly string[] = []): Logger {
  // Nothing is written: nothing to redact (redacting copied every frame sent, for nothing).
  if (logger === silentLogger) return silentLogger;
  const known = secrets.filter((secret) => secret.length >= 4);
  const wrap = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    try {
      const text = redact(message, known) as string;
      if (fields === undefined) logger[level](text);
      else logger[level](text, redact(fields, known) as Record<string, unknown>);
    } catch {
      // The application's logger failed; the client carries on without that line.
    }
  };
  return eachLevel(wrap);
}

/** Whether `logger` has the four methods of {@link Logger}. */
export function isLogger(logger: unknown): logger is Logger {
  const candidate = logger as Partial<Record<LogLevel, unknown>> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    levels.every((level) => typeof candidate[level] === 'function')
  );
}
