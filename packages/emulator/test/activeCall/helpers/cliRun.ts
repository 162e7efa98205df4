import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../../..', import.meta.url));
const distCli = `${packageDir}dist/cli.js`;
const srcDir = `${packageDir}src`;

/** The built bin when it is newer than every source file, else the source through tsx. */
function cliArgv(): string[] {
  if (existsSync(distCli)) {
    const built = statSync(distCli).mtimeMs;
    const newest = Math.max(
      ...readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).map(
        (name) => statSync(`${srcDir}/${name}`).mtimeMs,
      ),
    );
    if (built >= newest) return [distCli];
  }
  return ['--import', 'tsx', `${srcDir}/cli.ts`];
}

/** A running `callstream-emulator` process. */
export interface CliRun extends AsyncDisposable {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

export const CLI_MODE = cliArgv()[0] === distCli ? 'dist/cli.js' : 'src/cli.ts via tsx';

export function runCli(args: readonly string[]): CliRun {
  const child = spawn(process.execPath, [...cliArgv(), ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => resolve(code)),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async [Symbol.asyncDispose]() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The first stdout line, parsed; fails with stderr if the CLI exits or stays silent. */
export async function readyLine(run: CliRun, timeoutMs = 15_000): Promise<Record<string, string>> {
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line; stderr:\n${run.stderr()}`)),
      timeoutMs,
    );
    const check = () => {
      const newline = run.stdout().indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      run.child.stdout?.off('data', check);
      resolve(run.stdout().slice(0, newline));
    };
    run.child.stdout?.on('data', check);
    run.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited (${code}) before ready; stderr:\n${run.stderr()}`));
    });
    check();
  });
  return JSON.parse(line) as Record<string, string>;
}
