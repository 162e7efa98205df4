/**
 * "Done when" of issue 13: a fresh ESM project, a fresh CommonJS project and a fresh Vite
 * browser project, each in a folder outside the repository, follow docs/getting-started.md
 * word for word. The steps are read from the guide itself: every block marked
 * `<!-- sample: walkthrough=… -->` is a command to run, a file to write (`file=`), a server to
 * start (`action=background`, `action=serve`), in the order the guide gives them.
 *
 * What differs from a reader's machine, and why:
 * - The repository is the clone: the guide's `git clone` and `pnpm install` are what this
 *   checkout already did, so only its `pack:local` runs (in the repository, through the
 *   project's `callstream` link, writing `packed/` as the guide says).
 * - npm talks to a registry on 127.0.0.1 that serves the packages the workspace install already
 *   has (tests reach no internet host); like the real registry before a release, it has no
 *   `@callstream/*` package, so the tarballs must install together as the guide says.
 * - `npx vite` gets `--port <free port> --strictPort` (tests use no fixed port; Vite reads
 *   `--port 0` as its default 5173).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, hasChromium } from '../chromium';
import { blocksOf, type DocBlock } from '../lib/doc-samples';
import { type LocalRegistry, startLocalRegistry } from '../lib/local-registry';
import { pnpmCommand } from '../lib/pnpm';
import { describeFailure, type ProcessResult, runProcess } from '../lib/run-process';
import { repoRoot } from '../lib/workspace';

type Project = 'esm' | 'cjs' | 'vite';

const GUIDE = 'docs/getting-started.md';
const guide = blocksOf(GUIDE, readFileSync(join(repoRoot, GUIDE), 'utf8'));
const stepsOf = (project: Project) =>
  guide.filter((block) => (block.directive.walkthrough ?? '').split(',').includes(project));

/** The guide's clone block, command by command (comments dropped). */
const EXPECTED_CLONE = [
  'git clone https://github.com/callstream/callstream.git',
  'cd callstream',
  'npx -y pnpm@10.34.9 install',
  'npx -y pnpm@10.34.9 pack:local',
];

function commandsOf(block: DocBlock): string[] {
  return block.code
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

let base = '';
let registry: LocalRegistry | undefined;
let packOutput = '';

/** What every command of a reader's project sees: npm on the loopback registry, quiet. */
function projectEnv(): Record<string, string> {
  const env: Record<string, string> = {
    npm_config_registry: `${registry?.url}/`,
    npm_config_cache: join(base, 'npm-cache'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
    // Plain text to match on: NO_COLOR for picocolors (Vite), FORCE_COLOR=0 for Node's console.
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  // A reader's shell has no Call Manager settings (and vitest's NODE_OPTIONS is not theirs).
  for (const name of ['CM_URL', 'CM_HOST', 'AUTH_TOKEN', 'APPID', 'DID', 'NODE_OPTIONS']) {
    env[name] = '';
  }
  return env;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A long-running command of the guide, in a process group of its own. */
interface Background {
  readonly child: ChildProcess;
  /** Its first line on stdout that matches. */
  readonly ready: Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

/** Every background process still running, stopped after the tests even when one timed out. */
const running = new Set<Background>();
/** How long a server of the guide may take to print its ready line. */
const READY_TIMEOUT_MS = 60_000;

function startBackground(command: string, cwd: string, readyLine: RegExp): Background {
  const child = spawn('bash', ['-c', `exec ${command}`], {
    cwd,
    env: { ...process.env, ...projectEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = once(child, 'close');
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} printed no ready line in time:\n${output}`)),
      READY_TIMEOUT_MS,
    );
    createInterface({ input: child.stdout! }).on('line', (raw) => {
      const line = stripVTControlCharacters(raw);
      output += `${line}\n`;
      if (readyLine.test(line)) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${command} exited before it was ready:\n${output}`));
    });
  });
  const started: Background = {
    child,
    ready,
    output: () => output,
    stop: async () => {
      running.delete(started);
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-(child.pid ?? 0), 'SIGTERM');
      await exited;
    },
  };
  running.add(started);
  return started;
}

/** Runs one shell block like a reader pasting it; returns its result and the folder it ends in. */
async function runShell(code: string, cwd: string): Promise<ProcessResult & { cwd: string }> {
  const cwdFile = join(base, `cwd-${Date.now()}-${Math.random()}`);
  const result = await runProcess('bash', ['-e', '-c', `${code}\npwd > '${cwdFile}'`], {
    cwd,
    env: projectEnv(),
    timeoutMs: 300_000,
  });
  const after = result.code === 0 ? (await readFile(cwdFile, 'utf8')).trim() : cwd;
  return { ...result, cwd: after };
}

/** What the Vite project's page shows once the dev server is up. */
async function bridgedCallInChromium(url: string): Promise<void> {
  const { chromium } = await import('playwright');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    // The emulator's traffic offers a call every second; the page accepts it and the call is
    // bridged: a whole inbound call, through the SDK bundled by Vite.
    await page.waitForSelector('li[data-state="bridged"]', { timeout: 30_000 });
    expect(await page.textContent('p')).toBe('connected');
    expect(await page.textContent('li[data-state="bridged"]')).toMatch(
      /^\+1\d{10} → \+1\d{10}: bridged$/,
    );
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}

/**
 * Follows the guide's steps for one project in a fresh folder (with `callstream` next to it,
 * standing for the clone) and returns the output of every `action=run` command.
 */
async function walk(project: Project): Promise<string[]> {
  const root = join(base, project);
  await mkdir(root, { recursive: true });
  await symlink(repoRoot, join(root, 'callstream'), 'dir');
  let cwd = root;
  const runs: string[] = [];
  const background: Background[] = [];
  let emulatorWsUrl = '';
  try {
    for (const block of stepsOf(project)) {
      const where = `${GUIDE}:${block.line}`;
      const { action, file } = block.directive;
      if (action === 'clone') continue; // done once, in beforeAll
      if (file !== undefined) {
        const target = join(cwd, file);
        await mkdir(dirname(target), { recursive: true });
        // `.env.local` gets the address the emulator really printed, as the guide says.
        const content =
          file === '.env.local'
            ? block.code.replace(/ws:\/\/127\.0\.0\.1:\d+\/v1\/ws\/events/, emulatorWsUrl)
            : block.code;
        // Blocks naming the same file are pasted one after the other.
        await appendFile(target, content);
        continue;
      }
      if (action === 'background') {
        const [command = ''] = commandsOf(block);
        const started = startBackground(command, cwd, /^\{"ws":/);
        background.push(started);
        const line = await started.ready;
        emulatorWsUrl = (JSON.parse(line) as { ws: string }).ws;
        continue;
      }
      if (action === 'serve') {
        const [command = ''] = commandsOf(block);
        expect(command, where).toBe('npx vite');
        if (!hasChromium) {
          console.log(`[walkthrough] ${project}: no Chromium at ${chromiumPath}, page not opened`);
          continue;
        }
        const port = await freePort();
        const server = startBackground(`${command} --port ${port} --strictPort`, cwd, /Local:/);
        background.push(server);
        const line = await server.ready;
        const url = /(http:\/\/\S+)/.exec(line)?.[1] ?? '';
        await bridgedCallInChromium(url);
        continue;
      }
      const result = await runShell(block.code, cwd);
      expect(result.code, describeFailure(`${where} (${project})`, result)).toBe(0);
      cwd = result.cwd;
      if (action === 'run') runs.push(result.stdout);
    }
  } finally {
    for (const started of background.reverse()) await started.stop();
  }
  return runs;
}

describe(`${GUIDE}, word for word, in fresh projects outside the repository`, () => {
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'callstream-walkthrough-'));
    registry = await startLocalRegistry();
    const clone = guide.find((block) => block.directive.action === 'clone');
    expect(clone && commandsOf(clone)).toEqual(EXPECTED_CLONE);
    // This checkout is the clone: it is installed, so only the packing step is left to do.
    const pnpm = pnpmCommand();
    const packed = await runProcess(pnpm.command, [...pnpm.args, 'pack:local'], {
      cwd: repoRoot,
      timeoutMs: 300_000,
    });
    expect(packed.code, describeFailure('pnpm pack:local', packed)).toBe(0);
    packOutput = packed.stdout;
  }, 400_000);

  afterAll(async () => {
    for (const started of [...running]) await started.stop();
    await registry?.close();
    if (base !== '') await rm(base, { recursive: true, force: true });
  });

  it('pack:local leaves one tarball per package in packed/', () => {
    expect(packOutput).toMatch(/Packed \d+ packages into/);
    expect(packOutput).toContain('callstream-core-');
  });

  it('ESM: install, type-check, run a call (steps 1–7)', async () => {
    const [run = ''] = await walk('esm');
    for (const line of ['connection: connected', 'answered:', 'answered with 200', 'pressed #']) {
      expect(run).toContain(line);
    }
    expect(run.trim().split('\n').at(-1)).toBe('connection: closed');
  }, 400_000);

  it('CommonJS: install, type-check, run a call (step 8)', async () => {
    const [run = ''] = await walk('cjs');
    expect(run).toContain('connection: connected');
    expect(run).toMatch(/bridged: \S+/);
    expect(run.trim().split('\n').at(-1)).toBe('connection: closed');
  }, 400_000);

  it('Vite: install, type-check without @types/node (skipLibCheck false), build, take a call in Chromium (step 9)', async () => {
    const runs = await walk('vite');
    expect(runs).toHaveLength(1); // npx tsc && npx vite build
  }, 400_000);
});
