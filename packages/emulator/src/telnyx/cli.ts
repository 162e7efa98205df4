import packageJson from '../../package.json' with { type: 'json' };
import { type CliLogLevel, CliUsageError, nonEmpty, oneOf, parseFlags } from '../cliArgs';
import { fail, serveFromCli } from '../cliRun';
import { startTelnyxEmulator } from './emulator';
import { DEFAULT_TELNYX_API_KEY, type TelnyxEmulatorOptions } from './options';
import type { TelnyxEmulator } from './types';

/** What a `--backend telnyx` command line asks for. */
export type TelnyxCliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      /** Options for `startTelnyxEmulator` (the CLI adds its stderr logger). */
      readonly emulator: TelnyxEmulatorOptions;
      /** stderr verbosity. @default 'info' */
      readonly logLevel: CliLogLevel;
    };

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
  'webhook-url': { type: 'string' },
  'connection-id': { type: 'string' },
  timing: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const LOG_LEVELS: readonly CliLogLevel[] = ['silent', 'error', 'info', 'debug'];
const TIMINGS = ['realistic', 'fast'] as const;

/**
 * Parses the arguments of `callstream-emulator --backend telnyx` (`--backend` already removed).
 * Pure: reads no environment, prints nothing.
 *
 * @throws {CliUsageError} for unknown flags, missing values or invalid values.
 */
export function parseTelnyxCliArgs(argv: readonly string[]): TelnyxCliCommand {
  const values = parseFlags(argv, OPTIONS);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const emulator: TelnyxEmulatorOptions = {};
  if (values.host !== undefined) emulator.host = nonEmpty('--host', values.host);
  if (values.port !== undefined) {
    const port = values.port.trim();
    if (!/^\d+$/.test(port) || Number(port) > 65535) {
      throw new CliUsageError(
        `--port must be a whole number from 0 to 65535, got "${values.port}"`,
      );
    }
    emulator.port = Number(port);
  }
  if (values.token !== undefined) emulator.apiKey = nonEmpty('--token', values.token);
  if (values['connection-id'] !== undefined) {
    emulator.connectionId = nonEmpty('--connection-id', values['connection-id']);
  }
  if (values['webhook-url'] !== undefined) {
    const url = values['webhook-url'];
    if (!/^https?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url)) {
      throw new CliUsageError(`--webhook-url must be an http(s) URL, got "${url}"`);
    }
    emulator.webhookUrl = url;
  }
  if (values.timing !== undefined) emulator.timing = oneOf('--timing', values.timing, TIMINGS);
  const logLevel =
    values['log-level'] === undefined
      ? 'info'
      : oneOf('--log-level', values['log-level'], LOG_LEVELS);
  return { kind: 'run', emulator, logLevel };
}

/** The `--backend telnyx --help` text. */
export function telnyxUsage(): string {
  return `Usage: callstream-emulator --backend telnyx [options]

A local Telnyx Call Control API (/v2 REST + Ed25519-signed webhooks + simulated calls).
When ready it prints one JSON line to stdout:
  {"http":"http://…","apiBase":"http://…/v2","publicKey":"<base64>","connectionId":"…"}
Point the official SDK at apiBase: new Telnyx({ apiKey, baseURL: apiBase }).
Everything else (banner, logs) goes to stderr. Stop it with Ctrl-C (SIGINT) or SIGTERM.

Options:
  --host HOST               interface to listen on (default 127.0.0.1)
  --port PORT               TCP port, 0 = pick a free one (default 0)
  --token API_KEY           API key accepted as "Authorization: Bearer API_KEY"
                            (default ${DEFAULT_TELNYX_API_KEY})
  --webhook-url URL         the application's webhook URL (a dial's webhook_url wins)
  --connection-id ID        the Call Control Application id (default 1700000000000000001)
  --timing realistic|fast   platform and remote-party delays (default realistic)
  --log-level LEVEL         silent | error | info | debug (default info)
  -h, --help                print this help and exit
  -v, --version             print the version and exit

Scenario numbers (dial to: +1555010 S PPPP) and the control API (POST /emulator/inbound,
/emulator/remote/hangup, /emulator/remote/dtmf, /emulator/faults; GET /emulator/calls,
/emulator/deliveries, /emulator/requests, /emulator/stats): see docs/emulator-telnyx.md.
`;
}

/** The banner: a key given with --token is the user's and is never printed. */
function banner(emulator: TelnyxEmulator, timing: string, customKey: boolean): string {
  return `${[
    `callstream-emulator ${packageJson.version} (Telnyx Call Control)`,
    `  api base:      ${emulator.apiBase}`,
    `  api key:       ${customKey ? '(given with --token, not shown)' : emulator.apiKey}`,
    `  connection id: ${emulator.connectionId}`,
    `  public key:    ${emulator.publicKey}`,
    `  webhook url:   ${emulator.options.webhookUrl ?? '(none: events are only logged)'}`,
    `  timing:        ${timing}`,
  ].join('\n')}\n`;
}

/**
 * Runs `callstream-emulator --backend telnyx`: one JSON ready line on stdout, logs on stderr,
 * a clean stop on SIGINT/SIGTERM. Exit code 2 for usage errors, 1 when it cannot start.
 */
export async function runTelnyxCli(argv: readonly string[]): Promise<void> {
  let command: TelnyxCliCommand;
  try {
    command = parseTelnyxCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    fail(`${error.message}\nRun "callstream-emulator --backend telnyx --help" for usage.`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === 'help') {
    process.stdout.write(telnyxUsage());
    return;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${packageJson.version}\n`);
    return;
  }
  const { emulator: options } = command;
  const timing = typeof options.timing === 'string' ? options.timing : 'realistic';
  await serveFromCli({
    logLevel: command.logLevel,
    start: (logger) => startTelnyxEmulator({ ...options, logger }),
    banner: (emulator) => banner(emulator, timing, options.apiKey !== undefined),
    readyLine: (emulator) => ({
      http: emulator.httpUrl,
      apiBase: emulator.apiBase,
      publicKey: emulator.publicKey,
      connectionId: emulator.connectionId,
    }),
  });
}
