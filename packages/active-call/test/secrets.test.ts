import { inspect } from 'node:util';
import type { Logger } from '@callstream/core';
import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createActiveCallClient } from '../src/index';
import { fixture, next, ringIn, WAIT_MS } from './helpers';

const SECRETS = ['sip-pa55word', 'tts-s3cret-key', 'asr-s3cret-id', 'rt-api-k3y', 'Digest hunter2'];

describe('credentials never leak', () => {
  it('not in logs, errors, events, snapshots, or util.inspect of the client and its sessions', async () => {
    const lines: string[] = [];
    const record =
      (level: string) =>
      (message: string, fields?: Record<string, unknown>): void => {
        lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
      };
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    await using f = await fixture({
      logger,
      callOption: {
        sip: { username: 'bot', password: 'sip-pa55word' },
        tts: { provider: 'emulator', secretKey: 'tts-s3cret-key' },
      },
    });
    const errors: unknown[] = [];
    f.client.errors$.subscribe((error) => errors.push(error));
    const { callId, session } = await f.client.dial({
      to: scenario.answer(),
      from: 'sip:bot@pbx.example',
      option: {
        asr: { provider: 'emulator', secretId: 'asr-s3cret-id' },
        realtime: { secretKey: 'rt-api-k3y' },
      },
    });
    await session.tts('hello', { option: { secretKey: 'tts-s3cret-key' } });
    const rejected = await f.client
      .dial({ to: scenario.busy(), from: 'x', option: { sip: { password: 'sip-pa55word' } } })
      .catch((error: unknown) => error);
    await f.client
      .dial({ to: 'bad target', from: 'x', option: { sip: { password: 'sip-pa55word' } } })
      .catch((error: unknown) => errors.push(error));
    const offered = next(f.client.incoming$, () => true, 'an offer');
    await f.client.handleWebhook({
      event: 'invite',
      dialogId: 'with-auth',
      caller: 'sip:a@b',
      headers: ['Proxy-Authorization: Digest hunter2', 'Authorization: Digest hunter2'],
    });
    const offer = await offered;
    await ringIn(f);
    const seen = [
      lines.join('\n'),
      inspect(f.client, { depth: 10 }),
      inspect(session, { depth: 10 }),
      inspect(rejected, { depth: 10 }),
      inspect(errors, { depth: 10 }),
      JSON.stringify(f.events),
      JSON.stringify(f.client.activeCalls()),
      JSON.stringify(offer),
      String(rejected),
    ].join('\n');
    expect(lines.some((line) => line.includes('frame sent'))).toBe(true);
    for (const secret of SECRETS) expect(seen, secret).not.toContain(secret);
    await f.client.hangup(callId);
  });

  it('a credential about to travel over ws:// to another machine is warned about once per client', async () => {
    await using f = await fixture();
    // The client believes it talks to pbx.example.com; the sockets reach the local emulator.
    const remote = 'ws://pbx.example.com:8080';
    class ToEmulator extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(String(url).replace(remote, f.emulator.wsUrl), protocols);
      }
    }
    const run = async (endpoint: string, sip?: { username: string; password: string }) => {
      const warnings: string[] = [];
      const client = createActiveCallClient({
        endpoint,
        WebSocket: ToEmulator,
        commandTimeoutMs: WAIT_MS,
        logger: { debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} },
      });
      await client.connect();
      for (let call = 0; call < 2; call += 1) {
        const option = sip === undefined ? {} : { sip };
        const { callId } = await client.dial({ to: scenario.answer(), from: 'x', option });
        await client.hangup(callId);
      }
      await client.close();
      return warnings.filter((warning) => warning.includes('unencrypted'));
    };
    const credentials = { username: 'bot', password: 'sip-pa55word' };
    const warned = await run(remote, credentials);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('pbx.example.com');
    expect(warned[0]).not.toContain('sip-pa55word');
    // Nothing secret sent, or a socket that stays on this machine: nothing to warn about.
    expect(await run(remote)).toEqual([]);
    expect(await run(f.emulator.wsUrl, credentials)).toEqual([]);
  });
});
