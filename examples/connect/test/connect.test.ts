import { fileURLToPath } from 'node:url';
import { DEFAULT_TOKEN, startEmulator } from '@callstream/emulator';
import {
  emulatorEnv,
  runProgram,
  startProgram,
  timeline,
} from '@callstream/example-support/testing';
import { describe, expect, it, vi } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));

describe('examples/connect', () => {
  it('--once: connects to an embedded emulator, prints the session and its status, exits 0', async () => {
    const result = await runProgram(dir, ['--once', '--fast']);
    expect(result.code).toBe(0);
    expect(timeline(result.records)).toEqual([
      'state:idle',
      'state:connecting',
      'state:connected',
      'connected',
      'websocket-status',
    ]);
    const connected = result.records.find((record) => record.type === 'connected');
    expect(connected).toMatchObject({
      source: 'emulator',
      sessionId: expect.any(String),
      subscribedNumbers: ['+18005551234'],
    });
    expect(result.records.find((record) => record.type === 'websocket-status')).toMatchObject({
      available: true,
      clientCount: 1,
      listed: true,
      self: {
        clientId: connected?.clientId,
        sessionId: connected?.sessionId,
        subscribedNumbers: ['18005551234'],
      },
    });
    expect(result.stderr).toMatch(/CM_HOST is not set: using an embedded emulator/);
    expect(result.stdout + result.stderr).not.toContain(DEFAULT_TOKEN.slice('Basic '.length));
  });

  it('stays connected to the CM_HOST it is given until SIGINT, then leaves and exits 0', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using program = startProgram(dir, [], { env: emulatorEnv(emulator) });
    await program.waitForRecord((record) => record.type === 'websocket-status');
    expect(emulator.status().clients.map((client) => client.client_id)).toEqual([
      program.records.find((record) => record.type === 'connected')?.clientId,
    ]);
    program.child.kill('SIGINT');
    expect(await program.exited).toEqual({ code: 0, signal: null });
    expect(program.records.at(-1)).toMatchObject({ type: 'shutdown', reason: 'SIGINT', hungUp: 0 });
    await vi.waitFor(() => expect(emulator.status().client_count).toBe(0));
  });

  it('exits 1 with a typed error when the Call Manager refuses the token', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const result = await runProgram(dir, ['--once'], {
      env: { ...emulatorEnv(emulator), AUTH_TOKEN: 'Basic d3Jvbmc6dG9rZW4=' },
    });
    expect(result.code).toBe(1);
    expect(result.records.at(-1)).toMatchObject({ type: 'error', code: 'unauthorized' });
    expect(result.stdout + result.stderr).not.toContain('d3Jvbmc6dG9rZW4=');
  });

  it('exits 2 with a clear message when CM_HOST is set without AUTH_TOKEN and APPID', async () => {
    const result = await runProgram(dir, ['--once'], { env: { CM_HOST: 'cm.invalid' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /AUTH_TOKEN and APPID are required too \(missing: AUTH_TOKEN, APPID\)/,
    );
    expect(result.records).toEqual([
      expect.objectContaining({ type: 'error', code: 'missing-config' }),
    ]);
  });

  it('--help prints usage and exits 0', async () => {
    const result = await runProgram(dir, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: connect \[flags\]/);
    expect(result.stdout).toMatch(/--once\s+exit 0 as soon as/);
  });
});
