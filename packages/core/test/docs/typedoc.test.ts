import { fileURLToPath } from 'node:url';
import { Application, Logger, LogLevel } from 'typedoc';
import { beforeAll, describe, expect, it } from 'vitest';

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

/**
 * Converts and validates the API reference of every package exactly as `pnpm docs:api` does
 * (same typedoc.json), without rendering HTML. Counts warnings the way `treatWarningsAsErrors`
 * would, so a missing TSDoc comment on any export fails here.
 */
describe('API reference (TypeDoc)', () => {
  const logger = new RecordingLogger();
  let elapsedMs = 0;

  beforeAll(async () => {
    const started = performance.now();
    const app = await Application.bootstrapWithPlugins({ options: typedocJson });
    app.logger = logger;
    const project = await app.convert();
    if (!project)
      throw new Error(`TypeDoc could not convert the project:\n${logger.warnings().join('\n')}`);
    app.validate(project);
    elapsedMs = performance.now() - started;
  }, 120_000);

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
