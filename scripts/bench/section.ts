/** What every part of the benchmark produces, and what it gets to run with. */
import type { Packages } from './packages';
import type { BenchServer } from './server';

/** One line of the results table. */
export interface Row {
  /** What was measured. */
  readonly label: string;
  /** The median over the rounds, with its unit. */
  readonly value: string;
  /** The comparison with the baseline of the same run (`0.72× raw`), when there is one. */
  readonly relative?: string;
  /** The target for this row, when it has one (`≥ 0.6× raw`). */
  readonly target?: string;
  /** Whether the target was met in this run (only with `target`). */
  readonly met?: boolean;
}

/** A part of the results: its table rows, every round for the record, and what they mean. */
export interface Section {
  /** Short id, also what `--only` selects (`ingest`, `commands`, …). */
  readonly id: string;
  /** Heading on docs/benchmarks.md. */
  readonly title: string;
  readonly rows: readonly Row[];
  /** One line per measurement listing every round's value. */
  readonly rounds: readonly string[];
  /** Paragraphs explaining the numbers (markdown). */
  readonly notes: readonly string[];
  /** How it was measured (markdown bullet text). */
  readonly method: string;
}

/** What a section runs with. */
export interface BenchContext {
  /** The built packages under test. */
  readonly packages: Packages;
  /** The minimal CM server in its worker thread. */
  readonly server: BenchServer;
  /** Rounds of every repeated measurement (medians are over these). */
  readonly rounds: number;
  /** Scales a workload size down for `--quick` (a tenth, at least 1). */
  readonly scale: (size: number) => number;
  /** Progress on stderr. */
  readonly progress: (message: string) => void;
}

/** A part of the benchmark that can run on its own (`--only=<id>`). */
export interface BenchSection {
  readonly id: string;
  run(context: BenchContext): Promise<Section>;
}
