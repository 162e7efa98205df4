import { inspect } from 'node:util';
import type { Logger } from '@callstream/core';
import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import { fixture, next, ringIn } from './helpers';

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
});
