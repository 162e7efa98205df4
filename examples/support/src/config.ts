import {
  DEFAULT_DIDS,
  type Emulator,
  type EmulatorOptions,
  scenario,
  startEmulator,
} from '@callstream/emulator';
import { readSetting } from './backends/settings';
import { cmUrl } from './cmUrl';
import { ExampleError } from './errors';

/** The environment variables the examples read (the same names as the Go SDK examples). */
export const ENV_VARS = {
  CM_HOST:
    'Call Manager host (sipcm.agora.io → wss://HOST/v1/ws/events) or a full ws(s):// URL; unset = embedded emulator',
  AUTH_TOKEN: '"Basic …" token for APPID (required with CM_HOST; never printed)',
  APPID: '32-hex app id, or MULTI (required with CM_HOST)',
  TO_NUMBER: 'number to dial (E.164)',
  FROM_NUMBER: 'caller id for outbound calls (E.164)',
  DID: 'inbound number to subscribe to',
  REGION: 'gateway region for outbound calls, e.g. AREA_CODE_NA (optional)',
  RTC_TOKEN:
    'Agora RTC token sent with every dial/accept/bridge (optional; unset = the app id, for projects without tokens; never printed)',
} as const;

/** Caller id the examples present when talking to the embedded emulator. */
export const EMULATOR_FROM_NUMBER = '+15551230000';

/** Where the examples connect, with which credentials, and the numbers they use. */
export interface ExampleConfig {
  /** `emulator` when CM_HOST was unset and an embedded emulator was started, else `cm`. */
  readonly source: 'emulator' | 'cm';
  /** WebSocket URL of the Call Manager. */
  readonly url: string;
  /** The `Basic …` token. Secret: never print it. */
  readonly authToken: string;
  /** App id to register with (or `MULTI`). */
  readonly appId: string;
  /** TO_NUMBER; on the emulator @default scenario.answer() (rings, then answers) */
  readonly toNumber: string | undefined;
  /** FROM_NUMBER; on the emulator @default EMULATOR_FROM_NUMBER */
  readonly fromNumber: string | undefined;
  /** DID; on the emulator @default its first DID (DEFAULT_DIDS[0]) */
  readonly did: string | undefined;
  /** REGION, when set. */
  readonly region: string | undefined;
  /**
   * RTC token for the media channels (`--rtc-token`, else RTC_TOKEN), passed as `token` to every
   * dial, accept and bridge. Secret: never print it. @default undefined (core sends the app id)
   */
  readonly rtcToken: string | undefined;
  /** The embedded emulator, when `source` is `emulator`. */
  readonly emulator: Emulator | undefined;
  /** Stops the embedded emulator (if any). Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * Timing of the embedded emulator when `--fast` is not given.
   * @default 'realistic'
   */
  timing?: EmulatorOptions['timing'];
  /** Where the human-readable note about the embedded emulator goes. @default stderr */
  log?: (message: string) => void;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The flag that overrides RTC_TOKEN (declared for `--help` by `mediaFlags` in cli.ts). */
const RTC_TOKEN_FLAG = '--rtc-token';

/**
 * The value of `--rtc-token VALUE` / `--rtc-token=VALUE` in `argv` (the last one wins), trimmed;
 * `undefined` when absent or blank. Throws `usage` when the flag has no value.
 */
function rtcTokenArg(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  for (const [index, arg] of argv.entries()) {
    if (arg.startsWith(`${RTC_TOKEN_FLAG}=`)) value = arg.slice(RTC_TOKEN_FLAG.length + 1);
    else if (arg === RTC_TOKEN_FLAG) {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--'))
        throw new ExampleError('usage', `${RTC_TOKEN_FLAG} needs a value. Try --help.`);
      value = next;
    }
  }
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A set, non-blank variable of {@link ENV_VARS}, trimmed; `undefined` otherwise. */
const read = (env: Env, name: keyof typeof ENV_VARS): string | undefined => readSetting(env, name);

/**
 * Reads the Call Manager settings from the environment. With `CM_HOST` set it needs
 * `AUTH_TOKEN` and `APPID` (else throws `missing-config`, exit status 2). Without `CM_HOST` it
 * starts an embedded emulator (`--fast` in `argv` = fast timing, `--quirks` = quirk mode) and
 * uses its URL, token and first app id, saying so on stderr. The RTC token for the media
 * channels comes from `--rtc-token` in `argv`, else `RTC_TOKEN`, in both cases.
 */
export async function loadConfig(
  env: Env,
  argv: readonly string[],
  options: LoadConfigOptions = {},
): Promise<ExampleConfig> {
  const host = read(env, 'CM_HOST');
  const numbers = {
    toNumber: read(env, 'TO_NUMBER'),
    fromNumber: read(env, 'FROM_NUMBER'),
    did: read(env, 'DID'),
    region: read(env, 'REGION'),
    rtcToken: rtcTokenArg(argv) ?? read(env, 'RTC_TOKEN'),
  };
  if (host !== undefined) {
    const authToken = read(env, 'AUTH_TOKEN');
    const appId = read(env, 'APPID');
    const missing = [authToken ? '' : 'AUTH_TOKEN', appId ? '' : 'APPID'].filter(Boolean);
    if (authToken === undefined || appId === undefined) {
      throw new ExampleError(
        'missing-config',
        `CM_HOST is set, so AUTH_TOKEN and APPID are required too (missing: ${missing.join(', ')}). Unset CM_HOST to use the embedded emulator.`,
      );
    }
    return {
      source: 'cm',
      url: cmUrl(host),
      authToken,
      appId,
      ...numbers,
      emulator: undefined,
      close: async () => {},
    };
  }

  const fast = argv.includes('--fast');
  const timing = fast ? 'fast' : (options.timing ?? 'realistic');
  const emulator = await startEmulator({ timing, quirks: argv.includes('--quirks') });
  const appId = emulator.appIds[0] ?? '';
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const timingName = typeof timing === 'string' ? timing : 'shortened realistic';
  log(
    `[callstream] CM_HOST is not set: using an embedded emulator at ${emulator.wsUrl} (${timingName} timing${argv.includes('--quirks') ? ', quirk mode' : ''}, app id ${appId})`,
  );
  return {
    source: 'emulator',
    url: emulator.wsUrl,
    authToken: emulator.token,
    appId,
    toNumber: numbers.toNumber ?? scenario.answer(),
    fromNumber: numbers.fromNumber ?? EMULATOR_FROM_NUMBER,
    did: numbers.did ?? DEFAULT_DIDS[0],
    region: numbers.region,
    rtcToken: numbers.rtcToken,
    emulator,
    close: () => emulator.close(),
  };
}

/** A setting the program cannot run without; throws `missing-config` naming the variable. */
export function requireSetting(
  config: ExampleConfig,
  key: 'toNumber' | 'fromNumber' | 'did',
): string {
  const value = config[key];
  if (value !== undefined) return value;
  const names = { toNumber: 'TO_NUMBER', fromNumber: 'FROM_NUMBER', did: 'DID' } as const;
  const name = names[key];
  throw new ExampleError(
    'missing-config',
    `${name} is required when CM_HOST is set (${ENV_VARS[name]})`,
  );
}
