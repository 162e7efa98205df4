/** One line of a program's JSON output: an object with a `type`. `at` is added when printed. */
export interface JsonRecord {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Something text can be written to (`process.stdout`, a test buffer). */
export interface TextSink {
  write(text: string): unknown;
}

/** Machine-readable records to stdout, human messages to stderr. */
export interface Output {
  /** Prints one JSON object on its own line: `{"at": ISO time, "type": …, …}`, secrets redacted. */
  emit(record: JsonRecord): void;
  /** Prints a human-readable line on stderr. */
  log(message: string): void;
  /** Registers a secret (e.g. the auth token): any string containing it is redacted from now on. */
  addSecret(secret: string): void;
  /** How many records of each `type` were emitted so far. */
  counts(): Readonly<Record<string, number>>;
}

/** Options of {@link createOutput}. */
export interface OutputOptions {
  /** @default process.stdout */
  stdout?: TextSink;
  /** @default process.stderr */
  stderr?: TextSink;
  /** Clock for the `at` field. @default () => new Date() */
  now?: () => Date;
}

const REDACTED = '[redacted]';
/** Field names whose values are secrets wherever they appear. */
const SECRET_KEY = /token|authorization|secret|password/i;

/**
 * A deep copy of `value` with secret fields and any occurrence of a known secret replaced by
 * `[redacted]`. Objects deeper than 8 levels are cut off (output records are shallow).
 */
export function redactSecrets(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') {
    return secrets.reduce(
      (text, secret) => (secret === '' ? text : text.split(secret).join(REDACTED)),
      value,
    );
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= 8) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, secrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(item, secrets, depth + 1);
  }
  return copy;
}

/** Creates an {@link Output}; the examples share one bound to the process streams. */
export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const now = options.now ?? (() => new Date());
  const secrets: string[] = [];
  const counts: Record<string, number> = {};
  return {
    emit(record) {
      counts[record.type] = (counts[record.type] ?? 0) + 1;
      const line = redactSecrets({ at: now().toISOString(), ...record }, secrets);
      stdout.write(`${JSON.stringify(line)}\n`);
    },
    log(message) {
      stderr.write(`${redactSecrets(message, secrets) as string}\n`);
    },
    addSecret(secret) {
      // Short strings would redact ordinary words; real tokens are long.
      if (secret.length >= 8 && !secrets.includes(secret)) secrets.push(secret);
    },
    counts: () => ({ ...counts }),
  };
}

/** The process-wide output of an example program. */
export const output: Output = createOutput();

/** Prints one JSON record on stdout through the process-wide {@link output}. */
export function emit(record: JsonRecord): void {
  output.emit(record);
}
