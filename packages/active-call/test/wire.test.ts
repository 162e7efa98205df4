import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import type { CallOption } from '../src/index';
import { eventually, fixture, next, ringIn } from './helpers';

/**
 * Every command, checked field by field against what the emulator received (its frame log),
 * and accepted by it (a field of the wrong JSON type would make the server drop the command).
 * The log redacts credentials, so those are checked as `[redacted]`.
 */
describe('every command on the wire', () => {
  it('invite carries the full call option with the exact casing of the reference', async () => {
    await using f = await fixture({
      callOption: { tts: { provider: 'emulator', speaker: 'default' }, denoise: false },
    });
    const option: CallOption = {
      caller: 'sip:1001@pbx.example',
      denoise: true,
      recorder: { recorderFile: '/rec/{id}.wav', sampleRate: 16000, ptime: 200, format: 'wav' },
      vad: {
        type: 'silero',
        sampleRate: 16000,
        speechPadding: 250,
        silencePadding: 100,
        ratio: 0.5,
        voiceThreshold: 0.5,
        maxBufferDurationSecs: 50,
        silenceTimeout: 5000,
      },
      asr: {
        provider: 'tencent',
        language: 'en-US',
        modelType: 'general',
        appId: 'app',
        secretId: 'id-1',
        secretKey: 'key-1',
        bufferSize: 3200,
        sampleRate: 16000,
        extra: { a: 'b' },
        startWhenAnswer: true,
      },
      tts: { speed: 1.2, volume: 7, sampleRate: 16000, subtitle: true },
      eou: { type: 'x', timeout: 800 },
      mediaPass: { url: 'ws://media.example', inputSampleRate: 16000, outputSampleRate: 8000 },
      handshakeTimeout: 15,
      inactivityTimeout: 60,
      enableIpv6: false,
      sip: {
        username: '1001',
        password: 'pw',
        realm: 'pbx.example',
        headers: { 'X-Tenant': 't1' },
        hangupHeaders: { 'X-Reason': 'bye' },
        extractHeaders: ['X-Customer'],
      },
      extra: { campaign: 'c7' },
      ambiance: { path: '/amb.wav', duckLevel: 0.2, enabled: true },
      ringbackDetection: { enabled: true, minBufferSecs: 1.5 },
    };
    const { callId } = await f.client.dial({
      to: scenario.answer(),
      from: 'sip:ignored@pbx.example',
      option,
    });
    const [record] = f.received(callId);
    expect(record?.accepted).toBe(true);
    expect(record?.frame).toEqual({
      command: 'invite',
      option: {
        callee: scenario.answer(),
        caller: 'sip:1001@pbx.example',
        denoise: true,
        recorder: { recorderFile: '/rec/{id}.wav', samplerate: 16000, ptime: 200, format: 'wav' },
        vad: {
          type: 'silero',
          samplerate: 16000,
          speechPadding: 250,
          silencePadding: 100,
          ratio: 0.5,
          voiceThreshold: 0.5,
          maxBufferDurationSecs: 50,
          silenceTimeout: 5000,
        },
        asr: {
          provider: 'tencent',
          language: 'en-US',
          modelType: 'general',
          appId: 'app',
          secretId: '[redacted]',
          secretKey: '[redacted]',
          bufferSize: 3200,
          samplerate: 16000,
          extra: { a: 'b' },
          startWhenAnswer: true,
        },
        // The client's callOption.tts and the dial's tts, merged field by field.
        tts: {
          provider: 'emulator',
          speaker: 'default',
          speed: 1.2,
          volume: 7,
          samplerate: 16000,
          subtitle: true,
        },
        eou: { type: 'x', timeout: 800 },
        mediaPass: { url: 'ws://media.example', inputSampleRate: 16000, outputSampleRate: 8000 },
        handshakeTimeout: 15,
        inactivityTimeout: 60,
        enableIpv6: false,
        sip: {
          username: '1001',
          password: '[redacted]',
          realm: 'pbx.example',
          headers: { 'X-Tenant': 't1' },
          hangup_headers: { 'X-Reason': 'bye' },
          extract_headers: ['X-Customer'],
        },
        extra: { campaign: 'c7' },
        ambiance: { path: '/amb.wav', duckLevel: 0.2, enabled: true },
        ringbackDetection: { enabled: true, minBufferSecs: 1.5 },
      },
    });
    await f.client.hangup(callId);
  });

  it('session commands: tts, play, interrupt, mute, unmute, history, pause, resume, hangup', async () => {
    await using f = await fixture();
    const { callId, session } = await f.client.dial({
      to: scenario.answer(),
      from: 'sip:bot@pbx.example',
      option: { tts: { provider: 'emulator' } },
    });
    await session.tts('Hi', {
      playId: 'p1',
      speaker: 'anna',
      autoHangup: false,
      option: { speed: 1.1, sampleRate: 8000, secretKey: 'k' },
      waitInputTimeoutMs: 8000,
      cacheKey: 'hi',
      endOfStream: true,
    });
    await session.tts('AAAA', { playId: 'p2', base64: true, streaming: false });
    await session.play('https://files.example/x.wav', {
      playId: 'p3',
      autoHangup: false,
      waitInputTimeoutMs: 2000,
    });
    await session.interrupt({ graceful: false, fadeOutMs: 200 });
    await session.mute();
    await session.mute('server-side-track');
    await session.unmute(callId);
    await session.history('bot', 'Hi');
    await session.pause();
    await session.resume();
    await session.sendRaw({ command: 'history', speaker: 'raw', text: 'forward compatible' });
    await f.client.hangup(callId, { reason: 'done', initiator: 'system', headers: { 'X-R': '1' } });
    const records = f.received(callId).slice(1);
    expect(records.every((record) => record.accepted)).toBe(true);
    expect(records.map((record) => record.frame)).toEqual([
      {
        command: 'tts',
        text: 'Hi',
        playId: 'p1',
        speaker: 'anna',
        autoHangup: false,
        option: { speed: 1.1, samplerate: 8000, secretKey: '[redacted]' },
        waitInputTimeout: 8000,
        cacheKey: 'hi',
        endOfStream: true,
      },
      {
        command: 'tts',
        text: 'AAAA',
        playId: 'p2',
        base64: true,
        streaming: false,
        endOfStream: true,
      },
      {
        command: 'play',
        url: 'https://files.example/x.wav',
        playId: 'p3',
        autoHangup: false,
        waitInputTimeout: 2000,
      },
      { command: 'interrupt', graceful: false, fadeOutMs: 200 },
      { command: 'mute' },
      { command: 'mute', trackId: 'server-side-track' },
      { command: 'unmute', trackId: callId },
      { command: 'history', speaker: 'bot', text: 'Hi' },
      { command: 'pause' },
      { command: 'resume' },
      { command: 'history', speaker: 'raw', text: 'forward compatible' },
      { command: 'hangup', reason: 'done', initiator: 'system', headers: { 'X-R': '1' } },
    ]);
  });

  it('inbound: ringing with ringtone and recorder, accept, and reject with a code', async () => {
    await using f = await fixture();
    let offered = next(f.client.incoming$, () => true, 'an offer');
    const first = await ringIn(f);
    await (await offered).ringing({
      ringtone: 'https://files.example/ring.wav',
      earlyMedia: false,
      recorder: { recorderFile: 'r.wav', format: 'pcmu' },
    });
    await f.client.accept(first, { option: { tts: { provider: 'emulator' }, subscribe: false } });
    expect(f.received(first).map((record) => [record.accepted, record.frame])).toEqual([
      [
        true,
        {
          command: 'ringing',
          ringtone: 'https://files.example/ring.wav',
          earlyMedia: false,
          recorder: { recorderFile: 'r.wav', format: 'pcmu' },
        },
      ],
      [true, { command: 'accept', option: { tts: { provider: 'emulator' }, subscribe: false } }],
    ]);
    await f.client.hangup(first);
    offered = next(f.client.incoming$, () => true, 'another offer');
    const second = await ringIn(f);
    await (await offered).reject('Decline', { code: 603 });
    await eventually(() => f.received(second).length === 1, 'the reject');
    expect(f.received(second)[0]).toMatchObject({
      accepted: true,
      frame: { command: 'reject', reason: 'Decline', code: 603 },
    });
  });

  it('session URL: the id, ping, dump and serverSideTrack query, typed as the server wants', async () => {
    await using f = await fixture({ pingSeconds: 0, dump: false, serverSideTrack: 'bot-track' });
    const { callId, session } = await f.client.dial({
      to: scenario.answer(),
      from: 'sip:bot@pbx.example',
      id: 'id with space&amp',
      option: { tts: { provider: 'emulator' } },
    });
    expect(callId).toBe('id with space&amp');
    expect(f.emulator.sessions()[0]).toMatchObject({
      id: 'id with space&amp',
      pingSeconds: 0,
      serverSideTrack: 'bot-track',
    });
    expect(session.serverSideTrack).toBe('bot-track');
    const playback = await session.tts('hi');
    expect((await next(playback.started$)).trackId).toBe('bot-track');
    await f.client.hangup(callId);
  });
});
