import { parseArgs } from 'node:util';
import { TELNYX_ENV_VARS } from './backends/telnyx';
import { ENV_VARS } from './config';
import { ExampleError } from './errors';

/** Every environment variable a program's `--help` may list (Call Manager and Telnyx). */
const HELP_ENV_VARS = { ...ENV_VARS, ...TELNYX_ENV_VARS };

/** One command-line flag of an example. */
export interface FlagSpec {
  /** `boolean` for a switch, `string` for a flag that takes a value. */
  type: 'boolean' | 'string';
  /** One line for `--help`. */
  description: string;
  /** Placeholder of the value in `--help` (string flags). @default 'VALUE' */
  valueName?: string;
}

/** What `--help` shows and which flags a program accepts. */
export interface ProgramSpec {
  /** Program name, e.g. `outbound`; also the prefix of its client id. */
  name: string;
  /** One sentence saying what the program does. */
  summary: string;
  /** Extra paragraphs for `--help` (what it prints, how it ends). @default none */
  details?: readonly string[];
  /** The program's own flags (the common ones are added by {@link commonFlags}). */
  flags: Readonly<Record<string, FlagSpec>>;
  /** Environment variables it reads. @default every variable in ENV_VARS */
  env?: readonly (keyof typeof HELP_ENV_VARS)[];
}

/** Flags every example accepts. */
export const commonFlags: Readonly<Record<string, FlagSpec>> = {
  help: { type: 'boolean', description: 'show this help and exit' },
  fast: {
    type: 'boolean',
    description: 'embedded emulator only: near-instant timing instead of realistic',
  },
  quirks: {
    type: 'boolean',
    description: 'embedded emulator only: behave like the real CM (missing events, §7.4)',
  },
  'timeout-ms': {
    type: 'string',
    valueName: 'MS',
    description:
      'how long each step may take (default 10000 on the emulator, 30000 on a real CM); the answer is awaited at least the 60 s ring timeout + 10 s',
  },
};

/**
 * Flags of the programs that put calls into media channels (dial, accept, bridge). Add them to
 * `ProgramSpec.flags`; `loadConfig` reads the value into `ExampleConfig.rtcToken`.
 */
export const mediaFlags: Readonly<Record<string, FlagSpec>> = {
  'rtc-token': {
    type: 'string',
    valueName: 'TOKEN',
    description:
      'RTC token for dial/accept/bridge (default RTC_TOKEN; prefer the variable: command lines are visible to other users)',
  },
};

/** Parsed flag values by name (`true` for switches, the text for string flags). */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** Parses `argv` against the program's flags plus {@link commonFlags}; throws `usage` errors. */
export function parseFlags(spec: ProgramSpec, argv: readonly string[]): FlagValues {
  const flags = { ...commonFlags, ...spec.flags };
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, flag]) => [
      name,
      { type: flag.type, ...(name === 'help' ? { short: 'h' } : {}) },
    ]),
  );
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ExampleError('usage', `${(error as Error).message}. Try --help.`, { cause: error });
  }
}

/** A string flag as a non-negative integer, or `fallback` when absent; throws `usage` if malformed. */
export function intFlag(values: FlagValues, name: string, fallback: number): number {
  const value = values[name];
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) {
    throw new ExampleError(
      'usage',
      `--${name} needs a whole number (got ${JSON.stringify(value)})`,
    );
  }
  return parsed;
}

/** A string flag's value, or `fallback`. */
export function textFlag(values: FlagValues, name: string, fallback: string): string;
export function textFlag(values: FlagValues, name: string): string | undefined;
export function textFlag(values: FlagValues, name: string, fallback?: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : fallback;
}

/** The `--help` text: usage, summary, flags, environment. */
export function helpText(spec: ProgramSpec): string {
  const flags = { ...spec.flags, ...commonFlags };
  const left = (name: string, flag: FlagSpec) =>
    `--${name}${flag.type === 'string' ? ` ${flag.valueName ?? 'VALUE'}` : ''}`;
  const width = Math.max(...Object.entries(flags).map(([name, flag]) => left(name, flag).length));
  const envNames = spec.env ?? (Object.keys(ENV_VARS) as (keyof typeof ENV_VARS)[]);
  const envWidth = Math.max(...envNames.map((name) => name.length));
  return [
    `Usage: ${spec.name} [flags]`,
    '',
    spec.summary,
    ...(spec.details?.length ? ['', ...spec.details] : []),
    '',
    'Flags:',
    ...Object.entries(flags).map(
      ([name, flag]) => `  ${left(name, flag).padEnd(width)}  ${flag.description}`,
    ),
    '',
    'Environment (unset CM_HOST = embedded emulator, no account needed):',
    ...envNames.map((name) => `  ${name.padEnd(envWidth)}  ${HELP_ENV_VARS[name]}`),
    '',
    'Output: one JSON object per line on stdout; human messages on stderr.',
    'Exit status: 0 done (or stopped by Ctrl-C / SIGTERM), 1 a step failed, 2 bad flags or settings.',
    '',
  ].join('\n');
}
