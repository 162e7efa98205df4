/**
 * Machine-readable codes of {@link ExampleError}. Each maps to the exit status a program ends
 * with when the error reaches the runner (see {@link exitCodeOf}).
 */
export type ExampleErrorCode =
  /** Unknown flag or bad flag value. Exit 2. */
  | 'usage'
  /** A required setting (environment variable) is missing. Exit 2. */
  | 'missing-config'
  /** The program needs an emulator (e.g. `--self-test`) but talks to a real Call Manager. Exit 2. */
  | 'emulator-required'
  /** A step did not happen within its timeout. Exit 1. */
  | 'step-timeout'
  /** A step could not complete (the call ended early, a command failed…). Exit 1. */
  | 'step-failed'
  /** The program is shutting down (Ctrl-C / SIGTERM); waits end with this. Exit 0. */
  | 'aborted';

const exitCodes: Record<ExampleErrorCode, number> = {
  usage: 2,
  'missing-config': 2,
  'emulator-required': 2,
  'step-timeout': 1,
  'step-failed': 1,
  aborted: 0,
};

/** The one error type the example helpers throw: a stable `code`, a readable message, a `cause`. */
export class ExampleError extends Error {
  /** Stable code; decides the exit status. */
  readonly code: ExampleErrorCode;

  constructor(code: ExampleErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ExampleError';
    this.code = code;
  }

  /** The process exit status this error stands for. */
  get exitCode(): number {
    return exitCodes[this.code];
  }
}

/** Exit status for any thrown value: an {@link ExampleError}'s own, 1 for everything else. */
export function exitCodeOf(error: unknown): number {
  return error instanceof ExampleError ? error.exitCode : 1;
}

/** `{ code, message }` of any thrown value, for JSON output (`code` is `'error'` when unknown). */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'error', message: error.message };
  }
  return { code: 'error', message: String(error) };
}
