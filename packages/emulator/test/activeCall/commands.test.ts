import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/activeCall/commands';
import { scenario } from '../../src/index';
import { AcClient } from './helpers/acClient';
import { fastActiveCall, TTS } from './helpers/fixtures';

describe('parseCommand: what the server accepts (serde rules, §3)', () => {
  it.each([
    ['{"command":"invite","option":{}}', 'invite'],
    [
      '{"command":"accept","option":{"asr":{"provider":"aliyun","sampleRate":8000,"model":"x"}}}',
      'accept',
    ],
    ['{"command":"reject","reason":"Busy Here","code":486}', 'reject'],
    ['{"command":"ringing"}', 'ringing'],
    ['{"command":"tts","text":"","playId":null,"endOfStream":true}', 'tts'],
    ['{"command":"play","url":"http://x/a.wav","waitInputTimeout":8000}', 'play'],
    ['{"command":"interrupt","graceful":true,"fadeOutMs":50}', 'interrupt'],
    ['{"command":"pause"}', 'pause'],
    ['{"command":"resume","extra":1}', 'resume'],
    ['{"command":"hangup","reason":"caller","headers":{"X-Reason":"done"}}', 'hangup'],
    ['{"command":"refer","caller":"sip:a@b","callee":"sip:c@d","options":{"timeout":5}}', 'refer'],
    ['{"command":"mute","trackId":"server-side-track"}', 'mute'],
    ['{"command":"unmute"}', 'unmute'],
    ['{"command":"history","speaker":"user","text":"hi"}', 'history'],
    [
      '{"command":"invite","option":{"handshakeTimeout":"10","sip":{"hangup_headers":{"X":"y"}}}}',
      'invite',
    ],
  ])('accepts %s', (text, name) => {
    expect(parseCommand(text)?.command).toBe(name);
  });

  it.each([
    ['not json', 'garbage'],
    ['[1,2]', 'an array'],
    ['{"action":"invite"}', 'no command key'],
    ['{"command":"start","option":{}}', 'an unknown command (the config guide`s start)'],
    ['{"command":"candidate","candidates":[]}', 'an unknown command'],
    ['{"command":"invite"}', 'a missing required option'],
    ['{"command":"tts","playId":"x"}', 'a missing text'],
    ['{"command":"tts","text":null}', 'a null required field'],
    ['{"command":"interrupt","graceful":"false"}', 'graceful as a string (docs/api.md form)'],
    ['{"command":"reject","reason":"x","code":-1}', 'a negative code'],
    ['{"command":"reject","reason":"x","code":486.5}', 'a fractional code'],
    ['{"command":"play","url":"x","waitInputTimeout":"8"}', 'a string timeout'],
    [
      '{"command":"invite","option":{"asr":{"samplerate":"16000"}}}',
      'a nested field of the wrong type',
    ],
    ['{"command":"invite","option":{"sip":{"headers":{"X":1}}}}', 'a header map with a number'],
    ['{"command":"hangup","headers":["X: y"]}', 'headers as an array'],
    ['{"command":"refer","callee":"sip:c@d"}', 'a refer without caller'],
    ['{"command":"toString"}', 'a name from Object.prototype'],
  ])('drops %s (%s)', (text) => {
    expect(parseCommand(text)).toBeUndefined();
  });

  it('reads explicit nulls as absent fields', () => {
    expect(parseCommand('{"command":"hangup","reason":null,"initiator":"user"}')).toEqual({
      command: 'hangup',
      initiator: 'user',
    });
  });
});

describe('commands on the socket', () => {
  it('drops unparseable and unknown commands silently, logging every text frame', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'drop-1' });
    client.sendRaw('not json at all');
    client.sendRaw('{"command":"interrupt","graceful":"false"}');
    client.send({ command: 'transfer', target: 'x' });
    client.sendRaw(Buffer.from([1, 2, 3]));
    client.send({
      command: 'invite',
      option: { callee: 'sip:1@x', sip: { username: 'u', password: 'hunter2' } },
    });
    client.send({ command: 'history', speaker: 'user', text: 'barrier' });
    const history = await client.waitFor('addHistory');
    expect(history).toEqual({
      event: 'addHistory',
      timestamp: expect.any(Number),
      sender: 'drop-1',
      speaker: 'user',
      text: 'barrier',
    });
    expect(client.names()).toEqual(['trackStart', 'ringing', 'answer', 'addHistory']);
    const frames = emulator.frames('drop-1');
    expect(frames.map((f) => f.accepted)).toEqual([false, false, false, true, true]);
    expect(frames[0]).toMatchObject({
      sessionId: 'drop-1',
      text: 'not json at all',
      at: expect.any(Number),
    });
    expect(frames[1]?.frame).toEqual({ command: 'interrupt', graceful: 'false' });
    expect(frames[3]?.frame).toEqual({
      command: 'invite',
      option: { callee: 'sip:1@x', sip: { username: 'u', password: '[redacted]' } },
    });
    expect(JSON.stringify(emulator.frames())).not.toContain('hunter2');
    expect(JSON.stringify(emulator.sessions())).not.toContain('hunter2');
  });

  it('executes commands one at a time: a hangup waits for the ringing invite to finish', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'serial-1' });
    client.send({ command: 'invite', option: { callee: scenario.answer(150), tts: TTS } });
    client.send({ command: 'tts', text: 'queued', playId: 'q', endOfStream: true });
    client.send({ command: 'hangup' });
    await client.waitClosed();
    expect(client.names()).toEqual([
      'trackStart',
      'ringing',
      'answer',
      'trackStart',
      'interruption',
      'trackEnd',
      'trackEnd',
      'hangup',
    ]);
    const answer = client.events[2];
    const ringing = client.events[1];
    expect(Number(answer?.timestamp) - Number(ringing?.timestamp)).toBeGreaterThanOrEqual(140);
    expect(client.events[3]).toMatchObject({ trackId: 'server-side-track', playId: 'q' });
    expect(client.events[4]).toMatchObject({ playId: 'q', subtitle: 'queued' });
    expect(client.events[6]).toMatchObject({ trackId: 'serial-1' });
    expect(client.events[7]).toMatchObject({ reason: 'Some(BySystem)', initiator: 'caller' });
  });

  it('waitForFrame finds past and future frames and times out with EmulatorError', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'wf' });
    const future = emulator.waitForFrame(
      (f) => (f.frame as { command?: string })?.command === 'pause',
    );
    client.send({ command: 'pause' });
    expect(await future).toMatchObject({ sessionId: 'wf', accepted: true });
    expect(await emulator.waitForFrame((f) => f.sessionId === 'wf')).toMatchObject({
      accepted: true,
    });
    await expect(emulator.waitForFrame(() => false, 20)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('mute, unmute, pause and resume are accepted without any event', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip');
    for (const command of ['mute', 'unmute', 'pause', 'resume']) client.send({ command });
    client.send({ command: 'mute', trackId: 'server-side-track' });
    client.send({ command: 'history', speaker: 'bot', text: 'done' });
    await client.waitFor('addHistory');
    expect(client.names()).toEqual(['addHistory']);
    expect(emulator.frames().filter((f) => f.accepted)).toHaveLength(6);
  });

  it('an idle SIP session that gets hangup closes without events', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip');
    client.send({ command: 'hangup' });
    expect((await client.waitClosed()).code).toBe(1000);
    expect(client.events).toEqual([]);
  });

  it('a session stays open without commands until the client closes it', async () => {
    await using emulator = await fastActiveCall();
    const client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'idle' });
    client.send({ command: 'history', speaker: 'x', text: 'y' });
    await client.waitFor('addHistory');
    expect(emulator.sessions().map((s) => s.id)).toEqual(['idle']);
    await client.close();
  });
});
