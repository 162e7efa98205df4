import { type CliLogLevel, CliUsageError, integer, nonEmpty, oneOf, parseFlags } from '../cliArgs';
import type { ActiveCallEmulatorOptions } from './options';

/** What `callstream-emulator --backend active-call …` asks for. */
export type ActiveCallCliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      /** Options for `startActiveCallEmulator` (the CLI adds its own stderr logger). */
      readonly emulator: ActiveCallEmulatorOptions;
      /** stderr verbosity. @default 'info' */
      readonly logLevel: CliLogLevel;
    };

const LOG_LEVELS: readonly CliLogLevel[] = ['silent', 'error', 'info', 'debug'];
const TIMINGS = ['realistic', 'fast'] as const;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'webhook-url': { type: 'string' },
  timing: { type: 'string' },
  'accept-timeout': { type: 'string' },
  'ring-count': { type: 'string' },
  'hangup-all': { type: 'boolean' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * Parses the arguments of the Active Call backend (without `--backend`). Pure.
 *
 * @throws {CliUsageError} for unknown flags, missing values or invalid values.
 */
export function parseActiveCallArgs(argv: readonly string[]): ActiveCallCliCommand {
  const values = parseFlags(argv, OPTIONS);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const emulator: ActiveCallEmulatorOptions = {};
  if (values.host !== undefined) emulator.host = nonEmpty('--host', values.host);
  if (values.port !== undefined) emulator.port = integer('--port', values.port, 0, 65535);
  const webhookUrl = values['webhook-url'];
  if (webhookUrl !== undefined) {
    if (!/^https?:\/\//i.test(webhookUrl) || !URL.canParse(webhookUrl)) {
      throw new CliUsageError(`--webhook-url must be an http(s) URL, got "${webhookUrl}"`);
    }
    emulator.webhookUrl = webhookUrl;
  }
  if (values.timing !== undefined) emulator.timing = oneOf('--timing', values.timing, TIMINGS);
  if (values['accept-timeout'] !== undefined) {
    emulator.acceptTimeoutMs = integer('--accept-timeout', values['accept-timeout'], 1);
  }
  if (values['ring-count'] !== undefined) {
    emulator.ringCount = integer('--ring-count', values['ring-count'], 0, 100);
  }
  if (values['hangup-all']) emulator.hangupForAllTypes = true;
  const logLevel =
    values['log-level'] === undefined
      ? 'info'
      : oneOf('--log-level', values['log-level'], LOG_LEVELS);
  return { kind: 'run', emulator, logLevel };
}

/** The `--backend active-call --help` text. */
export function activeCallUsage(): string {
  return `Usage: callstream-emulator --backend active-call [options]

A local RustPBX Active Call server (WebSocket call sessions, REST routes, webhook inbound
calls, scripted remote parties) for offline development.
When ready it prints one JSON line to stdout: {"ws":"ws://HOST:PORT","http":"http://HOST:PORT"}
(sessions open ws://HOST:PORT/call/sip, /call/webrtc or /call). Logs go to stderr.
Stop it with Ctrl-C (SIGINT) or SIGTERM.

Options:
  --host HOST               interface to listen on (default 127.0.0.1)
  --port PORT               TCP port, 0 = pick a free one (default 0)
  --webhook-url URL         where inbound calls are announced (the server's handler URL);
                            POST /v1/emulator/inbound triggers one
  --timing realistic|fast   server and remote-party delays (default realistic)
  --accept-timeout MS       how long an inbound call waits for accept (default 50000)
  --ring-count N            ringing events per outbound SIP call (default 1)
  --hangup-all              send a hangup event on WebRTC and /call sessions too
  --log-level LEVEL         silent | error | info | debug (default info)
  -h, --help                print this help and exit
  -v, --version             print the version and exit

Scenario numbers (invite/refer callee +1555010 S PPPP, also as the user part of a sip: URI):
  S  remote party                                 PPPP                 example
  0  rings, then answers                          answer after ms      +155501002000
  1  busy (reject 486 Busy Here)                  -                    +155501010000
  2  rings, never answers (reject 480)            ring time ms         +155501028000
  3  declines (reject 603 Decline)                -                    +155501030000
  4  answers, then hangs up                       hang up after ms     +155501043000
  5  answers, then presses digits                 the digits           +155501051234
  6  slow: silent before ringing                  delay ms             +155501065000
  7  no resource (reject 503, no ringing)         -                    +155501070000
Any other callee rings, then answers after the default ring time.

Control API (same port): POST /v1/emulator/inbound {"caller":"sip:…","callee":"sip:…"},
POST /v1/emulator/remote/hangup|dtmf|speak|hold, /v1/emulator/faults;
GET /v1/emulator/sessions, /frames, /stats; RustPBX's GET /list, /kill/{id}, /iceservers.
See docs/emulator-active-call.md.
`;
}
