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

/** The default logger: drops everything. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/** Keys whose values are secrets and never reach a log line. */
const secretKeys = new Set(['auth_token', 'authToken', 'token', 'authorization', 'Authorization']);

/** Replaces secret values in a frame or field bag (one level deep and in nested objects). */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = secretKeys.has(key) ? '[redacted]' : redact(item, depth + 1);
  }
  return copy;
}

/** Wraps a logger so every field bag is redacted before it is written. */
export function redactingLogger(logger: Logger): Logger {
  // Nothing is written: nothing to redact (redacting copied every frame sent, for nothing).
  if (logger === silentLogger) return silentLogger;
  const wrap = (write: Logger['debug']) => (message: string, fields?: Record<string, unknown>) =>
    fields === undefined
      ? write(message)
      : write(message, redact(fields) as Record<string, unknown>);
  return {
    debug: wrap(logger.debug.bind(logger)),
    info: wrap(logger.info.bind(logger)),
    warn: wrap(logger.warn.bind(logger)),
    error: wrap(logger.error.bind(logger)),
  };
}
