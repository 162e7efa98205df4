import type { CliLogLevel } from './cliArgs';
import type { EmulatorLogger } from './logger';

type MessageLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<CliLogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };
const MESSAGE_RANK: Record<MessageLevel, number> = { error: 1, warn: 2, info: 2, debug: 3 };
/** Field names whose values never reach the terminal (tokens, API keys, passwords…). */
const SECRET_KEY = /token|auth|secret|password|credential|key/i;
/** How long a graceful shutdown may take before the process gives up and exits 1. */
const SHUTDOWN_GRACE_MS = 5000;

/** Writes one `callstream-emulator: …` line to stderr. */
export const fail = (message: string): void => {
  process.stderr.write(`callstream-emulator: ${message}\n`);
};

/** A copy of `value` fit for the terminal: secret fields replaced, errors reduced to their message. */
function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return value.message;
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(field, depth + 1);
  }
  return copy;
}

/** One line about an error: its message, never its fields (they may hold tokens). */
export function describeError(error: unknown): string {
  const shown = redact(error);
  return typeof shown === 'string' ? shown : 'unknown error';
}

/** A logger writing timestamped lines to stderr up to `level`, secret fields redacted. */
function stderrLogger(level: CliLogLevel): EmulatorLogger {
  const write = (kind: MessageLevel, message: string, fields?: Record<string, unknown>) => {
    if (MESSAGE_RANK[kind] > LEVEL_RANK[level]) return;
    let suffix = '';
    if (fields !== undefined && Object.keys(fields).length > 0) {
      try {
        suffix = ` ${JSON.stringify(redact(fields))}`;
      } catch {
        suffix = ' [unserialisable fields]';
      }
    }
    process.stderr.write(`${new Date().toISOString()} ${kind.padEnd(5)} ${message}${suffix}\n`);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

/** What one backend's CLI serves: how to start it, and what it prints once it listens. */
export interface CliServe<E extends { close(): Promise<void> }> {
  readonly logLevel: CliLogLevel;
  start(logger: EmulatorLogger): Promise<E>;
  /** The human start-up banner for stderr (shown from log level `info`). */
  banner(emulator: E): string;
  /** The one JSON line on stdout that says where the emulator listens. */
  readyLine(emulator: E): Readonly<Record<string, string>>;
  /** Stops what runs beside the emulator (the CM's traffic generator) when a signal comes. */
  beforeClose?(): void;
}

/**
 * Starts an emulator for the CLI: logs on stderr, SIGINT/SIGTERM close it and exit 0 (a second
 * signal, or a close slower than 5 s, exits 1), a start failure exits 1, then the banner and
 * the ready line. Every backend's CLI shares this, so they stop and report alike.
 */
export async function serveFromCli<E extends { close(): Promise<void> }>(
  serve: CliServe<E>,
): Promise<{ readonly emulator: E; readonly logger: EmulatorLogger }> {
  const logger = stderrLogger(serve.logLevel);
  let emulator: E | undefined;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      fail(`${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received, shutting down`);
    // Still starting: nothing is served yet, and exiting releases the port.
    if (emulator === undefined) process.exit(0);
    serve.beforeClose?.();
    const guard = setTimeout(() => {
      fail(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms, exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    guard.unref();
    emulator.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        fail(`error while closing: ${describeError(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    emulator = await serve.start(logger);
  } catch (error) {
    fail(`could not start: ${describeError(error)}`);
    process.exit(1);
  }
  if (LEVEL_RANK[serve.logLevel] >= LEVEL_RANK.info) process.stderr.write(serve.banner(emulator));
  process.stdout.write(`${JSON.stringify(serve.readyLine(emulator))}\n`);
  return { emulator, logger };
}
