import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { listPackages, repoRoot } from './workspace';

/** How the docs test runs a program made of samples. */
export type RunMode = 'node' | 'cjs' | 'vitest' | 'browser';

/** One fenced code block of a Markdown page, with the directive written just above it. */
export interface DocBlock {
  /** Page path relative to the repository root, e.g. `docs/recipes.md`. */
  readonly page: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The fence's info string: `ts`, `js`, `sh`, `json`, … */
  readonly lang: string;
  readonly code: string;
  /** `key=value` pairs (and bare flags, as `true`) of a `<!-- sample: … -->` comment. */
  readonly directive: Readonly<Record<string, string>>;
}

/** The languages whose blocks must compile and run. */
export const PROGRAM_LANGS: readonly string[] = ['ts', 'typescript', 'js', 'javascript'];

const DIRECTIVE = /^<!--\s*sample:(.*?)-->\s*$/;

function parseDirective(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const [key = '', value] = token.split('=', 2);
    pairs[key] = value ?? 'true';
  }
  return pairs;
}

/** Every fenced block of a Markdown text. A directive is the comment line right above a fence. */
export function blocksOf(page: string, text: string): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^(\s*)(`{3,})(\S*)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', lang = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !(lines[j] ?? '').startsWith(`${indent}${fence}`); j += 1) {
      body.push((lines[j] ?? '').slice(indent.length));
    }
    const above = DIRECTIVE.exec((lines[i - 1] ?? '').trim());
    blocks.push({
      page,
      line: i + 1,
      lang,
      code: `${body.join('\n')}\n`,
      directive: above ? parseDirective(above[1] ?? '') : {},
    });
    i = j;
  }
  return blocks;
}

/**
 * The pages whose samples are held to "compiles and runs as pasted": the root README, every
 * guide in `docs/` (not the generated `docs/api/`), and the README of every package and
 * example.
 */
export function samplePages(): string[] {
  const pages = ['README.md'];
  for (const name of readdirSync(join(repoRoot, 'docs')).sort()) {
    if (name.endsWith('.md')) pages.push(`docs/${name}`);
  }
  for (const pkg of listPackages()) pages.push(relative(repoRoot, join(pkg.path, 'README.md')));
  const examples = join(repoRoot, 'examples');
  for (const name of readdirSync(examples).sort()) {
    if (existsSync(join(examples, name, 'README.md'))) pages.push(`examples/${name}/README.md`);
  }
  return pages.filter((page) => existsSync(join(repoRoot, page)));
}

/** Every block of every sample page. */
export function allBlocks(): DocBlock[] {
  return samplePages().flatMap((page) =>
    blocksOf(page, readFileSync(join(repoRoot, page), 'utf8')),
  );
}

/** A program assembled from one or more samples of a page, as a reader pastes them. */
export interface SampleProgram {
  /** `docs/recipes.md#setup` style id: the page and the program name. */
  readonly id: string;
  readonly page: string;
  /** The blocks in the order they are pasted (an `after=` program's blocks first). */
  readonly blocks: readonly DocBlock[];
  readonly mode: RunMode;
  /** TypeScript (compiled with tsc) or JavaScript (run as written). */
  readonly typescript: boolean;
  /** The directive of the program's last block: `stop=sigterm`, `inbound`, `node=24`… */
  readonly directive: Readonly<Record<string, string>>;
  readonly source: string;
}

/**
 * Groups a page's TypeScript/JavaScript blocks into programs. A block without `program=` is a
 * program of its own. Blocks with the same `program=` name are concatenated in page order (a
 * tutorial whose steps fill one file). `after=NAME` pastes program NAME's blocks, as far as
 * they come before this block, in front of it without adding to NAME (a recipe that starts
 * from the page's setup).
 */
export function programsOf(blocks: readonly DocBlock[]): SampleProgram[] {
  const code = blocks.filter((block) => PROGRAM_LANGS.includes(block.lang));
  const named = new Map<string, DocBlock[]>();
  const programs: Array<{ name: string; blocks: DocBlock[] }> = [];
  for (const block of code) {
    const name = block.directive.program;
    const after = block.directive.after;
    const prefix = after === undefined ? [] : [...(named.get(after) ?? [])];
    if (after !== undefined && prefix.length === 0) {
      throw new Error(`${block.page}:${block.line}: after=${after} names no earlier program`);
    }
    if (name === undefined) {
      programs.push({ name: `line-${block.line}`, blocks: [...prefix, block] });
      continue;
    }
    const existing = named.get(name);
    if (existing) {
      existing.push(block);
    } else {
      const list = [...prefix, block];
      named.set(name, list);
      programs.push({ name, blocks: list });
    }
  }
  return programs.map(({ name, blocks: list }) => {
    const last = list[list.length - 1] as DocBlock;
    const first = list[0] as DocBlock;
    const modes = new Set(list.map((block) => block.directive.run).filter(Boolean));
    if (modes.size > 1) throw new Error(`${first.page}: program ${name} mixes run modes`);
    const typescript = list.every((block) => block.lang === 'ts' || block.lang === 'typescript');
    return {
      id: `${first.page}#${name}`,
      page: first.page,
      blocks: list,
      mode: (last.directive.run ?? 'node') as RunMode,
      typescript,
      directive: Object.assign({}, ...list.map((block) => block.directive)),
      source: list.map((block) => block.code).join('\n'),
    };
  });
}
