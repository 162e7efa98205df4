/** What one pass over JSON text found, before the text is parsed. */
export interface JsonScan {
  /** Objects/arrays nest deeper than the limit that was given. */
  tooDeep: boolean;
  /** Objects, arrays and separated values outside strings (`{`, `[` and `,`). */
  values: number;
}

/** Heap a parsed value costs beyond its characters (object header, pointer, string header). */
export const BYTES_PER_VALUE = 32;

/**
 * Scans JSON text once, skipping strings (brackets inside them do not count): whether it nests
 * deeper than `maxDepth` (the scan stops there), and how many values it holds. Deep values are
 * refused up front: `JSON.parse` copes with them, but whatever walks the result recursively
 * later (`JSON.stringify` when it is forwarded, loggers) could overflow the stack.
 */
export function scanJson(text: string, maxDepth: number): JsonScan {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i += 1;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      depth += 1;
      values += 1;
      if (depth > maxDepth) return { tooDeep: true, values };
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      depth -= 1;
    } else if (code === 0x2c /* , */) {
      values += 1;
    }
  }
  return { tooDeep: false, values };
}

/** Whether JSON text nests objects/arrays deeper than `maxDepth` (see {@link scanJson}). */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  return scanJson(text, maxDepth).tooDeep;
}

/**
 * About what a parsed frame costs in memory: its wire size plus {@link BYTES_PER_VALUE} per
 * value. Counting the wire size alone would let `[{},{},…]` take ten times its budget.
 */
export function frameCost(wireBytes: number, scan: JsonScan): number {
  return wireBytes + BYTES_PER_VALUE * scan.values;
}

/** The error text for JSON refused by {@link scanJson}. */
export function depthProblem(maxDepth: number): string {
  return `JSON nested deeper than ${maxDepth} levels`;
}
