import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs, usage } from '../src/cliArgs';
import {
  DEFAULT_APP_IDS,
  DEFAULT_LIMITS,
  DEFAULT_TOKEN,
  scenario,
  startEmulator,
} from '../src/index';
import { RawClient } from './helpers/rawClient';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const distCli = `${packageDir}dist/cli.js`;
const srcDir = `${packageDir}src`;
const version = (
  JSON.parse(readFileSync(`${packageDir}package.json`, 'utf8')) as { version: string }
).version;

/**
 * Prefer the built bin (what users run), but only when it is newer than every source file, so
 * the test never exercises a stale build; otherwise run the source through tsx.
 */
function cliCommand(): string[] {
  if (existsSync(distCli)) {
    const built = statSync(distCli).mtimeMs;
    const newestSource = Math.max(
      ...readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).map(
        (name) => statSync(`${srcDir}/${name}`).mtimeMs,
      ),
    );
    if (built >= newestSource) return [distCli];
  }
  return ['--import', 'tsx', `${srcDir}/cli.ts`];
}
const cliArgv = cliCommand();
const cliMode = cliArgv[0] === distCli ? 'dist/cli.js' : 'src/cli.ts via tsx';

interface CliRun extends AsyncDisposable {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (signal exits map to null). */
  readonly exited: Promise<number | null>;
}

function runCli(args: readonly string[]): CliRun {
  const child = spawn(process.execPath, [...cliArgv, ...args], {
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
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
  });
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

/** Waits for the ready line; fails with the CLI's stderr if it exits or stays silent. */
async function readyLine(run: CliRun, timeoutMs = 15_000): Promise<{ ws: string; http: string }> {
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${timeoutMs} ms; stderr:\n${run.stderr()}`)),
      timeoutMs,
    );
    const check = () => {
      const newline = run.stdout().indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      run.child.stdout?.off('data', check);
      resolve(run.stdout().slice(0, newline));
    };
    run.child.stdout?.on('data', check);
    run.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited (${code}) before ready; stderr:\n${run.stderr()}`));
    });
    check();
  });
  return JSON.parse(line) as { ws: string; http: string };
}

/** A plain TCP server on a free loopback port, to make a port busy. */
async function listeningServer(): Promise<{ port: number } & AsyncDisposable> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Whether something accepts TCP connections on the port. */
function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('parseCliArgs', () => {
  it('returns empty emulator options (engine defaults) and info logging without flags', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'run', emulator: {}, logLevel: 'info' });
  });

  it('maps every flag to its option', () => {
    const command = parseCliArgs([
      '--host=0.0.0.0',
      '--port',
      '7360',
      '--token',
      'Basic abc',
      '--appid',
      'a1',
      '--appid',
      'a2',
      '--did',
      '+18001112222',
      '--allow',
      'a1=+18001112222,18003334444',
      '--allow',
      'a1=+18005556666',
      '--pinlookup',
      '+15550001111',
      '--quirks',
      '--timing',
      'fast',
      '--lookup-timeout',
      '2500',
      '--ping-interval',
      '0',
      '--traffic',
      '--traffic-interval',
      '250',
      '--log-level',
      'debug',
    ]);
    expect(command).toEqual({
      kind: 'run',
      emulator: {
        host: '0.0.0.0',
        port: 7360,
        token: 'Basic abc',
        appIds: ['a1', 'a2'],
        dids: ['+18001112222'],
        allowlists: { a1: ['+18001112222', '18003334444', '+18005556666'] },
        pinlookupDids: ['+15550001111'],
        quirks: true,
        timing: 'fast',
        lookupTimeoutMs: 2500,
        pingIntervalMs: 0,
      },
      traffic: { intervalMs: 250 },
      logLevel: 'debug',
    });
  });

  it('recognises --help and --version before validating anything else', () => {
    expect(parseCliArgs(['--port', '1', '--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-v'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['--bogus'], /bogus/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be between 0 and 65535/],
    [['--timing', 'slow'], /--timing must be one of realistic, fast/],
    [['--log-level', 'loud'], /--log-level must be one of/],
    [['--lookup-timeout', '0'], /--lookup-timeout must be between 1 and 2147483647/],
    [['--lookup-timeout', '2147483648'], /--lookup-timeout must be between 1 and 2147483647/],
    [['--ping-interval', '99999999999'], /--ping-interval must be between 0 and 2147483647/],
    [
      ['--traffic', '--traffic-interval', '1000000000000'],
      /--traffic-interval must be between 1 and 2147483647/,
    ],
    [['--allow', 'a1'], /--allow must look like APPID=DID/],
    [['--did', 'abc'], /--did needs a phone number/],
    [['--traffic-interval', '10'], /--traffic-interval needs --traffic/],
    [['--token'], /--token/],
    [['extra'], /extra/],
  ])('rejects %j with a CliUsageError', (args, message) => {
    let thrown: unknown;
    try {
      parseCliArgs(args);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliUsageError);
    expect(thrown).toMatchObject({
      code: 'ERR_CLI_USAGE',
      message: expect.stringMatching(message),
    });
  });

  it('documents every flag and the scenario numbers the engine actually uses', () => {
    const text = usage();
    for (const flag of [
      '--host',
      '--port',
      '--token',
      '--appid',
      '--did',
      '--allow',
      '--pinlookup',
      '--quirks',
      '--timing',
      '--lookup-timeout',
      '--ping-interval',
      '--traffic',
      '--traffic-interval',
      '--log-level',
      '--help',
      '--version',
    ]) {
      expect(text).toContain(flag);
    }
    for (const example of [
      scenario.answer(2000),
      scenario.busy(),
      scenario.noAnswer(8000),
      scenario.reject(),
      scenario.remoteHangup(3000),
      scenario.pressDigits('1234'),
      scenario.slowGateway(5000),
      scenario.noResource(),
    ]) {
      expect(text).toContain(example);
    }
  });
});

describe('docs/emulator.md', () => {
  const docs = readFileSync(`${packageDir}../../docs/emulator.md`, 'utf8');

  it('documents every CLI flag and every scenario example the --help shows', () => {
    const flags = new Set(usage().match(/--[a-z][a-z-]+/g));
    expect(flags.size).toBeGreaterThan(10);
    for (const flag of flags) expect(docs).toContain(flag);
    for (const example of usage().match(/\+1555010\d{5}/g) ?? []) expect(docs).toContain(example);
  });

  it('documents every fault and every option default the engine resolves', async () => {
    await using emulator = await startEmulator();
    for (const fault of Object.keys(emulator.faults)) expect(docs).toContain(`${fault}(`);
    // Every limit has a row with its default.
    for (const [limit, value] of Object.entries(DEFAULT_LIMITS)) {
      expect(docs).toMatch(new RegExp(`^\\| \`${limit}\` \\| ${value} `, 'm'));
    }
    // Scalar defaults appear in the options table row of their option (the token row names
    // DEFAULT_TOKEN instead of its value; the port row is checked by the flag test).
    const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const [option, value] of Object.entries(emulator.options)) {
      if (['port', 'token', 'logger'].includes(option) || typeof value === 'object') continue;
      const row = new RegExp(`^\\| \`${option}\` \\|.*\`'?${escapeRegExp(String(value))}'?\``, 'm');
      expect(docs).toMatch(row);
    }
  });
});

describe(`callstream-emulator CLI (${cliMode})`, () => {
  it('prints one ready line, accepts the default token, and never logs client tokens', async () => {
    await using cli = runCli(['--log-level', 'debug', '--timing', 'fast']);
    const ready = await readyLine(cli);
    expect(ready).toEqual({
      ws: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/ws\/events$/),
      http: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    expect(new URL(ready.ws).port).toBe(new URL(ready.http).port);

    await using client = await RawClient.connect(ready.ws);
    expect(await client.register({ token: DEFAULT_TOKEN, clientId: 'cli-test' })).toMatchObject({
      status: 'registered',
    });
    const status: unknown = await (await fetch(`${ready.http}/v1/api/websocket-status`)).json();
    expect(status).toMatchObject({ client_count: 1, clients: [{ client_id: 'cli-test' }] });

    const clientSecret = 'Basic c2VjcmV0LWZyb20tdGhlLWNsaWVudA==';
    await using intruder = await RawClient.connect(ready.ws);
    expect(await intruder.register({ token: clientSecret, clientId: 'intruder' })).toMatchObject({
      status: 'error',
    });

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    // The user-configured dev token is shown in the banner; a client's token never is.
    expect(cli.stderr()).toContain(DEFAULT_TOKEN);
    expect(cli.stderr()).not.toContain(clientSecret);
    expect(cli.stderr()).not.toContain('c2VjcmV0LWZyb20tdGhlLWNsaWVudA');
    expect(cli.stdout().trimEnd().split('\n')).toHaveLength(1);
  });

  it('--help prints the usage and exits 0', async () => {
    await using cli = runCli(['--help']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toBe(usage());
  });

  it('--version prints the package version', async () => {
    await using cli = runCli(['--version']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toBe(`${version}\n`);
  });

  it.each([[['--bogus']], [['--timing', 'slow']]])(
    '%j exits 2 with a message on stderr',
    async (args) => {
      await using cli = runCli(args);
      expect(await cli.exited).toBe(2);
      expect(cli.stdout()).toBe('');
      expect(cli.stderr()).toMatch(/^callstream-emulator: .*(bogus|--timing)/);
      expect(cli.stderr()).toContain('--help');
    },
  );

  it('exits 1 with a one-line reason when the port is taken', async () => {
    await using blocker = await listeningServer();
    await using cli = runCli(['--port', String(blocker.port)]);
    expect(await cli.exited).toBe(1);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toMatch(/^callstream-emulator: could not start: .+\n$/);
  });

  it('--traffic offers inbound calls to a registered client', async () => {
    await using cli = runCli(['--traffic', '--traffic-interval', '50', '--timing', 'fast']);
    const ready = await readyLine(cli);
    await using client = await RawClient.registered(ready.ws, { clientId: 'traffic-watcher' });
    const incoming = await client.waitForEvent('call_incoming', undefined, 5000);
    expect(incoming).toMatchObject({ direction: 'inbound', callid: expect.any(String) });
    expect(incoming).not.toHaveProperty('request_id');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s closes the emulator and exits 0', async (signal) => {
    await using cli = runCli(['--traffic', '--traffic-interval', '20', '--log-level', 'silent']);
    const ready = await readyLine(cli);
    const port = Number(new URL(ready.http).port);
    await using client = await RawClient.registered(ready.ws, {
      clientId: 'signal-test',
      appid: DEFAULT_APP_IDS[1],
    });

    cli.child.kill(signal);
    expect(await cli.exited).toBe(0);
    await client.closed;
    expect(await portIsOpen(port)).toBe(false);
    expect(cli.stderr()).toBe('');
  });
});
