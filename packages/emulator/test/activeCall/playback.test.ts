import { describe, expect, it } from 'vitest';
import type { ActiveCallEmulatorOptions } from '../../src/index';
import { AcClient } from './helpers/acClient';
import { fastActiveCall, TTS } from './helpers/fixtures';

const SST = 'server-side-track';

/** An answered `/call` session with a session TTS option. */
async function answeredCall(options: ActiveCallEmulatorOptions = {}, path = '/call') {
  const emulator = await fastActiveCall(options);
  const client = await AcClient.open(emulator.wsUrl, path, { id: 'pb' });
  client.send({ command: 'invite', option: { callee: 'sip:u@x', tts: TTS } });
  await client.waitFor('answer');
  // Only what follows the answer matters here.
  client.events.length = 0;
  return {
    emulator,
    client,
    async [Symbol.asyncDispose]() {
      await client[Symbol.asyncDispose]();
      await emulator.close();
    },
  };
}

describe('TTS playback (§3.3)', () => {
  it('one-shot TTS: trackStart → metrics → trackEnd with duration and ssrc', async () => {
    await using call = await answeredCall({ timing: { ttsMsPerChar: 4 } });
    call.client.send({ command: 'tts', text: 'Hello there', playId: 'greet', endOfStream: true });
    const end = await call.client.waitFor('trackEnd');
    expect(call.client.names()).toEqual(['trackStart', 'metrics', 'trackEnd']);
    expect(call.client.events[0]).toEqual({
      event: 'trackStart',
      trackId: SST,
      timestamp: expect.any(Number),
      playId: 'greet',
    });
    expect(call.client.events[1]).toEqual({
      event: 'metrics',
      timestamp: expect.any(Number),
      key: 'completed.tts.tencent',
      duration: 1,
      data: { playId: 'greet', cmdSeq: 0, length: 44 * 32, cached: false, ttfb: 1, duration: 1 },
    });
    expect(end).toEqual({
      event: 'trackEnd',
      trackId: SST,
      timestamp: expect.any(Number),
      duration: expect.any(Number),
      ssrc: expect.any(Number),
      playId: 'greet',
    });
    // Timers may fire up to 1 ms early against Date.now().
    expect(Number(end.duration)).toBeGreaterThanOrEqual(43);
  });

  it('without endOfStream the track never ends; a later endOfStream for the playId ends it', async () => {
    await using call = await answeredCall();
    call.client.send({ command: 'tts', text: 'part one', playId: 'llm', streaming: true });
    call.client.send({ command: 'tts', text: 'part two', playId: 'llm', streaming: true });
    // Both pieces play (4 + 8 ms); the barrier below comes well after that.
    call.client.send({ command: 'history', speaker: 'bot', text: 'barrier' });
    await call.client.waitFor('addHistory');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(call.client.names()).toEqual(['trackStart', 'addHistory']);
    call.client.send({
      command: 'tts',
      text: '',
      playId: 'llm',
      streaming: true,
      endOfStream: true,
    });
    await call.client.waitFor('trackEnd');
    // A streaming synthesis reports once, at its end.
    expect(call.client.names()).toEqual(['trackStart', 'addHistory', 'metrics', 'trackEnd']);
    expect(call.client.events[2]).toMatchObject({
      data: { playId: 'llm', cmdSeq: 2, length: 16 * 32 },
    });
  });

  it('same playId appends (one trackStart, a metrics per segment); both absent counts as the same', async () => {
    await using call = await answeredCall();
    call.client.send({ command: 'tts', text: 'one' });
    call.client.send({ command: 'tts', text: 'two' });
    call.client.send({ command: 'tts', text: 'three', endOfStream: true });
    await call.client.waitFor('trackEnd');
    expect(call.client.names()).toEqual([
      'trackStart',
      'metrics',
      'metrics',
      'metrics',
      'trackEnd',
    ]);
    expect(call.client.events[0]).not.toHaveProperty('playId');
    expect(
      call.client.events
        .filter((e) => e.event === 'metrics')
        .map((e) => (e.data as { cmdSeq: number }).cmdSeq),
    ).toEqual([0, 1, 2]);
  });

  it('a new playId replaces the playing TTS: interruption + trackEnd of the old, trackStart of the new', async () => {
    await using call = await answeredCall({ timing: { ttsMsPerChar: 50 } });
    call.client.send({ command: 'tts', text: 'a long first sentence', playId: 'a' });
    await call.client.waitFor('metrics');
    call.client.send({ command: 'tts', text: 'b', playId: 'b', endOfStream: true });
    await call.client.waitFor('trackEnd', (e) => e.playId === 'b');
    expect(call.client.names()).toEqual([
      'trackStart',
      'metrics',
      'interruption',
      'trackEnd',
      'trackStart',
      'metrics',
      'trackEnd',
    ]);
    expect(call.client.events[2]).toMatchObject({
      trackId: SST,
      playId: 'a',
      subtitle: 'a long first sentence',
      totalDuration: 21 * 50,
      current: expect.any(Number),
    });
    expect(Number(call.client.events[2]?.current)).toBeLessThan(21 * 50);
    expect(call.client.events[3]).toMatchObject({ playId: 'a' });
    expect(call.client.events[4]).toMatchObject({ playId: 'b' });
  });

  it('emoji are stripped; base64 PCM lasts its byte length / 32 ms', async () => {
    await using call = await answeredCall({ timing: { ttsMsPerChar: 3 } });
    call.client.send({ command: 'tts', text: 'ok👍', playId: 'e', endOfStream: true });
    await call.client.waitFor('trackEnd', (e) => e.playId === 'e');
    expect(call.client.events.find((e) => e.event === 'metrics')).toMatchObject({
      data: { length: 2 * 3 * 32 },
    });
    const pcm = Buffer.alloc(32 * 40).toString('base64');
    call.client.send({ command: 'tts', text: pcm, base64: true, playId: 'raw', endOfStream: true });
    const end = await call.client.waitFor('trackEnd', (e) => e.playId === 'raw');
    expect(Number(end.duration)).toBeGreaterThanOrEqual(39);
  });

  it('without any TTS option: error(command) "no tts option available", nothing plays', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'no-tts' });
    client.send({ command: 'tts', text: 'hello', endOfStream: true });
    expect(await client.waitFor('error')).toMatchObject({
      trackId: 'no-tts',
      sender: 'command',
      error: 'no tts option available',
    });
    client.send({ command: 'tts', text: 'hi', endOfStream: true, option: { provider: 'aliyun' } });
    expect(await client.waitFor('metrics')).toMatchObject({ key: 'completed.tts.aliyun' });
  });

  it('a failing provider: error{sender tts, code 500} per segment, the track still ends', async () => {
    await using call = await answeredCall();
    call.client.send({
      command: 'tts',
      text: 'x',
      endOfStream: true,
      option: { provider: 'emulator-error' },
    });
    await call.client.waitFor('trackEnd');
    expect(call.client.names()).toEqual(['trackStart', 'error', 'trackEnd']);
    expect(call.client.events[1]).toMatchObject({ trackId: SST, sender: 'tts', code: 500 });
  });

  it('text over maxTtsChars is refused with an error and skipped', async () => {
    await using call = await answeredCall({ maxTtsChars: 10 });
    call.client.send({ command: 'tts', text: 'short', playId: 'm' });
    call.client.send({ command: 'tts', text: 'far too long now', playId: 'm', endOfStream: true });
    await call.client.waitFor('trackEnd');
    expect(call.client.names()).toEqual(['trackStart', 'error', 'metrics', 'trackEnd']);
    expect(call.client.events[1]).toMatchObject({
      sender: 'tts',
      error: expect.stringContaining('10 characters'),
    });
  });
});

describe('interrupt (§3.5)', () => {
  it('TTS: interruption{current,totalDuration,subtitle} then trackEnd', async () => {
    await using call = await answeredCall({ timing: { ttsMsPerChar: 50 } });
    call.client.send({ command: 'tts', text: 'Hello, how can I help?', playId: 'g' });
    await call.client.waitFor('metrics');
    call.client.send({ command: 'interrupt' });
    await call.client.waitFor('trackEnd');
    expect(call.client.names()).toEqual(['trackStart', 'metrics', 'interruption', 'trackEnd']);
    const interruption = call.client.events[2];
    expect(interruption).toEqual({
      event: 'interruption',
      trackId: SST,
      timestamp: expect.any(Number),
      playId: 'g',
      subtitle: 'Hello, how can I help?',
      totalDuration: 22 * 50,
      current: expect.any(Number),
    });
  });

  it('with tts.option.subtitle the interruption has a word position', async () => {
    await using call = await answeredCall({ timing: { ttsMsPerChar: 20 } });
    call.client.send({
      command: 'tts',
      text: 'one two three four five six',
      option: { subtitle: true },
    });
    await call.client.waitFor('metrics');
    await new Promise((resolve) => setTimeout(resolve, 200));
    call.client.send({ command: 'interrupt' });
    const interruption = await call.client.waitFor('interruption');
    const position = Number(interruption.position);
    expect(position).toBeGreaterThan(0);
    expect(' one two three four five six'[position]).toBe(' ');
  });

  it('graceful on a non-streaming TTS finishes the playing segment, drops the rest, no interruption', async () => {
    // 600 ms for the first segment: the interrupt must reach the emulator while it plays, even
    // on a loaded machine.
    await using call = await answeredCall({ timing: { ttsMsPerChar: 40 } });
    call.client.send({ command: 'tts', text: 'first sentence.', playId: 'g' });
    call.client.send({ command: 'tts', text: 'second sentence.', playId: 'g' });
    await call.client.waitFor('metrics');
    call.client.send({ command: 'interrupt', graceful: true });
    const end = await call.client.waitFor('trackEnd');
    // One metrics only: the second segment never started.
    expect(call.client.names()).toEqual(['trackStart', 'metrics', 'trackEnd']);
    expect(Number(end.duration)).toBeGreaterThanOrEqual(599);
  });

  it('graceful is ignored by streaming TTS', async () => {
    await using call = await answeredCall({ timing: { ttsMsPerChar: 50 } });
    call.client.send({ command: 'tts', text: 'streamed words', playId: 's', streaming: true });
    await call.client.until(() => (call.client.names().includes('trackStart') ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 20));
    call.client.send({ command: 'interrupt', graceful: true });
    await call.client.waitFor('trackEnd');
    expect(call.client.names()).toEqual(['trackStart', 'interruption', 'trackEnd']);
  });

  it('a file track ends with trackEnd only; nothing playing gives no event', async () => {
    await using call = await answeredCall({ timing: { playMs: 5000 } });
    call.client.send({ command: 'interrupt' });
    call.client.send({ command: 'play', url: 'http://files.example/menu.wav' });
    await call.client.waitFor('trackStart');
    call.client.send({ command: 'interrupt' });
    await call.client.waitFor('trackEnd');
    expect(call.client.names()).toEqual(['trackStart', 'trackEnd']);
    expect(call.client.events[0]).toMatchObject({ playId: 'http://files.example/menu.wav' });
  });

  it('after an interrupt a TTS with the same playId starts a new track', async () => {
    await using call = await answeredCall({ timing: { ttsMsPerChar: 50 } });
    call.client.send({ command: 'tts', text: 'first words', playId: 'same' });
    await call.client.waitFor('metrics');
    call.client.send({ command: 'interrupt' });
    call.client.send({ command: 'tts', text: 'x', playId: 'same', endOfStream: true });
    await call.client.until(() =>
      call.client.names().filter((n) => n === 'trackEnd').length === 2 ? true : undefined,
    );
    expect(call.client.names().filter((n) => n === 'trackStart')).toHaveLength(2);
  });
});

describe('play (§3.4)', () => {
  it('plays for playMs with playId = given id or the url', async () => {
    await using call = await answeredCall({ timing: { playMs: 30 } });
    call.client.send({ command: 'play', url: 'https://files.example/a.wav', playId: 'menu' });
    const end = await call.client.waitFor('trackEnd');
    expect(end).toMatchObject({ trackId: SST, playId: 'menu' });
    expect(Number(end.duration)).toBeGreaterThanOrEqual(29);
  });

  it('an unplayable url (.invalid host): trackStart, error{sender "filetrack: <url>"}, trackEnd', async () => {
    await using call = await answeredCall();
    const url = 'http://files.invalid/missing.wav';
    call.client.send({ command: 'play', url });
    await call.client.waitFor('trackEnd');
    expect(call.client.names()).toEqual(['trackStart', 'error', 'trackEnd']);
    expect(call.client.events[1]).toMatchObject({ trackId: SST, sender: `filetrack: ${url}` });
  });

  it('replacing a TTS with a file: interruption + trackEnd of the TTS, then the file', async () => {
    await using call = await answeredCall({ timing: { ttsMsPerChar: 50 } });
    call.client.send({ command: 'tts', text: 'speaking now', playId: 't' });
    await call.client.waitFor('metrics');
    call.client.send({ command: 'play', url: 'http://f/x.wav', playId: 'f' });
    await call.client.waitFor('trackEnd', (e) => e.playId === 'f');
    expect(call.client.names()).toEqual([
      'trackStart',
      'metrics',
      'interruption',
      'trackEnd',
      'trackStart',
      'trackEnd',
    ]);
  });
});

describe('autoHangup and waitInputTimeout', () => {
  it('autoHangup: the call hangs up when the playback ends (Some(BySystem))', async () => {
    await using call = await answeredCall({}, '/call/sip');
    call.client.send({
      command: 'tts',
      text: 'Goodbye',
      playId: 'bye',
      endOfStream: true,
      autoHangup: true,
    });
    await call.client.waitClosed();
    expect(call.client.names()).toEqual([
      'trackStart',
      'metrics',
      'trackEnd',
      'trackEnd',
      'hangup',
    ]);
    expect(call.client.events[3]).toMatchObject({ trackId: 'pb' });
    expect(call.client.events[4]).toMatchObject({ reason: 'Some(BySystem)', initiator: 'caller' });
  });

  it('autoHangup on the closing piece of a streamed reply', async () => {
    await using call = await answeredCall();
    call.client.send({ command: 'tts', text: 'Thanks', playId: 'r', streaming: true });
    call.client.send({
      command: 'tts',
      text: '',
      playId: 'r',
      streaming: true,
      endOfStream: true,
      autoHangup: true,
    });
    await call.client.waitClosed();
    expect(call.client.names().slice(-2)).toEqual(['trackEnd', 'trackEnd']);
  });

  it('interrupting an autoHangup playback still hangs up (server quirk)', async () => {
    await using call = await answeredCall({ timing: { ttsMsPerChar: 50 } }, '/call/sip');
    call.client.send({ command: 'tts', text: 'long goodbye', autoHangup: true, endOfStream: true });
    await call.client.waitFor('metrics');
    call.client.send({ command: 'interrupt' });
    await call.client.waitClosed();
    expect(call.client.names()).toEqual([
      'trackStart',
      'metrics',
      'interruption',
      'trackEnd',
      'trackEnd',
      'hangup',
    ]);
  });

  it('interruptClearsAutoHangup turns that quirk off', async () => {
    await using call = await answeredCall({
      timing: { ttsMsPerChar: 50 },
      interruptClearsAutoHangup: true,
    });
    call.client.send({ command: 'tts', text: 'long goodbye', autoHangup: true, endOfStream: true });
    await call.client.waitFor('metrics');
    call.client.send({ command: 'interrupt' });
    call.client.send({ command: 'history', speaker: 'bot', text: 'still here' });
    await call.client.waitFor('addHistory');
    expect(call.emulator.sessions()[0]?.state).toBe('answered');
  });

  it('a new playback replacing an autoHangup one cancels the hangup', async () => {
    await using call = await answeredCall({ timing: { ttsMsPerChar: 50 } });
    call.client.send({
      command: 'tts',
      text: 'bye bye',
      playId: 'a',
      autoHangup: true,
      endOfStream: true,
    });
    await call.client.waitFor('metrics');
    call.client.send({ command: 'tts', text: 'wait', playId: 'b', endOfStream: true });
    await call.client.waitFor('trackEnd', (e) => e.playId === 'b');
    expect(call.emulator.sessions()[0]?.state).toBe('answered');
  });

  it('waitInputTimeout: silence on the server-side track after the playback ends', async () => {
    await using call = await answeredCall();
    call.client.send({ command: 'play', url: 'http://f/q.wav', playId: 'q', waitInputTimeout: 40 });
    const end = await call.client.waitFor('trackEnd');
    const silence = await call.client.waitFor('silence');
    expect(silence).toEqual({
      event: 'silence',
      trackId: SST,
      timestamp: expect.any(Number),
      startTime: expect.any(Number),
      duration: 40,
    });
    expect(Number(silence.timestamp) - Number(end.timestamp)).toBeGreaterThanOrEqual(35);
  });

  it('user input (dtmf) during the wait cancels the silence', async () => {
    await using call = await answeredCall({}, '/call/sip');
    call.client.send({ command: 'tts', text: 'press', endOfStream: true, waitInputTimeout: 150 });
    await call.client.waitFor('trackEnd');
    expect(call.emulator.remote.pressDigits('pb', '5')).toBe(true);
    await call.client.waitFor('dtmf');
    // A second wait that is not cancelled shows the first would have fired by now.
    call.client.send({
      command: 'tts',
      text: 'again',
      playId: 'b',
      endOfStream: true,
      waitInputTimeout: 200,
    });
    await call.client.waitFor('silence');
    const silences = call.client.events.filter((e) => e.event === 'silence');
    expect(silences).toHaveLength(1);
    expect(silences[0]?.duration).toBe(200);
  });
});
