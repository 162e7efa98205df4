#!/usr/bin/env node
// `callstream-emulator`: stdout carries exactly one JSON line (the URLs) so scripts can read it;
// everything meant for humans goes to stderr.
import packageJson from '../package.json' with { type: 'json' };
import { runActiveCallCli } from './activeCall/cli';
import { type CliLogLevel, CliUsageError, parseCliArgs, selectBackend, usage } from './cliArgs';
import { type Emulator, type EmulatorLogger, startEmulator } from './index';
import { runTelnyxCli } from './telnyx/cli';
import { startTraffic, type TrafficHandle } from './traffic';

type MessageLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<CliLogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };
const MESSAGE_RANK: Record<MessageLevel, number> = { error: 1, warn: 2, info: 2, debug: 3 };
/** Field names whose values never reach the terminal (client-sent tokens in particular). */
const SECRET_KEY = /token|auth|secret|password/i;
/** How long a graceful shutdown may take before the process gives up and exits 1. */
const SHUTDOWN_GRACE_MS = 5000;

const fail = (message: string) => process.stderr.write(`callstream-emulator: ${message}\n`);

function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return code === undefined ? value.message : `${String(code)}: ${value.message}`;
  }
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(field, depth + 1);
  }
  return copy;
}

/** One line about an error: its code and message, never its fields (they may hold tokens). */
function describe(error: unknown): string {
  const shown = redact(error);
  return typeof shown === 'string' ? shown : 'unknown error';
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

/** The start-up banner: the emulator's own dev credentials, which the user configured. */
function banner(
  emulator: Emulator,
  timing: string,
  traffic: { intervalMs?: number } | undefined,
): string {
  const { options } = emulator;
  const lines = [
    `callstream-emulator ${packageJson.version}`,
    `  ws:        ${emulator.wsUrl}`,
    `  http:      ${emulator.httpUrl}`,
    `  token:     ${emulator.token}   (valid for every app id and for MULTI)`,
    `  app ids:   ${emulator.appIds.join(', ')}`,
    `  DIDs:      ${(options.dids ?? []).join(', ') || '(none)'}`,
    `  pinlookup: ${(options.pinlookupDids ?? []).join(', ') || '(none)'}`,
    `  timing:    ${timing}, quirks ${options.quirks ? 'on' : 'off'}`,
  ];
  if (traffic !== undefined)
    lines.push(`  traffic:   a call every ${traffic.intervalMs ?? 4000} ms`);
  return `${lines.join('\n')}\n`;
}

async function main(args: readonly string[]): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    const { backend, argv } = selectBackend(args);
    if (backend === 'telnyx') return await runTelnyxCli(argv);
    if (backend === 'active-call') return await runActiveCallCli(argv, packageJson.version);
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    fail(`${error.message}\nRun "callstream-emulator --help" for usage.`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === 'help') {
    process.stdout.write(usage());
    return;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${packageJson.version}\n`);
    return;
  }

  const logger = stderrLogger(command.logLevel);
  let emulator: Emulator | undefined;
  let traffic: TrafficHandle | undefined;
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
    traffic?.stop();
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
        fail(`error while closing: ${describe(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  try {
    emulator = await startEmulator({ ...command.emulator, logger });
  } catch (error) {
    fail(`could not start: ${describe(error)}`);
    process.exit(1);
  }

  if (LEVEL_RANK[command.logLevel] >= LEVEL_RANK.info) {
    const timing = command.emulator.timing;
    const timingName =
      typeof timing === 'string' ? timing : timing === undefined ? 'realistic' : 'custom';
    process.stderr.write(banner(emulator, timingName, command.traffic));
  }
  process.stdout.write(`${JSON.stringify({ ws: emulator.wsUrl, http: emulator.httpUrl })}\n`);

  if (command.traffic !== undefined) {
    traffic = startTraffic(emulator, { ...command.traffic, logger });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  fail(
    `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
