import type { CliLogLevel } from '../cliArgs';
import type { EmulatorLogger } from '../logger';
import { activeCallUsage, parseActiveCallArgs } from './cliArgs';
import { startActiveCallEmulator } from './emulator';
import type { ActiveCallEmulator } from './types';

type MessageLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<CliLogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };
const MESSAGE_RANK: Record<MessageLevel, number> = { error: 1, warn: 2, info: 2, debug: 3 };
/** Field names whose values never reach the terminal. */
const SECRET_KEY = /token|auth|secret|password|credential/i;
/** How long a graceful shutdown may take before the process gives up and exits 1. */
const SHUTDOWN_GRACE_MS = 5000;

const fail = (message: string) => process.stderr.write(`callstream-emulator: ${message}\n`);

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

function banner(emulator: ActiveCallEmulator, version: string, timing: string): string {
  const { options } = emulator;
  return [
    `callstream-emulator ${version} (RustPBX Active Call)`,
    `  ws:        ${emulator.wsUrl}/call/sip | /call/webrtc | /call`,
    `  http:      ${emulator.httpUrl}  (GET /list, /kill/{id}, /iceservers)`,
    `  webhook:   ${options.webhookUrl || '(none: inbound calls are held until accepted)'}`,
    `  timing:    ${timing}, accept timeout ${options.acceptTimeoutMs} ms`,
    '',
  ].join('\n');
}

/**
 * Runs `callstream-emulator --backend active-call …` (arguments without `--backend`): one JSON
 * ready line on stdout, logs on stderr, SIGINT/SIGTERM close the emulator and exit 0.
 *
 * @throws {CliUsageError} for a command line it cannot run (the caller exits 2).
 */
export async function runActiveCallCli(argv: readonly string[], version: string): Promise<void> {
  const command = parseActiveCallArgs(argv);
  if (command.kind === 'help') {
    process.stdout.write(activeCallUsage());
    return;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${version}\n`);
    return;
  }
  const logger = stderrLogger(command.logLevel);
  let emulator: ActiveCallEmulator | undefined;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      fail(`${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received, shutting down`);
    if (emulator === undefined) process.exit(0);
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
        fail(`error while closing: ${String(redact(error))}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    emulator = await startActiveCallEmulator({ ...command.emulator, logger });
  } catch (error) {
    fail(`could not start: ${String(redact(error))}`);
    process.exit(1);
  }
  if (LEVEL_RANK[command.logLevel] >= LEVEL_RANK.info) {
    const timing =
      typeof command.emulator.timing === 'string' ? command.emulator.timing : 'realistic';
    process.stderr.write(banner(emulator, version, timing));
  }
  process.stdout.write(`${JSON.stringify({ ws: emulator.wsUrl, http: emulator.httpUrl })}\n`);
}
