import { describe, expect, it } from 'vitest';
import { AcClient } from './helpers/acClient';
import { fastActiveCall, TTS, until } from './helpers/fixtures';

describe('binary audio (§7)', () => {
  it('/call pcm: 640-byte frames every 20 ms while the TTS plays, none after trackEnd', async () => {
    await using emulator = await fastActiveCall({ timing: { ttsMsPerChar: 10 } });
    await using client = await AcClient.open(emulator.wsUrl, '/call', { id: 'a1' });
    client.send({ command: 'invite', option: { codec: 'pcm', tts: TTS } });
    await client.waitFor('answer');
    expect(client.binaries).toEqual([]);
    client.send({ command: 'tts', text: 'x'.repeat(20), endOfStream: true });
    const end = await client.waitFor('trackEnd');
    const frames = client.binaries.length;
    // 200 ms of speech at a 20 ms cadence (fewer when a loaded machine delays ticks).
    expect(frames).toBeGreaterThanOrEqual(3);
    expect(frames).toBeLessThanOrEqual(11);
    expect(client.binaries.every((frame) => frame.length === 640)).toBe(true);
    // A real tone, not silence: some samples are far from 0.
    const first = client.binaries[0] as Buffer;
    expect(
      Math.max(...Array.from({ length: 320 }, (_, i) => Math.abs(first.readInt16LE(i * 2)))),
    ).toBeGreaterThan(1000);
    client.send({ command: 'history', speaker: 'x', text: 'after' });
    await client.waitFor('addHistory');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(client.binaries.length).toBe(frames);
    expect(Number(end.duration)).toBeGreaterThanOrEqual(199);
  });

  it.each([
    ['pcmu', 160, 0xff],
    ['pcma', 160, 0xd5],
    ['g722', 160, 0x00],
  ])('/call %s: %i-byte frames of encoded silence', async (codec, size, fill) => {
    await using emulator = await fastActiveCall({ timing: { playMs: 60 } });
    await using client = await AcClient.open(emulator.wsUrl, '/call');
    client.send({ command: 'invite', option: { codec } });
    await client.waitFor('answer');
    client.send({ command: 'play', url: 'http://f/a.wav' });
    await client.waitFor('trackEnd');
    expect(client.binaries.length).toBeGreaterThanOrEqual(1);
    for (const frame of client.binaries) {
      expect(frame.length).toBe(size);
      expect(frame.every((byte) => byte === fill)).toBe(true);
    }
  });

  it('/call: no audio before invite; client audio frames are taken (before and after invite)', async () => {
    await using emulator = await fastActiveCall({ timing: { playMs: 40 } });
    await using client = await AcClient.open(emulator.wsUrl, '/call', { id: 'mic' });
    client.sendRaw(Buffer.alloc(640));
    client.send({ command: 'play', url: 'http://f/early.wav' });
    await client.waitFor('trackEnd');
    expect(client.binaries).toEqual([]);
    client.send({ command: 'invite', option: {} });
    await client.waitFor('answer');
    client.sendRaw(Buffer.alloc(640));
    client.sendRaw(Buffer.alloc(320));
    await until(() => emulator.sessions()[0]?.audioBytesReceived === 1600);
    expect(client.events.some((e) => e.event === 'error')).toBe(false);
  });

  it('/call with an unknown codec: error(invite), error(command), close', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call');
    client.send({ command: 'invite', option: { codec: 'opus' } });
    await client.waitClosed();
    expect(client.events.map((e) => [e.event, e.sender])).toEqual([
      ['error', 'invite'],
      ['error', 'command'],
    ]);
  });

  it('subscribe on /call/sip: [0]+PCM while the bot plays, [1]+PCM while the user speaks', async () => {
    await using emulator = await fastActiveCall({ timing: { playMs: 60, asrWordMs: 30 } });
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'sub' });
    client.send({
      command: 'invite',
      option: { callee: 'sip:u@x', subscribe: true, asr: { provider: 'p' } },
    });
    await client.waitFor('answer');
    client.send({ command: 'play', url: 'http://f/a.wav' });
    await client.waitFor('trackEnd');
    const botFrames = client.binaries.length;
    expect(botFrames).toBeGreaterThanOrEqual(1);
    expect(client.binaries.every((frame) => frame.length === 641 && frame[0] === 0)).toBe(true);
    emulator.remote.speak('sub', 'one two three four');
    await client.waitFor('asrFinal');
    const userFrames = client.binaries.slice(botFrames);
    expect(userFrames.length).toBeGreaterThanOrEqual(2);
    expect(userFrames.every((frame) => frame.length === 641 && frame[0] === 1)).toBe(true);
  });

  it('no binary frames on /call/sip without subscribe; client binary frames are ignored there', async () => {
    await using emulator = await fastActiveCall({ timing: { playMs: 60 } });
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'nosub' });
    client.send({ command: 'invite', option: { callee: 'sip:u@x' } });
    await client.waitFor('answer');
    client.sendRaw(Buffer.alloc(64));
    client.send({ command: 'play', url: 'http://f/a.wav' });
    await client.waitFor('trackEnd');
    expect(client.binaries).toEqual([]);
    expect(emulator.sessions()[0]?.audioBytesReceived).toBe(0);
  });
});
