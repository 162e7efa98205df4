/** Turns benchmark sections into the console table and docs/benchmarks.md. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { pendingRows } from './backends';
import type { Row, Section } from './section';

/** The machine a run happened on. */
export interface MachineInfo {
  readonly cpuCount: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** 1-minute load average when the run started and when it ended: other work on the cores. */
  readonly load: readonly [start: number, end: number];
  /** ISO date of the run. */
  readonly date: string;
}

/** Everything a run produced. */
export interface BenchResults {
  readonly machine: MachineInfo;
  readonly rounds: number;
  readonly sections: readonly Section[];
  readonly durationMs: number;
}

/** Facts about this machine and process; `startLoad` is the load average taken at the start. */
export function describeMachine(startLoad: number): MachineInfo {
  const list = cpus();
  return {
    cpuCount: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    load: [startLoad, loadavg()[0] ?? 0],
    date: new Date().toISOString(),
  };
}

/** The 1-minute load average now. */
export function currentLoad(): number {
  return loadavg()[0] ?? 0;
}

function verdict(row: Row): string {
  if (row.target === undefined) return '';
  return row.met ? 'met' : '**not met**';
}

/** A plain-text table for the terminal. */
export function renderTable(results: BenchResults): string {
  const header = ['measurement', `median of ${results.rounds}`, 'vs baseline', 'target', ''];
  const body = results.sections.flatMap((section) =>
    section.rows.map((row) => [
      row.label,
      row.value,
      row.relative ?? '',
      row.target ?? '',
      row.target === undefined ? '' : row.met ? 'met' : 'NOT MET',
    ]),
  );
  const all = [header, ...body];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]?.length ?? 0)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** `met of all` targets, for the summary line. */
function targetCount(sections: readonly Section[]): { met: number; all: number; missed: Row[] } {
  const targeted = sections.flatMap((section) => section.rows.filter((row) => row.target));
  const missed = targeted.filter((row) => !row.met);
  return { met: targeted.length - missed.length, all: targeted.length, missed };
}

/** The hand-written profile findings, kept next to the runner and included verbatim. */
function findings(): string {
  return readFileSync(new URL('./findings.md', import.meta.url), 'utf8').trim();
}

/** The whole docs/benchmarks.md page. */
export function renderMarkdown(results: BenchResults): string {
  const { machine, sections, rounds } = results;
  const table = sections.flatMap((section) =>
    section.rows.map(
      (row) =>
        `| ${row.label} | ${row.value} | ${row.relative ?? ''} | ${row.target ?? ''} | ${verdict(row)} |`,
    ),
  );
  const targets = targetCount(sections);
  const summary =
    targets.missed.length === 0
      ? `All ${targets.all} targets of issue 12 measured here were met in this run.`
      : `${targets.met} of ${targets.all} targets of issue 12 measured here were met in this run; not met: ${targets.missed.map((row) => row.label.replace(/^\([a-z]\) /, '')).join('; ')} (see the profile section for what limits them).`;
  const notes = sections.flatMap((section) =>
    section.notes.length === 0 ? [] : [`**${section.title}.** ${section.notes.join(' ')}`],
  );
  const pending = pendingRows.flatMap(({ backend, rows }) =>
    rows.map((row) => `- ${backend}: ${row}`),
  );
  return `<!-- Written by scripts/bench/run.ts (pnpm bench); the profile section comes from scripts/bench/findings.md. Numbers are from the run below; rerun to refresh. -->

# Benchmarks

callstream compared with raw [\`ws\`](https://github.com/websockets/ws) on loopback, in one run
on one machine. The question is what the SDK costs on top of the socket it uses, whether that
cost grows with the number of live calls (it must not), and how much memory a call takes. The
targets are those of issue 12.

## Results

Run of ${machine.date.slice(0, 10)}: ${machine.cpuCount} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB,
${machine.os}, Node ${machine.node}. The machine was shared with other work (1-minute load
average ${machine.load[0].toFixed(2)} at the start, ${machine.load[1].toFixed(2)} at the end, on ${machine.cpuCount} cores), so absolute numbers
are noisy; the comparisons within a round are the point, which is why every ratio is taken per
round (side by side, same load) and the median and range of those ratios are shown. Whole run:
${(results.durationMs / 1000).toFixed(0)} s.

| measurement | median of ${rounds} | vs baseline (range over rounds) | target | |
| ----------- | ----------- | ----------- | ------ | - |
${table.join('\n')}

${summary}

${notes.join('\n\n')}

${findings()}

## Rows still to come

The other backends add their rows through \`scripts/bench/backends.ts\` (a section each, with a
raw baseline from the same run). Not measured yet:

${pending.length > 0 ? pending.join('\n') : '- none'}

## Every round

${sections.flatMap((section) => section.rounds.map((line) => `- ${line}`)).join('\n')}

## Method

- **Server.** A minimal Call Manager (\`scripts/bench/cmServer.ts\`) runs in a worker thread, so
  it has its own event loop (and, on two cores, mostly its own core). It sends the greeting,
  answers \`register\`, replies to every command at once (\`outbound\` with a fresh callid), and
  on request of the main thread blasts pre-serialised event frames to one client (addressed by
  its \`client_id\`), in corked batches of 512 frames. The emulator rows use the real CM emulator
  (\`@callstream/emulator\`, built) in a worker thread instead.
- **Clients** run in the main thread against the **built** packages (\`dist/\`, what users
  install). Rates are frames received divided by the time from the blast request to the last
  frame. Every measurement is preceded by a warm-up that is not recorded, and a full garbage
  collection runs before every timed blast, so no measurement pays for JIT compilation or for
  the garbage of the one before.
${sections.map((section) => `- ${section.method}`).join('\n')}
- Every figure is the **median of ${rounds}** rounds (reconnect: of every restart); all rounds are listed above.

## Rerun

\`\`\`sh
npx -y pnpm@10.34.9 bench          # builds, runs (a few minutes), prints the table, rewrites this page
npx tsx scripts/bench/run.ts --quick   # a tenth of the work, prints only (needs a previous build)
npx tsx scripts/bench/run.ts --only=ingest,commands   # some sections, prints only
\`\`\`

Profiles: \`node --cpu-prof --cpu-prof-dir=.profiles --import tsx scripts/bench/profile.ts bridge\`
(or \`dtmf\`, \`spread\`, \`commands\`), then \`npx tsx scripts/bench/cpuprofile.ts <file>\` for the
functions with the most self time.

Close other heavy processes first for steadier numbers. The run fails loudly rather than
reporting a number when a client misses a frame or a call is left behind.
`;
}
