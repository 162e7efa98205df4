import { describe, expect, it } from 'vitest';
import { createOutput, redactSecrets } from '../src/index';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const output = createOutput({
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    now: () => new Date('2026-01-02T03:04:05.678Z'),
  });
  return { output, out, err };
}

describe('output', () => {
  it('prints one JSON object per line, `at` first, and counts records by type', () => {
    const { output, out } = capture();
    output.emit({ type: 'event', event: 'answered', callId: 'c1' });
    output.emit({ type: 'event', event: 'hangup', callId: 'c1' });
    output.emit({ type: 'summary', ok: true });
    expect(out).toEqual([
      '{"at":"2026-01-02T03:04:05.678Z","type":"event","event":"answered","callId":"c1"}\n',
      '{"at":"2026-01-02T03:04:05.678Z","type":"event","event":"hangup","callId":"c1"}\n',
      '{"at":"2026-01-02T03:04:05.678Z","type":"summary","ok":true}\n',
    ]);
    expect(output.counts()).toEqual({ event: 2, summary: 1 });
  });

  it('never prints a registered secret or a token field, on stdout or stderr', () => {
    const { output, out, err } = capture();
    const token = 'Basic Y2FsbHN0cmVhbTplbXVsYXRvcg==';
    output.addSecret(token);
    output.emit({
      type: 'config',
      authToken: token,
      nested: { rtcToken: 'abc' },
      note: `sent ${token} inside`,
    });
    output.log(`register with ${token}`);
    const printed = out.join('') + err.join('');
    expect(printed).not.toContain('Y2FsbHN0cmVhbTplbXVsYXRvcg');
    expect(JSON.parse(out[0]!)).toMatchObject({
      authToken: '[redacted]',
      nested: { rtcToken: '[redacted]' },
      note: 'sent [redacted] inside',
    });
    expect(err).toEqual(['register with [redacted]\n']);
  });

  it('redacts inside arrays and leaves other values alone', () => {
    expect(redactSecrets([{ auth_token: 'x', n: 1 }, 'plain', null], [])).toEqual([
      { auth_token: '[redacted]', n: 1 },
      'plain',
      null,
    ]);
  });
});
