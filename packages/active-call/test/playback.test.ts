import { AC_FAST_TIMING, scenario } from '@callstream/emulator';
import { filter, firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TranscriptUpdate } from '../src/index';
import { eventually, type Fixture, fixture, next, removed } from './helpers';

const FROM = 'sip:bot@pbx.example';
/** Speech long enough to interrupt (20 ms per character). */
const SLOW_TTS = { timing: { ...AC_FAST_TIMING, ttsMsPerChar: 20, playMs: 400 } };

async function answered(f: Fixture, option: object = {}) {
  return f.client.dial({
    to: scenario.answer(),
    from: FROM,
    option: { tts: { provider: 'emulator' }, ...option },
  });
}

describe('playback', () => {
  it('tts: one playback with a generated playId and endOfStream, started then ended', async () => {
    await using f = await fixture();
    const { callId, session } = await answered(f);
    const playback = await session.tts('Hello, how can I help?');
    expect(playback.playId).toMatch(/^play-/);
    expect(playback.kind).toBe('tts');
    expect(await playback.done).toBe('ended');
    expect(await firstValueFrom(playback.started$)).toMatchObject({
      event: 'trackStart',
      trackId: 'server-side-track',
      playId: playback.playId,
    });
    expect(await firstValueFrom(playback.ended$)).toMatchObject({ playId: playback.playId });
    expect(f.frames(callId).find((frame) => frame.command === 'tts')).toEqual({
      command: 'tts',
      text: 'Hello, how can I help?',
      playId: playback.playId,
      endOfStream: true,
    });
    await f.client.hangup(callId);
  });

  it('a new playback replaces the one playing: replaced, then the new one ends', async () => {
    await using f = await fixture({}, SLOW_TTS);
    const { callId, session } = await answered(f);
    const first = await session.tts('A rather long sentence that takes a while to say.');
    await firstValueFrom(first.started$);
    const second = await session.tts('Short.');
    expect(await first.done).toBe('replaced');
    expect(await second.done).toBe('ended');
    await f.client.hangup(callId);
  });

  it('interrupt: interrupted, with how far it got', async () => {
    await using f = await fixture({}, SLOW_TTS);
    const { callId, session } = await answered(f);
    // The segment's audio has started once its metrics arrive (an interrupt while it is still
    // being synthesized reports totalDuration 0, as the server does).
    const audible = firstValueFrom(
      session.on('metrics').pipe(filter((event) => event.key.startsWith('completed.tts.'))),
    );
    const playback = await session.tts('A rather long sentence that takes a while to say.');
    await audible;
    await session.interrupt();
    expect(await playback.done).toBe('interrupted');
    const cut = await firstValueFrom(playback.interrupted$);
    expect(cut.totalDuration).toBeGreaterThan(0);
    expect(cut.current).toBeLessThanOrEqual(cut.totalDuration ?? 0);
    expect(f.frames(callId).at(-1)).toEqual({ command: 'interrupt' });
    await f.client.hangup(callId);
  });

  it('graceful interrupt is sent as a JSON boolean (a string would be dropped by the server)', async () => {
    await using f = await fixture({}, SLOW_TTS);
    const { callId, session } = await answered(f);
    const playback = await session.tts('One. Two. Three.');
    await firstValueFrom(playback.started$);
    await session.interrupt({ graceful: true });
    expect(await playback.done).toBe('interrupted');
    const record = f.received(callId).at(-1);
    expect(record).toMatchObject({
      accepted: true,
      frame: { command: 'interrupt', graceful: true },
    });
    await f.client.hangup(callId);
  });

  it('streaming TTS: pieces share one playId, the end closes the playback', async () => {
    await using f = await fixture();
    const { callId, session } = await answered(f);
    const stream = session.streamTts({ playId: 'reply-1' });
    await stream.write('Part one. ');
    await stream.write('Part two.');
    const playback = await stream.end();
    expect(playback).toBe(stream.playback);
    expect(await playback.done).toBe('ended');
    expect(f.frames(callId).filter((frame) => frame.command === 'tts')).toEqual([
      { command: 'tts', text: 'Part one. ', playId: 'reply-1', streaming: true },
      { command: 'tts', text: 'Part two.', playId: 'reply-1', streaming: true },
      { command: 'tts', text: '', playId: 'reply-1', streaming: true, endOfStream: true },
    ]);
    await expect(stream.write('more')).rejects.toMatchObject({ code: 'invalid-call-state' });
    await f.client.hangup(callId);
  });

  it('play: a file playback ends; a file that cannot be played fails', async () => {
    await using f = await fixture();
    const { callId, session } = await answered(f);
    const ok = await session.play('https://files.example/menu.wav', { playId: 'menu' });
    expect(await ok.done).toBe('ended');
    const errors: unknown[] = [];
    f.client.errors$.subscribe((error) => errors.push(error));
    const broken = await session.play('https://missing.invalid/x.wav');
    expect(await broken.done).toBe('failed');
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'server-error',
        callId,
        action: expect.stringContaining('filetrack'),
      }),
    ]);
    await f.client.hangup(callId);
  });

  it('hangup while playing: the playback is hungup', async () => {
    await using f = await fixture({}, SLOW_TTS);
    const { callId, session } = await answered(f);
    const playback = await session.tts('A rather long sentence that takes a while to say.');
    await firstValueFrom(playback.started$);
    await f.client.hangup(callId);
    expect(await playback.done).toBe('hungup');
  });

  it('the remote party hanging up during TTS ends it as hungup too', async () => {
    await using f = await fixture({}, SLOW_TTS);
    const { callId, session } = await answered(f);
    const playback = await session.tts('A rather long sentence that takes a while to say.');
    await firstValueFrom(playback.started$);
    f.emulator.remote.hangup(callId);
    expect(await playback.done).toBe('hungup');
    await removed(f, callId);
  });

  it('autoHangup: the playback ends, then the server hangs up', async () => {
    await using f = await fixture();
    const { callId, session } = await answered(f);
    const playback = await session.tts('Goodbye.', { autoHangup: true });
    expect(await playback.done).toBe('ended');
    const gone = await removed(f, callId);
    expect(gone.call).toMatchObject({ outcome: 'completed', hangupCause: 'Some(BySystem)' });
  });

  it('waitInputTimeoutMs: a silence event on the server-side track when nobody answers', async () => {
    await using f = await fixture();
    const { callId, session } = await answered(f);
    const silence = next(session.on('silence'), () => true, 'silence');
    await session.tts('Anyone there?', { waitInputTimeoutMs: 30 });
    expect(await silence).toMatchObject({ trackId: 'server-side-track', duration: 30 });
    expect(f.frames(callId).find((frame) => frame.command === 'tts')).toMatchObject({
      waitInputTimeout: 30,
    });
    await f.client.hangup(callId);
  });

  it('a tts without any TTS option reports the server error on errors$', async () => {
    await using f = await fixture();
    const { callId, session } = await f.client.dial({ to: scenario.answer(), from: FROM });
    const error = next(f.client.errors$, () => true, 'the error');
    await session.tts('no provider');
    expect(await error).toMatchObject({
      code: 'server-error',
      callId,
      serverError: 'no tts option available',
    });
    await f.client.hangup(callId);
  });

  it('history is echoed as addHistory, on the session and as a backend event', async () => {
    await using f = await fixture();
    const { callId, session } = await answered(f);
    const echo = next(session.on('addHistory'), () => true, 'addHistory');
    await session.history('user', 'I want to cancel');
    expect(await echo).toMatchObject({ speaker: 'user', text: 'I want to cancel', sender: callId });
    await eventually(
      () =>
        f.events.some(
          (event) =>
            event.type === 'backend' && event.name === 'addHistory' && event.callId === callId,
        ),
      'the backend event',
    );
    await f.client.hangup(callId);
  });
});

describe('speech recognition and barge-in', () => {
  it('transcript$ groups partials and the final of each utterance', async () => {
    await using f = await fixture();
    const { callId, session } = await answered(f, { asr: { provider: 'emulator' }, vad: {} });
    const updates = firstValueFrom(session.transcript$.pipe(toArray()));
    const speaking = next(session.on('speaking'), () => true, 'speaking');
    expect(f.emulator.remote.speak(callId, 'I want to cancel my order', { partials: 3 })).toBe(
      true,
    );
    await speaking;
    await next(session.on('asrFinal'), () => true, 'asrFinal');
    expect(f.emulator.remote.speak(callId, 'thanks')).toBe(true);
    await next(session.on('asrFinal'), (event) => event.index === 1, 'the second asrFinal');
    await f.client.hangup(callId);
    const all: TranscriptUpdate[] = await updates;
    const first = all.filter((update) => update.index === 0);
    expect(first.map((update) => update.final)).toEqual([false, false, false, true]);
    expect(first.at(-1)?.text).toBe('I want to cancel my order');
    expect(all.filter((update) => update.index === 1).at(-1)).toMatchObject({
      text: 'thanks',
      final: true,
    });
    // Backend events on the client's stream, with the call.
    expect(
      f.events.filter((event) => event.type === 'backend' && event.name === 'asrFinal'),
    ).toHaveLength(2);
  });

  it('barge-in: interrupting on the first partial cuts the prompt', async () => {
    await using f = await fixture({}, SLOW_TTS);
    const { callId, session } = await answered(f, { asr: { provider: 'emulator' } });
    const prompt = await session.tts('Please listen carefully as our menu options have changed.');
    await firstValueFrom(prompt.started$);
    const bargeIn = session
      .on('asrDelta')
      .subscribe(() => void session.interrupt({ graceful: true }));
    f.emulator.remote.speak(callId, 'agent please', { partials: 1 });
    expect(await prompt.done).toBe('interrupted');
    bargeIn.unsubscribe();
    await f.client.hangup(callId);
  });
});
