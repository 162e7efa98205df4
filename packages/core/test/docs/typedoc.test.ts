import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Logger, LogLevel } from 'typedoc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Records every message TypeDoc logs instead of printing it. */
class RecordingLogger extends Logger {
  readonly messages: Array<{ level: LogLevel; text: string }> = [];

  override log(message: string, level: LogLevel): void {
    this.messages.push({ level, text: message });
  }

  warnings(): string[] {
    return this.messages
      .filter((message) => message.level >= LogLevel.Warn)
      .map((message) => message.text);
  }
}

const typedocJson = fileURLToPath(new URL('../../../../typedoc.json', import.meta.url));
const committedApiDir = fileURLToPath(new URL('../../../../docs/api/', import.meta.url));

/** Every file below `dir`, as paths relative to it, sorted. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Converts, validates and renders the API reference of every package exactly as
 * `pnpm docs:api` does (same typedoc.json, Markdown into a temporary folder). Counts warnings
 * the way `treatWarningsAsErrors` would, so a missing TSDoc comment on any export fails here,
 * and compares the result with the committed `docs/api/`, which the README links to.
 */
describe('API reference (TypeDoc)', () => {
  const logger = new RecordingLogger();
  let elapsedMs = 0;
  let renderedDir = '';

  beforeAll(async () => {
    const started = performance.now();
    renderedDir = await mkdtemp(join(tmpdir(), 'callstream-api-'));
    const app = await Application.bootstrapWithPlugins({ options: typedocJson, out: renderedDir });
    app.logger = logger;
    const project = await app.convert();
    if (!project)
      throw new Error(`TypeDoc could not convert the project:\n${logger.warnings().join('\n')}`);
    app.validate(project);
    await app.generateOutputs(project);
    elapsedMs = performance.now() - started;
  }, 180_000);

  afterAll(() => rm(renderedDir, { recursive: true, force: true }));

  it('docs/api/ is exactly what `pnpm docs:api` generates now', () => {
    const stale = 'docs/api/ is out of date: run `npx -y pnpm@10.34.9 docs:api` and commit it';
    const files = filesOf(renderedDir);
    expect(files.length).toBeGreaterThan(10);
    expect(filesOf(committedApiDir), stale).toEqual(files);
    const changed = files.filter(
      (file) =>
        readFileSync(join(renderedDir, file), 'utf8') !==
        readFileSync(join(committedApiDir, file), 'utf8'),
    );
    expect(changed, stale).toEqual([]);
  });

  it('converts all four packages without errors', () => {
    const errors = logger.messages
      .filter((message) => message.level === LogLevel.Error)
      .map((m) => m.text);
    expect(errors).toEqual([]);
    expect(elapsedMs).toBeGreaterThan(0);
  });

  it('finds a TSDoc comment on every exported symbol and member', () => {
    const undocumented = logger
      .warnings()
      .filter((text) => text.includes('does not have any documentation'));
    expect(
      undocumented,
      `${undocumented.length} undocumented exports (run \`pnpm docs:api\`)`,
    ).toEqual([]);
  });

  it('has no broken {@link} or references to symbols that are not exported', () => {
    const other = logger
      .warnings()
      .filter((text) => !text.includes('does not have any documentation'));
    expect(other).toEqual([]);
  });
});
