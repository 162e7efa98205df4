/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self
 * time, and the time by area (garbage collection, JSON.parse, rxjs, ws, callstream packages).
 * Usage: `npx tsx scripts/bench/cpuprofile.ts FILE.cpuprofile [top]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time in µs per node id. */
function selfTimes(profile: Profile): Map<number, number> {
  const times = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    times.set(id, (times.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  return times;
}

function shortUrl(url: string): string {
  const packages = url.match(/packages\/([^/]+)\/(?:dist|src)\/(.*)$/);
  if (packages) return `@callstream/${packages[1]}/${packages[2]}`;
  const modules = url.match(
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/,
  );
  if (modules) return `${modules[1]}/${(modules[2] ?? '').split('/').pop()}`;
  return url.replace(/^.*\//, '');
}

/** Which area a frame belongs to, for the summary by area. */
function area(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)' || functionName === '(program)') return functionName;
  if (functionName === 'parse' && url === '') return 'JSON.parse';
  if (functionName === 'stringify' && url === '') return 'JSON.stringify';
  if (url.includes('/rxjs/')) return 'rxjs';
  if (url.includes('/ws/lib/')) return 'ws';
  if (url.includes('packages/core/')) return '@callstream/core';
  if (url.includes('packages/transport/')) return '@callstream/transport';
  if (url.includes('packages/ws/')) return '@callstream/ws';
  if (url.includes('packages/active-call/')) return '@callstream/active-call';
  if (url.includes('packages/telnyx/')) return '@callstream/telnyx';
  if (url.startsWith('node:')) return 'node internals';
  if (url === '') return 'V8 builtins';
  return 'other';
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile.ts FILE.cpuprofile [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const times = selfTimes(profile);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
let busy = 0;
const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
for (const [id, time] of times) {
  const node = byId.get(id);
  if (!node) continue;
  const kind = area(node);
  if (kind === '(idle)') continue;
  busy += time;
  const { functionName, url, lineNumber } = node.callFrame;
  const name = `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  byArea.set(kind, (byArea.get(kind) ?? 0) + time);
}
const percent = (time: number) => `${((100 * time) / busy).toFixed(1).padStart(5)} %`;
const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
process.stdout.write(`busy (not idle): ${(busy / 1e6).toFixed(2)} s\n\nby area:\n`);
for (const [name, time] of sorted(byArea)) process.stdout.write(`${percent(time)}  ${name}\n`);
process.stdout.write('\ntop functions by self time:\n');
for (const [name, time] of sorted(byFunction).slice(0, Number(topArg ?? 25))) {
  process.stdout.write(`${percent(time)}  ${name}\n`);
}
