import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Telnyx from 'telnyx';
import { describe, expect, it } from 'vitest';
import { CliUsageError, selectBackend, usage } from '../../src/cliArgs';
import { scenario, startTelnyxEmulator } from '../../src/index';
import { parseTelnyxCliArgs, telnyxUsage } from '../../src/telnyx/cli';
import { WebhookReceiver } from './helpers';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const distCli = `${packageDir}dist/cli.js`;
const srcDir = `${packageDir}src`;

/** The built CLI when it is newer than every source file, else the source through tsx. */
function cliArgv(): string[] {
  if (existsSync(distCli)) {
    const built = statSync(distCli).mtimeMs;
    const newest = Math.max(
      ...readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).map(
        (name) => statSync(`${srcDir}/${name}`).mtimeMs,
      ),
    );
    if (built >= newest) return [distCli];
  }
  return ['--import', 'tsx', `${srcDir}/cli.ts`];
}

interface CliRun extends AsyncDisposable {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<number | null>;
}

function runCli(args: readonly string[]): CliRun {
  const child = spawn(process.execPath, [...cliArgv(), ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => resolve(code)),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async [Symbol.asyncDispose]() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function readyLine(run: CliRun): Promise<Record<string, string>> {
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line; stderr:\n${run.stderr()}`)),
      15_000,
    );
    const check = () => {
      const newline = run.stdout().indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      resolve(run.stdout().slice(0, newline));
    };
    run.child.stdout?.on('data', check);
    run.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited (${code}) before ready; stderr:\n${run.stderr()}`));
    });
    check();
  });
  return JSON.parse(line) as Record<string, string>;
}

function usageError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('--backend dispatch', () => {
  it('defaults to the CM and takes --backend out of the arguments', () => {
    expect(selectBackend(['--port', '1'])).toEqual({ backend: 'cm', argv: ['--port', '1'] });
    expect(selectBackend(['--backend', 'telnyx', '--port', '1'])).toEqual({
      backend: 'telnyx',
      argv: ['--port', '1'],
    });
    expect(selectBackend(['--port', '1', '--backend=cm'])).toEqual({
      backend: 'cm',
      argv: ['--port', '1'],
    });
  });

  it.each([
    [['--backend'], /argument missing/],
    [['--backend', '--port'], /argument missing/],
    [['--backend', 'nope'], /--backend must be one of cm, active-call, telnyx/],
    [['--backend=telnyx', '--backend', 'cm'], /once/],
  ])('rejects %j', (args, message) => {
    const error = usageError(() => selectBackend(args));
    expect(error).toBeInstanceOf(CliUsageError);
    expect(String((error as Error).message)).toMatch(message);
  });

  it('the CM help mentions --backend', () => {
    expect(usage()).toContain('telnyx (Telnyx Call Control)');
  });
});

describe('parseTelnyxCliArgs', () => {
  it('maps every flag', () => {
    expect(
      parseTelnyxCliArgs([
        '--host=0.0.0.0',
        '--port',
        '0',
        '--token',
        'KEY_X',
        '--webhook-url',
        'http://127.0.0.1:9/hooks',
        '--connection-id',
        '42',
        '--timing',
        'fast',
        '--log-level',
        'debug',
      ]),
    ).toEqual({
      kind: 'run',
      emulator: {
        host: '0.0.0.0',
        port: 0,
        apiKey: 'KEY_X',
        webhookUrl: 'http://127.0.0.1:9/hooks',
        connectionId: '42',
        timing: 'fast',
      },
      logLevel: 'debug',
    });
    expect(parseTelnyxCliArgs([])).toEqual({ kind: 'run', emulator: {}, logLevel: 'info' });
    expect(parseTelnyxCliArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseTelnyxCliArgs(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['--appid', 'x'], /appid/],
    [['--port', 'x'], /--port/],
    [['--port', '70000'], /--port/],
    [['--webhook-url', 'ftp://x'], /--webhook-url/],
    [['--timing', 'slow'], /--timing/],
    [['--token', ' '], /--token/],
    [['extra'], /extra/],
  ])('rejects %j', (args, message) => {
    const error = usageError(() => parseTelnyxCliArgs(args));
    expect(error).toBeInstanceOf(CliUsageError);
    expect(String((error as Error).message)).toMatch(message);
  });
});

describe('docs/emulator-telnyx.md', () => {
  const docs = readFileSync(`${packageDir}../../docs/emulator-telnyx.md`, 'utf8');

  it('documents every CLI flag, fault, option and scenario', async () => {
    for (const flag of new Set(telnyxUsage().match(/--[a-z][a-z-]+/g)))
      expect(docs).toContain(flag);
    await using telnyx = await startTelnyxEmulator();
    for (const fault of Object.keys(telnyx.faults)) expect(docs).toContain(`${fault}(`);
    for (const option of Object.keys(telnyx.options)) expect(docs).toContain(`\`${option}\``);
    for (const helper of Object.keys(scenario)) expect(docs).toContain(`scenario.${helper}(`);
    expect(readFileSync(`${packageDir}../../docs/emulator.md`, 'utf8')).toContain(
      'emulator-telnyx.md',
    );
  });
});

// Each run starts a Node process (through tsx when the build is stale): give it room.
describe('callstream-emulator --backend telnyx', { timeout: 20_000 }, () => {
  it('prints one ready line, serves the SDK, signs webhooks with the printed key, stops on SIGTERM', async () => {
    await using receiver = await WebhookReceiver.start();
    const apiKey = 'KEY_GIVEN_ON_THE_COMMAND_LINE';
    await using cli = runCli([
      '--backend',
      'telnyx',
      '--timing',
      'fast',
      '--token',
      apiKey,
      '--webhook-url',
      receiver.url,
      '--log-level',
      'debug',
    ]);
    const ready = await readyLine(cli);
    expect(Object.keys(ready)).toEqual(['http', 'apiBase', 'publicKey', 'connectionId']);
    expect(ready.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.apiBase).toBe(`${ready.http}/v2`);
    expect(Buffer.from(ready.publicKey ?? '', 'base64')).toHaveLength(32);

    const client = new Telnyx({
      apiKey,
      baseURL: ready.apiBase,
      publicKey: ready.publicKey,
      maxRetries: 0,
    });
    const dialed = await client.calls.dial({
      connection_id: ready.connectionId ?? '',
      to: scenario.busy(),
      from: '+15551230000',
      sip_auth_password: 'pw-never-logged',
    });
    const hangup = await receiver.waitForEvent(dialed.data!.call_control_id, 'call.hangup');
    await expect(
      client.webhooks.unwrap(hangup.raw, { headers: hangup.headers }),
    ).resolves.toBeDefined();

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stdout().trimEnd().split('\n')).toHaveLength(1);
    expect(cli.stderr()).toContain('telnyx dial');
    expect(cli.stderr()).not.toContain(apiKey);
    expect(cli.stderr()).not.toContain('pw-never-logged');
  });

  it('prints its own help', async () => {
    await using help = runCli(['--backend', 'telnyx', '--help']);
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toBe(telnyxUsage());
  });

  it('exits 2 on a usage error, for its own flags and for an unknown backend', async () => {
    await using bad = runCli(['--backend', 'telnyx', '--appid', 'x']);
    await using unknown = runCli(['--backend', 'nope']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/--backend telnyx --help/);
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toMatch(/--backend must be one of cm, active-call, telnyx/);
  });
});
