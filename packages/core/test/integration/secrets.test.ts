import { inspect } from 'node:util';
import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import { createClient, type Logger } from '../../src/index';
import { connectedClient, EventLog, emulator } from '../helpers/fixtures';
import { memoryServer } from '../helpers/memorySocket';

/** A logger that keeps every line it is given, as text. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push(`${level} ${message} ${inspect(fields, { depth: 10 })}`);
    };
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}

/** Issue 11, finding 7: the auth token is never in plain sight. */
describe('secrets stay out of sight', () => {
  it('console.log, util.inspect (even showHidden), JSON and the logger never show the auth token', async () => {
    const secret = 'c2VjcmV0LXRva2VuLWZvci1pbnNwZWN0aW9u';
    await using emu = await emulator({ token: `Basic ${secret}` });
    const logger = recordingLogger();
    await using client = await connectedClient(emu, { logger, authToken: `Basic ${secret}` });
    const log = new EventLog(client);
    const { callId } = await client.dial({
      to: scenario.answer(),
      from: '+15551234567',
      channel: 'inspect',
      uid: 1,
      token: 'rtc-secret-0123456789',
    });
    await log.waitFor(callId, 'bridged');

    const shown = [
      inspect(client),
      inspect(client, { showHidden: true, depth: 8, getters: true }),
      safeJson(client),
      Object.keys(client).join(','),
      inspect(client.state, { depth: 8 }),
      inspect(log.items, { depth: 8 }),
      ...logger.lines,
    ].join('\n');
    expect(logger.lines.some((line) => line.includes('register'))).toBe(true);
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain('rtc-secret-0123456789');
  });

  it('an insecure ws:// URL to another host is warned about once per client; loopback and wss:// are not', async () => {
    for (const [url, warns] of [
      ['ws://cm.example.com/v1/ws/events', true],
      ['ws://10.1.2.3:8080/v1/ws/events', true],
      ['wss://cm.example.com/v1/ws/events', false],
      ['ws://127.0.0.1:7000/v1/ws/events', false],
      ['ws://localhost/v1/ws/events', false],
      ['ws://[::1]:7000/v1/ws/events', false],
    ] as const) {
      const server = memoryServer();
      const logger = recordingLogger();
      const client = createClient({
        url,
        authToken: 'Basic d2FybmluZzpzZWNyZXQ=',
        clientId: 'warn',
        appId: 'app',
        WebSocket: server.WebSocket,
        keepAlive: false,
        heartbeat: false,
        logger,
      });
      await client.connect();
      await client.close();
      await client.connect();
      await client.close();
      const warnings = logger.lines.filter((line) => line.includes('unencrypted'));
      expect(warnings, url).toHaveLength(warns ? 1 : 0);
      if (warns) expect(warnings[0]).toContain(new URL(url).hostname);
      expect(logger.lines.join('\n')).not.toContain('d2FybmluZzpzZWNyZXQ');
    }
  });

  it('a throwing logger never breaks the client', async () => {
    await using emu = await emulator();
    const explode = () => {
      throw new Error('logger down');
    };
    await using client = await connectedClient(emu, {
      logger: { debug: explode, info: explode, warn: explode, error: explode },
    });
    await expect(client.subscribe([])).resolves.toMatchObject({ statusCode: 200 });
  });
});

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    return String(error);
  }
}
