import { type ParseArgsConfig, parseArgs } from 'node:util';
import { MAX_DELAY_MS } from './duration';
import type { EmulatorOptions } from './index';
import type { TrafficOptions } from './traffic';

/** How much the CLI writes to stderr. `silent` also hides the start-up banner. */
export type CliLogLevel = 'silent' | 'error' | 'info' | 'debug';

/** What the command line asks the CLI to do. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      /** Options for `startEmulator` (the CLI adds its own stderr logger). */
      readonly emulator: EmulatorOptions;
      /** Present when `--traffic` was given. */
      readonly traffic?: TrafficOptions;
      /** stderr verbosity. @default 'info' */
      readonly logLevel: CliLogLevel;
    };

/** A command line the CLI cannot run; the CLI prints `message` and exits with code 2. */
export class CliUsageError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'ERR_CLI_USAGE' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliUsageError';
  }
}

/** Backends `--backend` selects; without the flag the CM emulator starts. */
export const CLI_BACKENDS = ['cm', 'active-call', 'telnyx'] as const;

/** A backend the CLI can start. */
export type CliBackend = (typeof CLI_BACKENDS)[number];

/**
 * Takes `--backend NAME` (or `--backend=NAME`) out of `argv`; the rest goes to that backend's
 * own parser. No flag means `cm`.
 *
 * @throws {CliUsageError} for a missing or unknown backend name, or the flag given twice.
 */
export function selectBackend(argv: readonly string[]): { backend: CliBackend; argv: string[] } {
  const rest: string[] = [];
  let name: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    let value: string | undefined;
    if (arg === '--backend') {
      value = argv[index + 1];
      index += 1;
      if (value === undefined || value.startsWith('-')) {
        throw new CliUsageError("option '--backend <value>' argument missing");
      }
    } else if (arg.startsWith('--backend=')) {
      value = arg.slice('--backend='.length);
    } else {
      rest.push(arg);
      continue;
    }
    if (name !== undefined) throw new CliUsageError('--backend may be given once');
    name = value;
  }
  if (name === undefined) return { backend: 'cm', argv: rest };
  const backend = CLI_BACKENDS.find((candidate) => candidate === name);
  if (backend === undefined) {
    throw new CliUsageError(`--backend must be one of ${CLI_BACKENDS.join(', ')}, got "${name}"`);
  }
  return { backend, argv: rest };
}

const LOG_LEVELS: readonly CliLogLevel[] = ['silent', 'error', 'info', 'debug'];
const TIMINGS = ['realistic', 'fast'] as const;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
  appid: { type: 'string', multiple: true },
  did: { type: 'string', multiple: true },
  allow: { type: 'string', multiple: true },
  pinlookup: { type: 'string', multiple: true },
  quirks: { type: 'boolean' },
  timing: { type: 'string' },
  'lookup-timeout': { type: 'string' },
  'ping-interval': { type: 'string' },
  traffic: { type: 'boolean' },
  'traffic-interval': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * Parses `callstream-emulator` arguments (without `node` and the script path).
 * Pure: reads no environment, prints nothing.
 *
 * @throws {CliUsageError} for unknown flags, missing values or invalid values.
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const values = parseFlags(argv, OPTIONS);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const emulator: EmulatorOptions = {};
  if (values.host !== undefined) emulator.host = nonEmpty('--host', values.host);
  if (values.port !== undefined) emulator.port = integer('--port', values.port, 0, 65535);
  if (values.token !== undefined) emulator.token = nonEmpty('--token', values.token);
  if (values.appid !== undefined) emulator.appIds = values.appid.map((a) => nonEmpty('--appid', a));
  if (values.did !== undefined) emulator.dids = values.did.map((d) => phoneNumber('--did', d));
  if (values.allow !== undefined) emulator.allowlists = allowlists(values.allow);
  if (values.pinlookup !== undefined) {
    emulator.pinlookupDids = values.pinlookup.map((d) => phoneNumber('--pinlookup', d));
  }
  if (values.quirks) emulator.quirks = true;
  if (values.timing !== undefined) emulator.timing = oneOf('--timing', values.timing, TIMINGS);
  if (values['lookup-timeout'] !== undefined) {
    emulator.lookupTimeoutMs = integer(
      '--lookup-timeout',
      values['lookup-timeout'],
      1,
      MAX_DELAY_MS,
    );
  }
  if (values['ping-interval'] !== undefined) {
    emulator.pingIntervalMs = integer('--ping-interval', values['ping-interval'], 0, MAX_DELAY_MS);
  }

  const logLevel =
    values['log-level'] === undefined
      ? 'info'
      : oneOf('--log-level', values['log-level'], LOG_LEVELS);

  if (values['traffic-interval'] !== undefined && !values.traffic) {
    throw new CliUsageError('--traffic-interval needs --traffic');
  }
  if (!values.traffic) return { kind: 'run', emulator, logLevel };
  const traffic: TrafficOptions = {};
  if (values['traffic-interval'] !== undefined) {
    traffic.intervalMs = integer('--traffic-interval', values['traffic-interval'], 1, MAX_DELAY_MS);
  }
  return { kind: 'run', emulator, traffic, logLevel };
}

/** The flag definitions `parseArgs` takes. */
type FlagOptions = NonNullable<ParseArgsConfig['options']>;
/** The values `parseArgs` returns for `O`, strict and without positionals. */
type ParsedFlags<O extends FlagOptions> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>
>['values'];

/**
 * Parses flags strictly (no positionals, no unknown flags) with Node's `parseArgs`; its errors
 * become {@link CliUsageError}s.
 */
export function parseFlags<const O extends FlagOptions>(
  argv: readonly string[],
  options: O,
): ParsedFlags<O> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}

/** `value`, or a usage error naming `flag` when it is blank. */
export function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new CliUsageError(`${flag} needs a non-empty value`);
  return value;
}

/** `value` as a whole number within [min, max], or a usage error naming `flag`. */
export function integer(
  flag: string,
  value: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  // Number('') is 0 and Number('1e3') is 1000: accept plain decimal digits only.
  if (!/^\d+$/.test(value.trim())) {
    throw new CliUsageError(`${flag} must be a whole number, got "${value}"`);
  }
  const parsed = Number(value.trim());
  if (parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw new CliUsageError(`${flag} must be ${range}, got ${parsed}`);
  }
  return parsed;
}

/** `value` if it is one of `allowed`, or a usage error naming `flag` and the choices. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new CliUsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return match;
}

function phoneNumber(flag: string, value: string): string {
  if (!/\d/.test(value)) throw new CliUsageError(`${flag} needs a phone number, got "${value}"`);
  return value;
}

/** `--allow APPID=DID,DID` (repeatable; repeats for one app id add up). */
function allowlists(entries: readonly string[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const entry of entries) {
    const separator = entry.indexOf('=');
    const appId = separator > 0 ? entry.slice(0, separator).trim() : '';
    const dids = separator > 0 ? entry.slice(separator + 1).split(',') : [];
    if (appId === '' || dids.length === 0 || dids.some((d) => !/\d/.test(d))) {
      throw new CliUsageError(`--allow must look like APPID=DID[,DID…], got "${entry}"`);
    }
    result[appId] = [...(result[appId] ?? []), ...dids.map((d) => d.trim())];
  }
  return result;
}

/** The emulator guide, at a URL that stays valid for every installed copy of the package. */
export const DOCS_URL = 'https://github.com/callstream/callstream/blob/main/docs/emulator.md';

/** The `--help` text: every flag, the defaults and the scenario-number table. */
export function usage(): string {
  return `Usage: callstream-emulator [options]

A local SIP Call Manager (WebSocket + HTTP + simulated gateway) for offline development.
When ready it prints one JSON line to stdout: {"ws":"ws://…/v1/ws/events","http":"http://…"}
Everything else (banner, logs) goes to stderr. Stop it with Ctrl-C (SIGINT) or SIGTERM.

Options:
  --backend NAME            cm (default: this Call Manager) | active-call (RustPBX Active Call)
                            | telnyx (Telnyx Call Control); see
                            "callstream-emulator --backend NAME --help"
  --host HOST               interface to listen on (default 127.0.0.1)
  --port PORT               TCP port, 0 = pick a free one (default 0)
  --token TOKEN             auth_token accepted for every app id and for MULTI, sent verbatim
                            by clients, e.g. "Basic …" (default: the built-in dev token)
  --appid APPID             accepted app id; repeat for more (default: two built-in app ids)
  --did DID                 DID owned by this CM (inbound-routable); repeat for more
                            (default +18005551234 and +18007771234)
  --allow APPID=DID,DID     allowlist dids_<appid>: that app id only gets calls for these DIDs;
                            repeatable
  --pinlookup DID           DID answered by an external pinlookup (never call_incoming);
                            repeatable (default +15559876543)
  --quirks                  real-CM quirks: no call_ringing / agora_bridge_* on outbound legs,
                            A-leg call_hangup on "<appid>:<channel>:<uid>"
  --timing realistic|fast   gateway and remote-party delays (default realistic); fast keeps
                            the order of events but takes 0–5 ms per step
  --lookup-timeout MS       how long an inbound lookup waits for accept/reject (default 15000)
  --ping-interval MS        server WebSocket pings, 0 = off (default 20000)
  --traffic                 generate demo traffic: an inbound call every few seconds on a DID
                            with an eligible session; accepted calls get digits and a hangup
  --traffic-interval MS     time between generated calls (default 4000; needs --traffic)
  --log-level LEVEL         silent | error | info | debug (default info)
  -h, --help                print this help and exit
  -v, --version             print the version and exit

Scenario numbers (outbound calls to +1555010 S PPPP; PPPP 0000 = the timing default):
  S  scenario                                     PPPP                 example
  0  rings, then answers                          answer after ms      +155501002000
  1  busy (call_hangup USER_BUSY)                 -                    +155501010000
  2  rings, never answers (NO_ANSWER)             ring time ms         +155501028000
  3  remote rejects (CALL_REJECTED)               -                    +155501030000
  4  answers, then the remote hangs up            hang up after ms     +155501043000
  5  answers, then the remote presses digits      the digits           +155501051234
  6  slow gateway: the outbound reply is late     reply delay ms       +155501065000
  7  no resource: outbound reply 503              -                    +155501070000
  8  an answering machine answers (as 0 here)     answer after ms      +155501082000
Dialing a DID with an eligible session is a loopback (call_incoming on the B-leg); any other
number rings, then ends with UNALLOCATED_NUMBER.

Control API (same port): POST /v1/emulator/inbound {"did":"+18005551234"},
POST /v1/emulator/remote/hangup, /remote/dtmf, /quirks, /faults; GET /v1/emulator/calls,
/stats, /faults, /v1/api/websocket-status.

Documentation: README.md of this package, and the full guide at
${DOCS_URL}
`;
}
