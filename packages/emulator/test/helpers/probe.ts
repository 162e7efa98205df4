import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs `test/probes/<name>.ts` in a fresh Node process with `--expose-gc` (through tsx, on the
 * sources) and resolves with the JSON object it printed last. Heap figures taken there are not
 * disturbed by the test runner's own allocations.
 */
export function runProbe<Key extends string>(
  name: string,
  keys: readonly Key[],
  timeoutMs = 90_000,
): Promise<Record<Key, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', `${packageDir}test/probes/${name}.ts`],
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) {
        reject(new Error(`probe ${name} exited ${code ?? signal}: ${err.slice(-2000)}`));
        return;
      }
      let result: Record<string, unknown>;
      try {
        result = JSON.parse(last) as Record<string, unknown>;
      } catch {
        reject(new Error(`probe ${name} printed no result: ${out.slice(-500)} ${err.slice(-500)}`));
        return;
      }
      const missing = keys.filter((key) => typeof result[key] !== 'number');
      if (missing.length > 0)
        reject(new Error(`probe ${name} did not report ${missing.join(', ')}`));
      else resolve(result as Record<Key, number>);
    });
  });
}
