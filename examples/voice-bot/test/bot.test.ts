import { createActiveCallClient } from '@callstream/active-call';
import { listenForWebhooks } from '@callstream/active-call/node';
import { scenario, startActiveCallEmulator } from '@callstream/emulator';
import { ExampleError } from '@callstream/example-support';
import { filter, firstValueFrom, ReplaySubject, take, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BotOutcome, VoiceBotOptions } from '../src/index';
import { intentOfDigit, intentOfText, resolveVoiceBotOptions, voiceBot } from '../src/index';

/** An emulator, a connected client with a webhook server, and the bot running on it. */
async function botFixture(options: VoiceBotOptions = {}) {
  const emulator = await startActiveCallEmulator({ timing: 'fast' });
  const client = createActiveCallClient({ endpoint: emulator.wsUrl });
  await client.connect();
  const webhooks = await listenForWebhooks(client, { path: '/webhook' });
  const outcomes = new ReplaySubject<BotOutcome>();
  const running = voiceBot(client, { noInputMs: 200, ...options }).subscribe(outcomes);
  const next = (predicate: (item: BotOutcome) => boolean, what: string) =>
    firstValueFrom(
      outcomes.pipe(
        filter(predicate),
        take(1),
        timeout({
          first: 5000,
          with: () => {
            throw new Error(`timed out waiting for ${what}`);
          },
        }),
      ),
    );
  const all: BotOutcome[] = [];
  outcomes.subscribe((item) => all.push(item));
  return {
    emulator,
    client,
    next,
    all,
    /** A caller calls in; resolves with the call id once the bot answered. */
    async ringIn(caller = 'sip:+14155550100@127.0.0.1'): Promise<string> {
      const number = caller.replace(/^sip:\+?|@.*$/g, '');
      const answered = next(
        (item) => item.kind === 'answered' && item.from.endsWith(number),
        `the answer to ${caller}`,
      );
      const result = await emulator.simulateInbound({ caller, webhookUrl: webhooks.url });
      expect(result.delivered).toBe(true);
      return (await answered).callId;
    },
    async [Symbol.asyncDispose]() {
      running.unsubscribe();
      await client.close();
      await webhooks.close();
      await emulator.close();
    },
  };
}

describe('voiceBot', () => {
  it('a key pressed over the greeting cuts it (barge-in) and is answered', async () => {
    await using f = await botFixture();
    const callId = await f.ringIn();
    await f.next((item) => item.kind === 'playing' && item.line === 'greeting', 'the greeting');
    expect(f.emulator.remote.pressDigits(callId, '1')).toBe(true);
    expect(await f.next((item) => item.kind === 'said', 'the greeting to stop')).toMatchObject({
      line: 'greeting',
      how: 'interrupted',
    });
    await f.next((item) => item.kind === 'playing' && item.line === 'hours', 'the hours');
    expect(f.all.filter((item) => item.kind === 'barge-in')).toHaveLength(1);
    const interrupts = f.emulator
      .frames(callId)
      .filter(
        (record) => (record.frame as { command?: string } | undefined)?.command === 'interrupt',
      );
    expect(interrupts).toHaveLength(1);
  });

  it('a busy agent: transfer-failed, the caller is told, then the bot hangs up', async () => {
    await using f = await botFixture({ agent: scenario.busy() });
    const callId = await f.ringIn();
    await f.next((item) => item.kind === 'said' && item.line === 'greeting', 'the greeting');
    expect(f.emulator.remote.pressDigits(callId, '2')).toBe(true);
    expect(
      await f.next((item) => item.kind === 'transfer-failed', 'the failed transfer'),
    ).toMatchObject({ callId, code: 'call-rejected' });
    await f.next((item) => item.kind === 'said' && item.line === 'agentBusy', 'the apology');
    expect(await f.next((item) => item.kind === 'ended', 'the end')).toMatchObject({ callId });
    const lines = f.all.flatMap((item) => (item.kind === 'said' ? [item.line] : []));
    expect(lines).toEqual(['greeting', 'agent', 'agentBusy', 'goodbye']);
    expect((await firstValueFrom(f.client.calls$)).size).toBe(0);
  });

  it('a caller hanging up mid-prompt ends the conversation without a failure', async () => {
    await using f = await botFixture();
    const callId = await f.ringIn();
    await f.next((item) => item.kind === 'playing' && item.line === 'greeting', 'the greeting');
    expect(f.emulator.remote.hangup(callId)).toBe(true);
    expect(await f.next((item) => item.kind === 'ended', 'the end')).toMatchObject({
      callId,
      outcome: 'completed',
    });
    expect(f.all.find((item) => item.kind === 'said')).toMatchObject({ how: 'hungup' });
    expect(f.all.filter((item) => item.kind === 'failed' || item.kind === 'no-input')).toEqual([]);
    expect(f.emulator.stats().sessions).toBe(0);
  });

  it('two callers at once get a conversation each', async () => {
    await using f = await botFixture();
    const [a, b] = await Promise.all([
      f.ringIn('sip:+14155550101@127.0.0.1'),
      f.ringIn('sip:+14155550102@127.0.0.1'),
    ]);
    expect(a).not.toBe(b);
    for (const callId of [a, b]) {
      await f.next((item) => item.callId === callId && item.kind === 'said', `${callId} greeted`);
      expect(f.emulator.remote.pressDigits(callId, '9')).toBe(true);
    }
    await f.next((item) => item.callId === a && item.kind === 'ended', 'a to end');
    await f.next((item) => item.callId === b && item.kind === 'ended', 'b to end');
    expect((await firstValueFrom(f.client.calls$)).size).toBe(0);
  });
});

describe('intents and options', () => {
  it.each([
    ['What are your opening hours?', 'hours'],
    ['when do you close', 'hours'],
    ['I want to talk to a human', 'agent'],
    ["no thanks that's all", 'goodbye'],
    ['goodbye, and give me an agent', 'goodbye'],
    ['pineapple on pizza', 'unknown'],
  ] as const)('%j means %s', (text, intent) => {
    expect(intentOfText(text)).toBe(intent);
  });

  it('maps the menu keys and nothing else', () => {
    expect(['1', '2', '9', '5', '#'].map(intentOfDigit)).toEqual([
      'hours',
      'agent',
      'goodbye',
      'unknown',
      'unknown',
    ]);
  });

  it('refuses impossible options with a usage error', () => {
    expect(() => resolveVoiceBotOptions({ noInputMs: 0 })).toThrow(ExampleError);
    expect(() => resolveVoiceBotOptions({ maxNoInput: Number.NaN })).toThrow(/maxNoInput/);
    expect(() => resolveVoiceBotOptions({ agent: ' ' })).toThrow(/agent/);
    expect(resolveVoiceBotOptions()).toMatchObject({ noInputMs: 8000, maxNoInput: 2 });
  });
});
