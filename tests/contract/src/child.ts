import { spawn } from 'node:child_process';

/** How a child process ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `script` (TypeScript, through tsx) in a child Node process and resolves with how it ended.
 * It must end by itself: after `limitMs` it is killed and the promise rejects, because a process
 * kept alive by a leftover timer or socket is exactly what the callers check for.
 */
export function runChild(
  script: string,
  args: readonly string[],
  limitMs = 15_000,
): Promise<ChildExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not exit within ${limitMs} ms (stdout: ${stdout})`));
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}
