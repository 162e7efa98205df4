/** Heap measurement for probe scripts run with `node --expose-gc`. */

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap in use after full collections, in bytes. */
export function settledHeap(): number {
  if (gc === undefined) throw new Error('run this probe with node --expose-gc');
  // Two passes: the first may only queue finalizers (weak refs, closed sockets).
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Prints the probe's result as the last stdout line, where the test reads it. */
export function report(result: Record<string, number>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
