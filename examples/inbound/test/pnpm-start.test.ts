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
 * shell and the example alike. Two processes between pnpm and the example used to turn a clean
 * shutdown into ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL: `sh`, which died of the signal while the
 * example was still cleaning up (`shellEmulator: true` in pnpm-workspace.yaml runs scripts
 * without it), and the `tsx` CLI, which gives its child 30 ms to acknowledge a signal and then
 * SIGKILLs it and exits 130, which a loaded machine hits (the scripts run
 * `node --import tsx src/main.ts`: one process). This runs the README's command and presses
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
    const [code, signal] = await exited;
    expect(output).toContain('"type":"shutdown","reason":"SIGINT"');
    expect(output).not.toMatch(/ERR_PNPM|ELIFECYCLE|Command failed/);
    // pnpm itself exits 0. (Through the npx fallback, without pnpm on PATH, npx reports the
    // signal in its own way; what matters there is that pnpm printed no failure.)
    if (pnpm.command === 'pnpm')
      expect({ code, signal }, output).toEqual({ code: 0, signal: null });
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-pid, 'SIGKILL');
  }
}, 60_000);
