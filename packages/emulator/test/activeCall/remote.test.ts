import { describe, expect, it } from 'vitest';
import type { ActiveCallEmulatorOptions } from '../../src/index';
import { scenario } from '../../src/index';
import { AcClient } from './helpers/acClient';
import { AC_IDLE, fastActiveCall, TTS, until } from './helpers/fixtures';

const SPEECH = { asr: { provider: 'tencent' }, vad: { type: 'silero' } };

async function answered(option: Record<string, unknown>, options: ActiveCallEmulatorOptions = {}) {
  const emulator = await fastActiveCall(options);
  const client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'r' });
  client.send({ command: 'invite', option: { callee: 'sip:u@x', tts: TTS, ...option } });
  await client.waitFor('answer');
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

describe('remote.speak: simulated user speech', () => {
  it('speaking → asrDelta* → asrFinal → silence → metrics, with index and times', async () => {
    await using call = await answered(SPEECH);
    expect(call.emulator.remote.speak('r', 'I want to cancel my order')).toBe(true);
    await call.client.waitFor('metrics');
    expect(call.client.names()).toEqual([
      'speaking',
      'asrDelta',
      'asrDelta',
      'asrDelta',
      'asrDelta',
      'asrDelta',
      'asrFinal',
      'silence',
      'metrics',
    ]);
    const [speaking, firstDelta] = call.client.events;
    expect(speaking).toEqual({
      event: 'speaking',
      trackId: 'r',
      timestamp: expect.any(Number),
      startTime: expect.any(Number),
    });
    expect(firstDelta).toEqual({
      event: 'asrDelta',
      trackId: 'r',
      timestamp: expect.any(Number),
      index: 0,
      startTime: speaking?.startTime,
      endTime: expect.any(Number),
      text: 'I',
    });
    const deltas = call.client.events.filter((e) => e.event === 'asrDelta').map((e) => e.text);
    expect(deltas).toEqual(['I', 'I want', 'I want to', 'I want to cancel', 'I want to cancel my']);
    const final = call.client.events[6];
    expect(final).toMatchObject({
      index: 0,
      text: 'I want to cancel my order',
      startTime: speaking?.startTime,
    });
    const silence = call.client.events[7];
    expect(silence).toMatchObject({ trackId: 'r', startTime: speaking?.startTime });
    expect(silence?.duration).toBe(Number(final?.endTime) - Number(speaking?.startTime));
    expect(call.client.events[8]).toMatchObject({
      key: 'completed.asr.tencent',
      data: { index: 0 },
    });
  });

  it('utterances are numbered and run one after another; partials and confidence are honoured', async () => {
    await using call = await answered(SPEECH);
    call.emulator.remote.speak('r', 'yes', { confidence: 0.9 });
    call.emulator.remote.speak('r', 'one two three', { partials: 1 });
    await call.client.until(() =>
      call.client.names().filter((n) => n === 'asrFinal').length === 2 ? true : undefined,
    );
    const finals = call.client.events.filter((e) => e.event === 'asrFinal');
    expect(finals.map((e) => [e.index, e.text])).toEqual([
      [0, 'yes'],
      [1, 'one two three'],
    ]);
    expect(finals[0]?.confidence).toBe(0.9);
    expect(call.client.events[0]).toMatchObject({ event: 'speaking', confidence: 0.9 });
    expect(
      call.client.events.filter((e) => e.event === 'asrDelta' && e.index === 1).map((e) => e.text),
    ).toEqual(['one two']);
  });

  it('only the processors the call has: ASR without VAD, VAD without ASR, a non-silero VAD is silent', async () => {
    {
      await using call = await answered({ asr: { provider: 'aliyun' } });
      call.emulator.remote.speak('r', 'hi there', { partials: 0 });
      await call.client.waitFor('metrics');
      expect(call.client.names()).toEqual(['asrFinal', 'metrics']);
    }
    {
      await using call = await answered({ vad: {} });
      call.emulator.remote.speak('r', 'hi there');
      await call.client.waitFor('silence');
      expect(call.client.names()).toEqual(['speaking', 'silence']);
    }
    {
      await using call = await answered({ vad: { type: 'webrtc' } });
      expect(call.emulator.remote.speak('r', 'hi')).toBe(false);
    }
  });

  it('is refused (false) without ASR/VAD, before answer, or for an unknown id; bad text throws', async () => {
    await using call = await answered({});
    expect(call.emulator.remote.speak('r', 'hi')).toBe(false);
    expect(call.emulator.remote.speak('nobody', 'hi')).toBe(false);
    expect(() => call.emulator.remote.speak('r', '  ')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => call.emulator.remote.speak('r', 'x'.repeat(2001))).toThrow(/2000/);
    expect(() => call.emulator.remote.speak('r', 'x', { partials: -1 })).toThrow(/partials/);
  });

  it('barge-in: the client interrupts the greeting on the first asrDelta', async () => {
    await using call = await answered(SPEECH, { timing: { ttsMsPerChar: 30, asrWordMs: 20 } });
    call.client.send({
      command: 'tts',
      text: 'Welcome to the demo line, how can I help?',
      playId: 'greet',
      endOfStream: true,
    });
    await call.client.waitFor('metrics');
    call.emulator.remote.speak('r', 'agent please right now');
    await call.client.waitFor('asrDelta');
    call.client.send({ command: 'interrupt' });
    await call.client.waitFor('asrFinal');
    const names = call.client.names();
    expect(names.indexOf('interruption')).toBeGreaterThan(names.indexOf('asrDelta'));
    expect(names.indexOf('interruption')).toBeLessThan(names.indexOf('asrFinal'));
  });
});

describe('remote-party limits', () => {
  it('at most 32 utterances or digit sequences wait per session', async () => {
    await using call = await answered(SPEECH, { timing: { asrWordMs: 50 } });
    const accepted = Array.from({ length: 40 }, () =>
      call.emulator.remote.speak('r', 'hello there'),
    );
    expect(accepted.filter(Boolean)).toHaveLength(32);
    expect(call.emulator.remote.pressDigits('r', '1')).toBe(false);
    call.client.send({ command: 'hangup' });
    await call.client.waitClosed();
    await until(() => call.emulator.stats().sessions === 0);
    expect(call.emulator.stats()).toEqual(AC_IDLE);
  });
});

describe('remote.pressDigits, remote.hold, remote.hangup', () => {
  it('one dtmf event per digit, in order', async () => {
    await using call = await answered({});
    expect(call.emulator.remote.pressDigits('r', '12*#A')).toBe(true);
    await call.client.until(() => (call.client.events.length === 5 ? true : undefined));
    expect(call.client.events.map((e) => e.digit)).toEqual(['1', '2', '*', '#', 'A']);
    expect(call.client.events[0]).toEqual({
      event: 'dtmf',
      trackId: 'r',
      timestamp: expect.any(Number),
      digit: '1',
    });
  });

  it('refuses bad digits with INVALID_ARGUMENT, and unknown or unanswered calls with false', async () => {
    await using call = await answered({});
    for (const digits of ['', '12x', '5'.repeat(65)]) {
      expect(() => call.emulator.remote.pressDigits('r', digits)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
    expect(call.emulator.remote.pressDigits('nobody', '1')).toBe(false);
  });

  it('hold emits hold{onHold}', async () => {
    await using call = await answered({});
    expect(call.emulator.remote.hold('r', true)).toBe(true);
    expect(call.emulator.remote.hold('r', false)).toBe(true);
    await call.client.until(() => (call.client.events.length === 2 ? true : undefined));
    expect(call.client.events.map((e) => [e.event, e.trackId, e.onHold])).toEqual([
      ['hold', 'r', true],
      ['hold', 'r', false],
    ]);
    expect(call.emulator.remote.hold('nobody', true)).toBe(false);
  });

  it('hangup of an answered outbound call: the callee hung up', async () => {
    await using call = await answered({});
    expect(call.emulator.remote.hangup('r')).toBe(true);
    await call.client.waitClosed();
    expect(call.client.names()).toEqual(['trackEnd', 'hangup']);
    expect(call.client.events[1]).toMatchObject({ reason: 'Some(ByCallee)', initiator: 'callee' });
    expect(call.emulator.remote.hangup('r')).toBe(false);
  });
});

describe('refer (§3.7)', () => {
  it('answer: playback stops, ringing{refer}, answer{refer} on the server-side track', async () => {
    await using call = await answered({}, { timing: { ttsMsPerChar: 50 } });
    call.client.send({ command: 'tts', text: 'transferring you', playId: 't' });
    await call.client.waitFor('metrics');
    call.client.send({ command: 'refer', caller: 'sip:bot@pbx', callee: 'sip:agent@pbx' });
    const answer = await call.client.waitFor('answer');
    expect(call.client.names()).toEqual([
      'trackStart',
      'metrics',
      'interruption',
      'trackEnd',
      'ringing',
      'answer',
    ]);
    expect(call.client.events[4]).toMatchObject({
      trackId: 'server-side-track',
      earlyMedia: false,
      refer: true,
    });
    expect(answer).toMatchObject({
      trackId: 'server-side-track',
      refer: true,
      sdp: expect.stringMatching(/^v=0/),
    });
  });

  it('music on hold loops while the transfer rings and stops when it is answered', async () => {
    await using call = await answered({}, { timing: { playMs: 10 } });
    call.client.send({
      command: 'refer',
      caller: 'sip:bot@pbx',
      callee: scenario.answer(45),
      options: { moh: 'http://f/moh.wav' },
    });
    await call.client.waitFor('answer');
    const mohStarts = call.client.events.filter(
      (e) => e.event === 'trackStart' && e.playId === 'http://f/moh.wav',
    );
    expect(mohStarts.length).toBeGreaterThanOrEqual(2);
    expect(call.client.names().at(-2)).toBe('trackEnd');
  });

  it('busy target: reject{refer, 486}, error(command); the call goes on', async () => {
    await using call = await answered({});
    call.client.send({
      command: 'refer',
      caller: 'sip:bot@pbx',
      callee: `sip:${scenario.busy()}@pbx`,
    });
    await call.client.waitFor('error');
    expect(call.client.names()).toEqual(['ringing', 'reject', 'error']);
    expect(call.client.events[1]).toMatchObject({
      trackId: 'server-side-track',
      code: 486,
      reason: 'Busy Here',
      refer: true,
    });
    expect(call.emulator.sessions()[0]?.state).toBe('answered');
  });

  it('a target slower than options.timeout: reject "Timeout when refer" 408', async () => {
    await using call = await answered({});
    call.client.send({
      command: 'refer',
      caller: 'sip:bot@pbx',
      callee: scenario.noAnswer(5000),
      options: { timeout: 0 },
    });
    expect(await call.client.waitFor('reject')).toMatchObject({
      reason: 'Timeout when refer',
      code: 408,
      refer: true,
    });
  });

  it('the transfer leg hanging up: hangup{refer}, then the call ends (autoHangup default)', async () => {
    await using call = await answered({});
    call.client.send({
      command: 'refer',
      caller: 'sip:bot@pbx',
      callee: scenario.remoteHangup(20),
    });
    await call.client.waitClosed();
    expect(call.client.names()).toEqual(['ringing', 'answer', 'hangup', 'trackEnd', 'hangup']);
    expect(call.client.events[2]).toMatchObject({
      trackId: 'server-side-track',
      refer: true,
      initiator: 'callee',
    });
    expect(call.client.events[4]).toMatchObject({
      trackId: 'r',
      reason: 'Some(ByRefer)',
      refer: false,
    });
  });

  it('with autoHangup false the call stays up after the transfer leg ends', async () => {
    await using call = await answered({});
    call.client.send({
      command: 'refer',
      caller: 'sip:bot@pbx',
      callee: scenario.remoteHangup(5),
      options: { autoHangup: false },
    });
    await call.client.waitFor('hangup');
    call.client.send({ command: 'history', speaker: 'x', text: 'still here' });
    await call.client.waitFor('addHistory');
    expect(call.emulator.sessions()[0]?.state).toBe('answered');
  });

  it('refer before answer is an error', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip');
    client.send({ command: 'refer', caller: 'sip:a@b', callee: 'sip:c@d' });
    expect(await client.waitFor('error')).toMatchObject({
      sender: 'command',
      error: 'refer needs an answered call',
    });
  });
});
