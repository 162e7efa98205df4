import { fileURLToPath } from 'node:url';
import { runProgram, startProgram } from '@callstream/example-support/testing';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));

describe('examples/voice-bot (the program)', () => {
  it('--self-test holds every scripted conversation as designed and exits 0', async () => {
    const result = await runProgram(dir, ['--fast', '--self-test']);
    expect(result.code, result.stderr).toBe(0);
    const outcomes = result.records.filter((record) => record.type === 'outcome');
    const of = (kind: string) => outcomes.filter((record) => record.kind === kind);
    expect(of('answered')).toHaveLength(4);
    expect(of('intent').map((record) => record.intent)).toEqual([
      'hours',
      'goodbye',
      'hours',
      'unknown',
      'goodbye',
      'agent',
    ]);
    expect(of('heard').map((record) => record.text)).toEqual([
      'hello what are your opening hours',
      "thanks that's all goodbye",
      'can I talk to a person please',
    ]);
    expect(of('digit').map((record) => record.digit)).toEqual(['1', '7', '9']);
    expect(of('barge-in')[0]).toMatchObject({ line: 'greeting' });
    expect(of('said').find((record) => record.line === 'greeting')).toMatchObject({
      how: 'interrupted',
    });
    expect(of('transferred')).toHaveLength(1);
    expect(of('no-input').map((record) => record.count)).toEqual([1, 2]);
    expect(of('ended')).toHaveLength(4);
    expect(of('failed')).toEqual([]);
    expect(result.records.at(-1)).toMatchObject({ type: 'summary', calls: 4, ok: true });
  });

  it('on SIGTERM while greeting a caller hangs up, exits 0 and leaves no calls', async () => {
    await using program = startProgram(dir, ['--fast']);
    await program.waitForRecord(
      (record) => record.type === 'state' && record.status === 'connected',
    );
    // The embedded emulator and the webhook server say where they are on stderr.
    const where = /emulator at ws:\/\/([^ ]+) .*webhooks on (\S+)/.exec(program.stderr());
    expect(where, program.stderr()).not.toBeNull();
    const [, hostPort = '', webhookUrl = ''] = where ?? [];
    const control = `http://${hostPort}/v1/emulator`;
    const rang = await fetch(`${control}/inbound`, {
      method: 'POST',
      body: JSON.stringify({ caller: 'sip:+14155550199@127.0.0.1', webhookUrl }),
    });
    expect(rang.status).toBe(200);
    await program.waitForRecord(
      (record) => record.kind === 'playing' && record.line === 'greeting',
    );
    program.child.kill('SIGTERM');
    expect(await program.exited).toEqual({ code: 0, signal: null });
    expect(program.records.at(-1)).toMatchObject({
      type: 'shutdown',
      reason: 'SIGTERM',
      hungUp: 1,
    });
  });

  it('--help prints usage and exits 0', async () => {
    const result = await runProgram(dir, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: voice-bot \[flags\]/);
    expect(result.stdout).toMatch(/--no-input-ms MS/);
  });

  it('--self-test against a real server (ACTIVE_CALL_URL) is refused with exit 2', async () => {
    const result = await runProgram(dir, ['--self-test'], {
      env: { ACTIVE_CALL_URL: 'ws://127.0.0.1:9' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--self-test plays callers on an emulator only/);
  });
});
