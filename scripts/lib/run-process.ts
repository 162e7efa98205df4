import { spawn } from 'node:child_process';

/** What a finished child process left behind. */
export interface ProcessResult {
  /** Exit code, or `null` when a signal ended the process. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  /** Working directory of the child. */
  readonly cwd: string;
  /** Extra environment variables, merged over the parent's. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Kills the child after this long so a hung tool fails the test instead of the whole run.
   * @default 60000
   */
  readonly timeoutMs?: number;
}

/**
 * Runs a command to completion and collects its output. Never rejects on a non-zero exit: the
 * caller asserts on `code` so that a failure message can show `stderr`.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Formats a failed result for an assertion message. */
export function describeFailure(label: string, result: ProcessResult): string {
  return `${label} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
