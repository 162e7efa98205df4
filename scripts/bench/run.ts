/**
 * `pnpm bench`: compares @callstream/transport and @callstream/core with raw `ws` on loopback,
 * in one run, against a CM-speaking server in a worker thread (and the CM emulator for its own
 * rows). Prints a table and rewrites docs/benchmarks.md. `--quick` runs a tenth of the work and
 * writes nothing (a smoke test of the harness); `--only=ingest,commands` runs some sections and
 * writes nothing.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { backendSections } from './backends';
import { loadPackages } from './packages';
import {
  type BenchResults,
  currentLoad,
  describeMachine,
  renderMarkdown,
  renderTable,
} from './report';
import type { BenchContext, BenchSection, Section } from './section';
import { commandsSection } from './sections/commands';
import { emulatorCapacitySection } from './sections/emulatorCapacity';
import { ingestSection } from './sections/ingest';
import { memorySection } from './sections/memory';
import { perCallSection } from './sections/perCall';
import { reconnectSection } from './sections/reconnect';
import { startBenchServer } from './server';

/** Every section, in the order of the table. */
const allSections: readonly BenchSection[] = [
  ingestSection,
  commandsSection,
  perCallSection,
  memorySection,
  reconnectSection,
  emulatorCapacitySection,
  ...backendSections,
];

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.find((arg) => arg.startsWith('--only='));
const only = onlyArg?.slice('--only='.length).split(',');
const unknown = only?.filter((id) => !allSections.some((section) => section.id === id)) ?? [];
if (unknown.length > 0) {
  throw new Error(
    `unknown section ${unknown.join(', ')}; sections: ${allSections.map((s) => s.id).join(', ')}`,
  );
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const startLoad = currentLoad();
  const packages = await loadPackages();
  const server = await startBenchServer();
  const context: BenchContext = {
    packages,
    server,
    rounds: 5,
    scale: (size) => (quick ? Math.max(1, Math.round(size / 10)) : size),
    progress,
  };
  const sections: Section[] = [];
  try {
    for (const section of allSections) {
      if (only && !only.includes(section.id)) continue;
      sections.push(await section.run(context));
    }
  } finally {
    await server.stop();
  }
  const results: BenchResults = {
    machine: describeMachine(startLoad),
    rounds: context.rounds,
    sections,
    durationMs: performance.now() - startedAt,
  };
  process.stdout.write(`${renderTable(results)}\n`);
  if (quick || only) {
    progress('--quick/--only: docs/benchmarks.md left unchanged');
  } else {
    const path = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
    writeFileSync(path, renderMarkdown(results));
    progress(`wrote ${path}`);
  }
  progress(
    `done in ${(results.durationMs / 1000).toFixed(1)} s (load ${results.machine.load[0].toFixed(1)} → ${results.machine.load[1].toFixed(1)})`,
  );
}

await main();
