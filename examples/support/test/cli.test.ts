import { describe, expect, it } from 'vitest';
import {
  ExampleError,
  helpText,
  intFlag,
  type ProgramSpec,
  parseFlags,
  textFlag,
} from '../src/index';

const spec: ProgramSpec = {
  name: 'sample',
  summary: 'Does a sample thing.',
  flags: {
    once: { type: 'boolean', description: 'exit after one' },
    'max-calls': { type: 'string', valueName: 'N', description: 'how many calls' },
  },
  env: ['CM_HOST', 'DID'],
};

describe('flags', () => {
  it('parses the program flags and the common ones', () => {
    const flags = parseFlags(spec, ['--once', '--max-calls', '3', '--fast', '--timeout-ms=500']);
    expect(flags).toMatchObject({ once: true, 'max-calls': '3', fast: true, 'timeout-ms': '500' });
    expect(intFlag(flags, 'max-calls', 0)).toBe(3);
    expect(intFlag(flags, 'missing', 7)).toBe(7);
    expect(textFlag(flags, 'max-calls', 'x')).toBe('3');
    expect(textFlag(flags, 'missing')).toBeUndefined();
    expect(parseFlags(spec, ['-h']).help).toBe(true);
  });

  it('reports unknown flags and bad numbers as usage errors (exit 2)', () => {
    expect(() => parseFlags(spec, ['--nope'])).toThrow(ExampleError);
    try {
      parseFlags(spec, ['stray']);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'usage', exitCode: 2 });
    }
    expect(() => intFlag({ n: 'ten' }, 'n', 0)).toThrow(/--n needs a whole number/);
  });

  it('documents every flag and the environment in --help', () => {
    const text = helpText(spec);
    expect(text).toContain('Usage: sample [flags]');
    expect(text).toContain('Does a sample thing.');
    expect(text).toMatch(/--max-calls N\s+how many calls/);
    expect(text).toMatch(/--help\s+show this help and exit/);
    expect(text).toMatch(/CM_HOST\s+Call Manager host/);
    expect(text).not.toContain('AUTH_TOKEN');
  });
});
