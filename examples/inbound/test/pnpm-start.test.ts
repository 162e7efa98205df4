import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ENV_VARS } from '@callstream/example-support';
import { expect, it } from 'vitest';
import { pnpmCommand } from '../../../scripts/lib/pnpm';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Ctrl-C in a terminal sends SIGINT to the whole foreground process group: pnpm, the script's
 * shell and the example alike. pnpm used to run the script through `sh`, which died of the
 * signal while the example was still cleaning up, so pnpm printed
 * ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL after a clean shutdown. `shellEmulator: true` in
 * pnpm-workspace.yaml runs scripts without `sh`; this runs the README's command and presses
 * Ctrl-C the way a terminal does.
 */
it('Ctrl-C on `pnpm --filter … start` ends cleanly: exit 0, no ERR_PNPM_…', async () => {
  const pnpm = pnpmCommand();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(ENV_VARS)) delete env[name];
  const child = spawn(
    pnpm.command,
    [...pnpm.args, '--filter', '@callstream/example-inbound', 'start', '--fast'],
    // detached: a process group of its own, like a terminal's foreground job.
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const pid = child.pid ?? 0;
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const subscribed = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      if (line.includes('"command":"subscribe"')) resolve();
    });
  });
  try {
    await Promise.race([subscribed, exited]);
    process.kill(-pid, 'SIGINT');
    const [code] = await exited;
    expect(output).toContain('"type":"shutdown","reason":"SIGINT"');
    expect(output).not.toMatch(/ERR_PNPM|ELIFECYCLE|Command failed/);
    // Through the npx fallback (no pnpm on PATH) npx itself reports the signal as 130.
    expect(code, output).toBe(pnpm.command === 'pnpm' ? 0 : 130);
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-pid, 'SIGKILL');
  }
}, 60_000);
