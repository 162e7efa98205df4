import { readFileSync } from 'node:fs';
import {
  TransportError,
  type TransportErrorCode,
  transportErrorCodes,
} from '@callstream/transport';
import { describe, expect, it } from 'vitest';
import { fromTransportError } from '../../src/engine/transportErrors';
import { errorCodes } from '../../src/index';

/** The generator lives outside this package (scripts/), so it is loaded by URL, not by a typed import. */
interface ErrorsDocGenerator {
  ERRORS_DOC_PATH: string;
  renderErrorsDoc(): string;
  transportToCore: Readonly<Record<TransportErrorCode, string>>;
}

const generatorUrl = new URL('../../../../scripts/gen-errors-doc.ts', import.meta.url).href;
const generator = (await import(/* @vite-ignore */ generatorUrl)) as ErrorsDocGenerator;

describe('docs/errors.md', () => {
  it('is exactly what scripts/gen-errors-doc.ts generates from the code tables', () => {
    const committed = readFileSync(generator.ERRORS_DOC_PATH, 'utf8');
    const expected = generator.renderErrorsDoc();
    expect(committed === expected, 'docs/errors.md is out of date: run `pnpm docs:errors`').toBe(
      true,
    );
  });

  it('has one table row per core code and per transport code', () => {
    const text = generator.renderErrorsDoc();
    for (const code of [...Object.keys(errorCodes), ...Object.keys(transportErrorCodes)]) {
      expect(text, code).toContain(`| \`${code}\` |`);
    }
  });

  it('states the core code of every transport code as the client really translates it', () => {
    for (const code of Object.keys(transportErrorCodes) as TransportErrorCode[]) {
      const translated = fromTransportError(new TransportError(code, `probe ${code}`));
      expect(translated.code, code).toBe(generator.transportToCore[code]);
    }
  });
});
