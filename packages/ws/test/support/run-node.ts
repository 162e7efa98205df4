import { execFile } from 'node:child_process';

/** Output of a finished `node` child process. */
export interface NodeResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node <args>` in `cwd` and resolves once it exits (never rejects on a non-zero exit, so
 * the test can assert on `stderr`). The timeout only bounds a hung child; no test waits on it.
 */
export function runNode(
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): Promise<NodeResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd, env: { ...process.env, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Parses the last stdout line of a probe as JSON, with the child's output on failure. */
export function lastJsonLine<T>(result: NodeResult): T {
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as T;
  } catch (cause) {
    throw new Error(
      `probe printed no JSON (exit ${result.code})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
      { cause },
    );
  }
}
