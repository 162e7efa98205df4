/** Structured fields attached to a log line. Never contains auth or RTC tokens. */
export type LogFields = Record<string, unknown>;

/** A pluggable logger; the emulator is silent unless one is given. */
export interface EmulatorLogger {
  /** Per-frame and per-event detail. */
  debug(message: string, fields?: LogFields): void;
  /** Lifecycle: listening, sessions registered, calls placed. */
  info(message: string, fields?: LogFields): void;
  /** Client mistakes and faults being applied. */
  warn(message: string, fields?: LogFields): void;
  /** Unexpected internal errors that the emulator survived. */
  error(message: string, fields?: LogFields): void;
}

const noop = (): void => {};

/** The default logger: drops everything. */
export const silentLogger: EmulatorLogger = { debug: noop, info: noop, warn: noop, error: noop };
