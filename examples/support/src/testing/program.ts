import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ENV_VARS } from '../config';

/** A JSON line an example printed, as parsed. */
export type PrintedRecord = {
  readonly at: string;
  readonly type: string;
  readonly [field: string]: unknown;
};

/** How a spawned program ended. */
export interface ProgramExit {
  /** Exit status, or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running example program (see {@link startProgram}). */
export interface ProgramRun extends AsyncDisposable {
  readonly child: ChildProcess;
  /** Every JSON record printed so far, in order. */
  readonly records: readonly PrintedRecord[];
  /** Everything printed on stdout so far (JSON lines and any other text). */
  stdout(): string;
  /** Everything printed on stderr so far. */
  stderr(): string;
  /** The first record, past or future, matching `predicate`; rejects after `timeoutMs` or on exit. */
  waitForRecord(
    predicate: (record: PrintedRecord) => boolean,
    timeoutMs?: number,
  ): Promise<PrintedRecord>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ProgramExit>;
}

/** Options of {@link startProgram}. */
export interface StartProgramOptions {
  /** Environment variables on top of a copy of this process's, without the Call Manager ones. */
  env?: Record<string, string>;
  /** Entry file, relative to the program directory. @default 'src/main.ts' */
  entry?: string;
}

/** This process's environment without CM_HOST, AUTH_TOKEN… so a child starts its own emulator. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(ENV_VARS)) delete env[name];
  return { ...env, ...extra };
}

/**
 * Spawns an example like a user runs it (`node --import tsx src/main.ts …` in its directory)
 * and parses its JSON lines as they come. `await using` kills it (SIGKILL) if it still runs.
 */
export function startProgram(
  dir: string,
  args: readonly string[] = [],
  options: StartProgramOptions = {},
): ProgramRun {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', options.entry ?? 'src/main.ts', ...args],
    {
      cwd: dir,
      env: cleanEnv(options.env ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const records: PrintedRecord[] = [];
  const waiters = new Set<() => void>();
  let stdout = '';
  let stderr = '';
  let done = false;

  createInterface({ input: child.stdout! }).on('line', (line) => {
    stdout += `${line}\n`;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        records.push(value as PrintedRecord);
    } catch {
      // Not a JSON line (e.g. --help text): kept in stdout only.
    }
    for (const waiter of [...waiters]) waiter();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<ProgramExit>((resolve) => {
    child.on('close', (code, signal) => {
      done = true;
      for (const waiter of [...waiters]) waiter();
      resolve({ code, signal });
    });
  });

  return {
    child,
    records,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForRecord(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const check = () => {
          const found = records.find(predicate);
          if (!found && !done) return;
          clearTimeout(timer);
          waiters.delete(check);
          if (found) resolve(found);
          else
            reject(
              new Error(
                `the program exited without printing the expected record\nstderr:\n${stderr}`,
              ),
            );
        };
        timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching record within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async [Symbol.asyncDispose]() {
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Runs an example to its end and returns its exit, JSON records and stderr. */
export async function runProgram(
  dir: string,
  args: readonly string[] = [],
  options: StartProgramOptions = {},
): Promise<ProgramExit & { records: readonly PrintedRecord[]; stdout: string; stderr: string }> {
  await using program = startProgram(dir, args, options);
  const exit = await program.exited;
  return { ...exit, records: program.records, stdout: program.stdout(), stderr: program.stderr() };
}
