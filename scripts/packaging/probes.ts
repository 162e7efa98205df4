/** What a smoke probe prints about the package it loaded. */
export interface SmokeReport {
  /** The file Node resolved the package name to. */
  readonly resolved: string;
  /** Export names, sorted, without `default`/`__esModule` interop keys. */
  readonly keys: readonly string[];
  /** `implementation` export, when the package has one (@callstream/ws). */
  readonly implementation: unknown;
}

const summarize = `
function summarize(mod, resolved) {
  const keys = Object.keys(mod).filter((key) => key !== 'default' && key !== '__esModule').sort();
  console.log(JSON.stringify({ resolved, keys, implementation: mod.implementation ?? null }));
}
`;

/** ES module probe: `node smoke.mjs <package name>`. */
export const esmSmoke = `
import { fileURLToPath } from 'node:url';
${summarize}
const name = process.argv[2];
summarize(await import(name), fileURLToPath(import.meta.resolve(name)));
`;

/** CommonJS probe: `node smoke.cjs <package name>`. */
export const cjsSmoke = `
${summarize}
const name = process.argv[2];
summarize(require(name), require.resolve(name));
`;
