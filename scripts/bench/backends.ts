/**
 * The hook for the other backends' rows. A backend adds a {@link BenchSection} to
 * {@link backendSections} (its own file under scripts/bench/sections/, loading its built package
 * with `loadBuilt('<package dir>')` and starting its own emulator or server) and removes its
 * lines from {@link pendingRows}. Its rows then appear in the table, with targets and verdicts,
 * and `--only=<id>` runs it alone. Compare with a raw baseline measured in the same run, as the
 * CM rows do (raw `ws`, bare Ed25519 verification, …).
 */
import type { BenchSection } from './section';
import { acEmulatorCapacitySection } from './sections/acEmulatorCapacity';
import { activeCallSection } from './sections/activeCall';
import { telnyxSection } from './sections/telnyx';
import { telnyxEmulatorCapacitySection } from './sections/telnyxEmulatorCapacity';

/** Sections of backends other than the Call Manager, run after the CM's. */
export const backendSections: readonly BenchSection[] = [
  telnyxSection,
  activeCallSection,
  telnyxEmulatorCapacitySection,
  acEmulatorCapacitySection,
];

/** Rows issue 12 asks for that no section measures yet; docs/benchmarks.md lists them. */
export const pendingRows: ReadonlyArray<{ readonly backend: string; readonly rows: string[] }> = [];
