import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { activeCallUsage, parseActiveCallArgs } from '../../src/activeCall/cliArgs';
import { CliUsageError, selectBackend, usage } from '../../src/cliArgs';
import { scenario, startActiveCallEmulator } from '../../src/index';
import { AcClient } from './helpers/acClient';
import { CLI_MODE, readyLine, runCli } from './helpers/cliRun';

const docsDir = fileURLToPath(new URL('../../../../docs/', import.meta.url));

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

describe('--backend dispatch', () => {
  it.each([
    [[], 'cm', []],
    [['--port', '1'], 'cm', ['--port', '1']],
    [['--backend', 'cm', '--quirks'], 'cm', ['--quirks']],
    [['--timing', 'fast', '--backend', 'active-call'], 'active-call', ['--timing', 'fast']],
    [['--backend=active-call', '--port=0'], 'active-call', ['--port=0']],
  ])('%j → %s %j', (argv, backend, rest) => {
    expect(selectBackend(argv)).toEqual({ backend, argv: rest });
  });

  it.each([[['--backend']], [['--backend', '--port']], [['--backend', 'asterisk']]])(
    '%j is a usage error',
    (argv) => {
      expect(() => selectBackend(argv)).toThrow(CliUsageError);
    },
  );

  it('the CM --help names --backend', () => {
    expect(usage()).toContain('--backend NAME');
  });
});

describe('parseActiveCallArgs', () => {
  it('maps every flag', () => {
    expect(
      parseActiveCallArgs([
        '--host=0.0.0.0',
        '--port',
        '8080',
        '--webhook-url',
        'http://127.0.0.1:8090/webhook',
        '--timing',
        'fast',
        '--accept-timeout',
        '2000',
        '--ring-count',
        '2',
        '--hangup-all',
        '--log-level',
        'debug',
      ]),
    ).toEqual({
      kind: 'run',
      emulator: {
        host: '0.0.0.0',
        port: 8080,
        webhookUrl: 'http://127.0.0.1:8090/webhook',
        timing: 'fast',
        acceptTimeoutMs: 2000,
        ringCount: 2,
        hangupForAllTypes: true,
      },
      logLevel: 'debug',
    });
    expect(parseActiveCallArgs([])).toEqual({ kind: 'run', emulator: {}, logLevel: 'info' });
    expect(parseActiveCallArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseActiveCallArgs(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['--token', 'x'], /token/],
    [['--port', '65536'], /--port must be between 0 and 65535/],
    [['--webhook-url', 'localhost:8090'], /--webhook-url must be an http\(s\) URL/],
    [['--timing', 'slow'], /--timing must be one of realistic, fast/],
    [['--accept-timeout', '0'], /--accept-timeout must be >= 1/],
    [['--log-level', 'loud'], /--log-level/],
    [['positional'], /positional/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseActiveCallArgs(argv)).toThrow(
      expect.objectContaining({ code: 'ERR_CLI_USAGE', message: expect.stringMatching(message) }),
    );
  });
});

describe('docs', () => {
  const guide = readFileSync(`${docsDir}emulator-active-call.md`, 'utf8');

  it('docs/emulator-active-call.md documents every flag and scenario example of --help', () => {
    const flags = new Set(activeCallUsage().match(/--[a-z][a-z-]+/g));
    expect(flags.size).toBeGreaterThan(8);
    for (const flag of flags) expect(guide).toContain(flag);
    const examples = activeCallUsage().match(/\+1555010\d{5}/g) ?? [];
    expect(examples).toHaveLength(8);
    for (const example of examples) expect(guide).toContain(example);
    expect(examples).toContain(scenario.busy());
  });

  it('every #anchor and relative link of the guide resolves', () => {
    const slug = (heading: string) =>
      heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-');
    const withoutCode = (page: string) => page.replace(/```[\s\S]*?```/g, '');
    const anchorsOf = (page: string) =>
      new Set([...withoutCode(page).matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1] ?? '')));
    const prose = withoutCode(guide);
    const links = [...prose.replace(/`[^`\n]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map(
      (m) => m[1] ?? '',
    );
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) {
      const [file = '', anchor] = link.split('#', 2);
      const target = file === '' ? guide : `${docsDir}${file}`;
      if (file !== '') expect(existsSync(target), link).toBe(true);
      if (anchor === undefined) continue;
      const page = file === '' ? guide : readFileSync(target, 'utf8');
      expect(anchorsOf(page), link).toContain(anchor);
    }
  });

  it('the Quick start sample runs as written', async () => {
    await using emulator = await startActiveCallEmulator({ timing: 'fast' });
    const ws = new WebSocket(`${emulator.wsUrl}/call/sip?id=demo-1`);
    const seen: string[] = [];
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          command: 'invite',
          option: {
            callee: `sip:${scenario.answer(500)}@pbx.example`,
            tts: { provider: 'tencent' },
          },
        }),
      ),
    );
    await new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        seen.push((JSON.parse(String(data)) as { event: string }).event);
        if (seen.at(-1) === 'answer') resolve();
      }),
    );
    expect(seen).toEqual(['trackStart', 'ringing', 'answer']);
    ws.terminate();
  });

  it('docs/emulator.md links the Active Call guide', () => {
    expect(readFileSync(`${docsDir}emulator.md`, 'utf8')).toContain('(emulator-active-call.md)');
  });
});

describe(`callstream-emulator --backend active-call (${CLI_MODE})`, () => {
  it('prints exactly one ready line {ws, http}, serves calls, exits 0 on SIGTERM', async () => {
    await using cli = runCli([
      '--backend',
      'active-call',
      '--timing',
      'fast',
      '--log-level',
      'debug',
    ]);
    const ready = await readyLine(cli);
    expect(Object.keys(ready)).toEqual(['ws', 'http']);
    expect(ready.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.http).toBe(ready.ws?.replace('ws://', 'http://'));
    await using client = await AcClient.open(String(ready.ws), '/call/sip', { id: 'cli-1' });
    client.send({
      command: 'invite',
      option: {
        callee: scenario.answer(1),
        sip: { username: 'bot', password: 'pw-from-the-client' },
      },
    });
    await client.waitFor('answer');
    const list = (await (await fetch(`${ready.http}/list`)).json()) as {
      active_calls: { id: string }[];
    };
    expect(list.active_calls.map((call) => call.id)).toEqual(['cli-1']);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    await client.closed;
    expect(cli.stdout().trimEnd().split('\n')).toHaveLength(1);
    expect(cli.stderr()).toContain('SIGTERM received');
    expect(cli.stderr()).not.toContain('pw-from-the-client');
  });

  it('SIGINT closes the port and exits 0 silently with --log-level silent', async () => {
    await using cli = runCli(['--backend=active-call', '--log-level', 'silent']);
    const ready = await readyLine(cli);
    const port = Number(new URL(String(ready.http)).port);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(await portIsOpen(port)).toBe(false);
    expect(cli.stderr()).toBe('');
  });

  it('--help prints the Active Call usage and exits 0', async () => {
    await using help = runCli(['--backend', 'active-call', '--help']);
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toBe(activeCallUsage());
  });

  it('a flag of the CM backend is a usage error (exit 2)', async () => {
    await using bad = runCli(['--backend', 'active-call', '--quirks']);
    expect(await bad.exited).toBe(2);
    expect(bad.stdout()).toBe('');
    expect(bad.stderr()).toMatch(/^callstream-emulator: .*quirks/);
  });

  it('without --backend (or with --backend cm) the Call Manager starts as before', async () => {
    await using cli = runCli(['--backend', 'cm', '--log-level', 'silent']);
    const ready = await readyLine(cli);
    expect(ready.ws).toMatch(/\/v1\/ws\/events$/);
  });
});
