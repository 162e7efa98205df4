/// <reference path="./provided-context.d.ts" />
/**
 * Every TypeScript and JavaScript block of the README files and `docs/*.md` compiles and runs
 * as pasted, against the packed packages (what a user installs) and a fresh emulator. How
 * blocks make up programs is written next to them in `<!-- sample: … -->` comments
 * (scripts/lib/doc-samples.ts): a block is a program of its own unless it continues a named
 * one. The behaviour the docs describe is asserted in packages/core/test/docs.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DEFAULT_APP_IDS,
  DEFAULT_DIDS,
  type Emulator,
  scenario,
  startEmulator,
} from '../../packages/emulator/src/index';
import { chromiumArgs, chromiumPath, hasChromium } from '../chromium';
import { allBlocks, blocksOf, PROGRAM_LANGS, programsOf, samplePages } from '../lib/doc-samples';
import { brokenLinks } from '../lib/markdown';
import { SAMPLE_BACKENDS } from '../lib/sample-backends';
import {
  compilePrograms,
  linkSampleExtras,
  serveBrowserSample,
  type WrittenProgram,
  writePrograms,
} from '../lib/sample-runner';
import { repoRoot } from '../lib/workspace';

const programs = samplePages().flatMap((page) =>
  programsOf(blocksOf(page, readFileSync(join(repoRoot, page), 'utf8'))),
);

/** Directive keys the sample and walkthrough runners understand. */
const KNOWN_KEYS = [
  'program',
  'after',
  'run',
  'stop',
  'inbound',
  'walkthrough',
  'file',
  'action',
  'backend',
];
/** How long one program may run; the emulator runs with fast timing. */
const RUN_TIMEOUT_MS = 60_000;

let written = new Map<string, WrittenProgram>();
let diagnostics = new Map<string, string[]>();
let consumerDir = '';

beforeAll(async () => {
  const packed = inject('packagingWorkspace');
  if (!packed.ok) throw new Error(`packing the workspace failed:\n${packed.error}`);
  consumerDir = packed.consumerDir;
  await linkSampleExtras(consumerDir);
  const dir = join(consumerDir, 'samples');
  await mkdir(dir, { recursive: true });
  const files = await writePrograms(dir, programs);
  written = new Map(files.map((file) => [file.program.id, file]));
  diagnostics = compilePrograms(dir, files);
}, 180_000);

/** The environment a sample that reads its settings finds: a Call Manager that is the emulator. */
function sampleEnv(emulator: Emulator): Record<string, string> {
  return {
    CM_URL: emulator.wsUrl,
    AUTH_TOKEN: emulator.token,
    APPID: DEFAULT_APP_IDS[0],
    DID: DEFAULT_DIDS[0],
    TO_NUMBER: scenario.answer(),
    FROM_NUMBER: '+15551230000',
  };
}

/** Resolves once some client has registered with the emulator. */
async function registered(emulator: Emulator): Promise<void> {
  await expect.poll(() => emulator.status().client_count, { timeout: 20_000 }).toBeGreaterThan(0);
}

/**
 * Runs a Node program with `env`. With `emulator` (the Call Manager), `inbound` and
 * `stop=sigterm` programs are driven once they have registered.
 */
async function runOnNode(
  entry: WrittenProgram,
  env: Record<string, string>,
  emulator?: Emulator,
): Promise<void> {
  const { program, runnable } = entry;
  const vitest = join(consumerDir, 'node_modules', 'vitest', 'vitest.mjs');
  const args =
    program.mode === 'vitest'
      ? [vitest, 'run', runnable, '--root', join(consumerDir, 'samples', 'out')]
      : [runnable];
  const child = spawn(process.execPath, args, {
    cwd: join(consumerDir, 'samples', 'out'),
    env: { ...process.env, ...env, NODE_OPTIONS: '', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: RUN_TIMEOUT_MS,
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  if (
    emulator &&
    (program.directive.inbound !== undefined || program.directive.stop === 'sigterm')
  ) {
    await Promise.race([registered(emulator), exited]);
  }
  if (emulator && program.directive.inbound !== undefined) {
    const outcome = await emulator.simulateInbound({ did: DEFAULT_DIDS[0], from: '+14155550100' });
    expect(outcome.status, `the sample accepts an inbound call\n${output}`).toBe(200);
  }
  if (program.directive.stop === 'sigterm') child.kill('SIGTERM');
  const [code, signal] = await exited;
  expect({ code, signal }, `${program.id} printed:\n${output}`).toEqual({ code: 0, signal: null });
}

async function runInChromium(entry: WrittenProgram, emulator: Emulator): Promise<void> {
  const { chromium } = await import('playwright');
  await using page = await serveBrowserSample(entry.source, {
    cmUrl: emulator.wsUrl,
    token: emulator.token,
    appId: DEFAULT_APP_IDS[0],
  });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await tab.goto(page.url);
    await registered(emulator);
    const outcome = await emulator.simulateInbound({ did: DEFAULT_DIDS[0], from: '+14155550100' });
    expect(outcome.status, 'the page accepts an inbound call').toBe(200);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}

describe('samples in the README files and docs/', () => {
  it('every directive names a known key, and JavaScript blocks need no newer Node than 20', () => {
    const problems: string[] = [];
    for (const block of allBlocks()) {
      for (const key of Object.keys(block.directive)) {
        if (!KNOWN_KEYS.includes(key)) problems.push(`${block.page}:${block.line}: unknown ${key}`);
      }
      const javascript = block.lang === 'js' || block.lang === 'javascript';
      if (javascript && /\b(await\s+)?using\s+[\w{[]/.test(block.code)) {
        problems.push(`${block.page}:${block.line}: \`using\` in JavaScript needs Node >= 24`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every page whose samples use `await using` says what it needs (runtimes.md#await-using)', () => {
    const pages = new Set(
      allBlocks()
        .filter((block) => PROGRAM_LANGS.includes(block.lang) && block.code.includes('await using'))
        .map((block) => block.page),
    );
    const silent = [...pages].filter((page) => {
      const text = readFileSync(join(repoRoot, page), 'utf8');
      return page !== 'docs/runtimes.md' && !text.includes('runtimes.md#await-using');
    });
    expect(silent).toEqual([]);
  });

  it('every link resolves: relative ones, #anchors, and addresses inside this repository', () => {
    const broken = samplePages().flatMap((page) =>
      brokenLinks(join(repoRoot, page)).map((problem) => `${page}: ${problem}`),
    );
    expect(broken).toEqual([]);
  });

  it('finds the samples: at least one program per guide', () => {
    for (const page of ['README.md', 'docs/getting-started.md', 'docs/recipes.md']) {
      expect(programs.filter((program) => program.page === page).length, page).toBeGreaterThan(0);
    }
  });
});

// Each program has its own emulator and process: they run a few at a time (vitest's
// maxConcurrency), as most of a run is process start-up and socket round trips.
describe.concurrent.each(programs.map((program) => [program.id, program] as const))(
  '%s',
  (id, program) => {
    it(
      program.typescript ? 'compiles (strict TypeScript)' : 'is JavaScript (run as written)',
      () => {
        const entry = written.get(id);
        expect(entry).toBeDefined();
        if (program.typescript && entry) expect(diagnostics.get(entry.source) ?? []).toEqual([]);
      },
    );

    it.skipIf(program.mode === 'browser' && !hasChromium)(
      program.mode === 'browser'
        ? 'runs in Chromium against the emulator'
        : 'runs against the emulator',
      async () => {
        const entry = written.get(id);
        if (!entry) throw new Error(`${id} was not written`);
        if (program.typescript) {
          expect(diagnostics.get(entry.source) ?? [], 'it must compile first').toEqual([]);
        }
        const backend = program.directive.backend;
        if (backend !== undefined) {
          const start = SAMPLE_BACKENDS[backend];
          if (!start) throw new Error(`${id}: no sample backend named ${backend}`);
          await using started = await start();
          await runOnNode(entry, { ...started.env });
          return;
        }
        await using emulator = await startEmulator({ timing: 'fast' });
        if (program.mode === 'browser') await runInChromium(entry, emulator);
        else await runOnNode(entry, sampleEnv(emulator), emulator);
      },
      RUN_TIMEOUT_MS + 30_000,
    );
  },
);
