/** Small statistics helpers for the benchmark. */

/** The middle value (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Nearest-rank percentile, `p` in (0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Element-wise `a[i] / b[i]`: ratios of measurements taken side by side in the same round. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, index) => value / (b[index] ?? Number.NaN));
}

/** Element-wise `a[i] - b[i]`. */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, index) => value - (b[index] ?? Number.NaN));
}

/** Runs `measure` `rounds` times, one after another, and returns every result. */
export async function repeat<T>(
  rounds: number,
  measure: (round: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  for (let round = 0; round < rounds; round += 1) results.push(await measure(round));
  return results;
}

/** `1234567` → `1,234,567`. */
export function grouped(value: number, digits = 0): string {
  return value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/** `values` as `min–max`, formatted. */
export function range(values: readonly number[], format: (value: number) => string): string {
  if (values.length === 0) return '';
  return `${format(Math.min(...values))}–${format(Math.max(...values))}`;
}
