import { supports } from '@callstream/core';
import { AC_FAST_TIMING, scenario } from '@callstream/emulator';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isActiveCallError } from '../src/index';
import { eventually, fixture, next, removed } from './helpers';

const FROM = 'sip:bot@pbx.example';
/** A syntactically valid SDP offer (the emulator answers it; no media flows). */
const OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:abcd',
  'a=ice-pwd:abcdefghijklmnopqrstuvwx',
  'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
  '',
].join('\r\n');

describe('outbound calls against the emulator', () => {
  it('dials, is answered, hangs up: the call leaves calls$ as hangup, ended locally', async () => {
    await using f = await fixture();
    const result = await f.client.dial({ to: scenario.answer(), from: FROM });
    expect(result.answer.event).toBe('answer');
    expect(result.session.callId).toBe(result.callId);
    expect(f.client.getCall(result.callId)).toMatchObject({
      state: 'answered',
      direction: 'outbound',
      from: FROM,
      details: { callType: 'sip', caller: FROM },
    });
    await f.client.hangup(result.callId);
    const gone = await removed(f, result.callId);
    expect(gone.reason).toBe('hangup');
    expect(gone.call).toMatchObject({ outcome: 'completed', endedBy: 'local' });
    const types = f.events.filter((e) => e.callId === result.callId).map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['initiated', 'backend', 'ringing']);
    expect(types).toContain('answered');
    expect(types.at(-1)).toBe('removed');
    await eventually(() => f.emulator.stats().sessions === 0, 'the session to close');
  });

  it('the call is in calls$ (ringing) before the answer, with the session id as callId', async () => {
    await using f = await fixture();
    const dialing = f.client.dial({ to: scenario.answer(), from: FROM, id: 'my-call-1' });
    expect(f.client.getCall('my-call-1')?.state).toBe('ringing');
    const { callId } = await dialing;
    expect(callId).toBe('my-call-1');
    expect(f.emulator.sessions().map((s) => s.id)).toEqual(['my-call-1']);
    await f.client.hangup(callId);
  });

  it('the remote party hangs up: outcome completed, ended remotely, cause kept', async () => {
    await using f = await fixture();
    const { callId } = await f.client.dial({ to: scenario.remoteHangup(), from: FROM });
    const gone = await removed(f, callId);
    expect(gone.reason).toBe('hangup');
    expect(gone.call).toMatchObject({
      outcome: 'completed',
      endedBy: 'remote',
      hangupCause: 'Some(ByCallee)',
      details: { initiator: 'callee' },
    });
    const hangup = f.events.find((e) => e.callId === callId && e.type === 'hangup');
    expect(hangup).toMatchObject({ outcome: 'completed', endedBy: 'remote' });
    expect(hangup?.occurredAt).toEqual(expect.any(Number));
  });

  it.each([
    ['busy', scenario.busy(), 486, 'busy'],
    ['no answer', scenario.noAnswer(), 480, 'no-answer'],
    ['decline', scenario.reject(), 603, 'rejected'],
    ['no resource', scenario.noResource(), 503, 'failed'],
  ] as const)(
    '%s: dial rejects with call-rejected %d, outcome %s',
    async (_name, to, code, outcome) => {
      await using f = await fixture();
      const error = await f.client.dial({ to, from: FROM }).catch((caught: unknown) => caught);
      expect(isActiveCallError(error, 'call-rejected')).toBe(true);
      const typed = error as { statusCode?: number; callId?: string; serverError?: string };
      expect(typed.statusCode).toBe(code);
      expect(typed.serverError).toEqual(expect.any(String));
      const callId = typed.callId ?? '';
      const gone = await removed(f, callId);
      expect(gone.reason).toBe('hangup');
      expect(gone.call).toMatchObject({
        outcome,
        endedBy: 'remote',
        hangupCause: expect.stringContaining(String(code)),
      });
      expect(gone.call.timestamps.answered).toBeUndefined();
      // The server's follow-up errors belong to the dial: none reaches errors$.
      await eventually(() => f.emulator.stats().sessions === 0, 'the session to close');
    },
  );

  it('digits the remote party presses arrive on dtmf$', async () => {
    await using f = await fixture();
    const digits: string[] = [];
    f.client.dtmf$.subscribe((item) => digits.push(item.digits));
    const { callId } = await f.client.dial({ to: scenario.pressDigits('2468'), from: FROM });
    await eventually(() => digits.join('') === '2468', 'four digits');
    expect(f.client.getCall(callId)?.state).toBe('answered');
    await f.client.hangup(callId);
  });

  it('hangup while ringing closes the session (the only way to cancel an invite)', async () => {
    await using f = await fixture();
    const dialing = f.client.dial({ to: scenario.slowGateway(3000), from: FROM, id: 'slow' });
    const caught = dialing.catch((error: unknown) => error);
    await eventually(() => f.emulator.sessions().length === 1, 'the session to open');
    await f.client.hangup('slow');
    const error = await caught;
    expect(isActiveCallError(error, 'call-ended')).toBe(true);
    const gone = await removed(f, 'slow');
    expect(gone.call).toMatchObject({ outcome: 'cancelled', endedBy: 'local' });
    // No hangup frame: it would only run after the invite.
    expect(f.frames('slow').map((frame) => frame.command)).toEqual(['invite']);
    await eventually(() => f.emulator.stats().sessions === 0, 'the session to close');
  });

  it('a dial timeout closes the session and removes the call', async () => {
    await using f = await fixture();
    const error = await f.client
      .dial({ to: scenario.slowGateway(5000), from: FROM, id: 'late' }, { timeoutMs: 50 })
      .catch((caught: unknown) => caught);
    expect(isActiveCallError(error, 'command-timeout')).toBe(true);
    expect((error as { callId?: string }).callId).toBe('late');
    expect((await removed(f, 'late')).call.outcome).toBe('cancelled');
    await eventually(() => f.emulator.stats().sessions === 0, 'the session to close');
  });

  it('an abort closes the session too; an already aborted signal sends nothing', async () => {
    await using f = await fixture();
    const controller = new AbortController();
    const dialing = f.client.dial(
      { to: scenario.slowGateway(5000), from: FROM, id: 'aborted' },
      { signal: controller.signal },
    );
    await eventually(() => f.emulator.sessions().length === 1, 'the session to open');
    controller.abort(new Error('user gave up'));
    const error = await dialing.catch((caught: unknown) => caught);
    expect(isActiveCallError(error, 'aborted')).toBe(true);
    await removed(f, 'aborted');
    const before = f.received().length;
    await expect(
      f.client.dial({ to: scenario.answer(), from: FROM }, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(f.received().length).toBe(before);
    expect(f.client.activeCalls()).toEqual([]);
  });

  it('WebRTC: the offer goes out, the SDP answer comes back; the server closes without hangup', async () => {
    await using f = await fixture();
    const { callId, answer, session } = await f.client.dial({
      to: '',
      from: '',
      type: 'webrtc',
      option: { offer: OFFER },
    });
    expect(session.type).toBe('webrtc');
    expect(answer.sdp).toMatch(/^v=0/);
    expect(f.frames(callId)[0]).toEqual({ command: 'invite', option: { offer: OFFER } });
    await f.client.hangup(callId);
    const gone = await removed(f, callId);
    expect(gone.call).toMatchObject({ outcome: 'completed', endedBy: 'local' });
    expect(f.events.some((e) => e.callId === callId && e.type === 'hangup')).toBe(true);
  });

  it('WebRTC: a bad offer fails the dial with call-failed; the call ends as failed', async () => {
    await using f = await fixture();
    const error = await f.client
      .dial({ to: '', from: '', type: 'webrtc', option: { offer: 'v=0\r\nnot really sdp' } })
      .catch((caught: unknown) => caught);
    expect(isActiveCallError(error, 'call-failed')).toBe(true);
    const callId = (error as { callId: string }).callId;
    const gone = await removed(f, callId);
    expect(gone.call.outcome).toBe('failed');
    expect(gone.call.details?.failure).toEqual(expect.any(String));
  });

  it('/call: audio travels as binary frames in the session codec, both ways', async () => {
    await using f = await fixture(
      { callType: 'websocket' },
      { timing: { ...AC_FAST_TIMING, playMs: 100 } },
    );
    const { callId, session } = await f.client.dial({
      to: '',
      from: '',
      option: { codec: 'pcmu' },
    });
    expect(f.frames(callId)[0]).toEqual({ command: 'invite', option: { codec: 'pcmu' } });
    const frames = firstValueFrom(session.audio$.pipe(toArray()));
    await session.sendAudio(new Uint8Array(160).fill(0xff));
    await eventually(
      () => (f.emulator.sessions()[0]?.audioBytesReceived ?? 0) === 160,
      'the server to get the audio',
    );
    const playback = await session.play('http://files.example/hello.wav');
    expect(await playback.done).toBe('ended');
    await f.client.hangup(callId);
    const received = await frames;
    expect(received.length).toBeGreaterThan(0);
    expect(received[0]).toMatchObject({ codec: 'pcmu' });
    expect(received[0]?.trackIndex).toBeUndefined();
    expect(received[0]?.data.byteLength).toBe(160);
  });

  it('subscribe mode: frames carry a track index, stripped from the data', async () => {
    await using f = await fixture({}, { timing: { ...AC_FAST_TIMING, ttsMsPerChar: 20 } });
    const { callId, session } = await f.client.dial({
      to: scenario.answer(),
      from: FROM,
      option: { subscribe: true, tts: { provider: 'emulator' } },
    });
    const first = next(session.audio$, () => true, 'an audio frame');
    await session.tts('hello there');
    const frame = await first;
    expect(frame).toMatchObject({ trackIndex: 0, codec: 'pcm' });
    expect(frame.data.byteLength % 2).toBe(0);
    await f.client.hangup(callId);
  });

  it('transfer (refer): resolves on the new leg answer; a busy target rejects', async () => {
    await using f = await fixture();
    const { callId, session } = await f.client.dial({ to: scenario.answer(), from: FROM });
    const legEvents = next(session.on('answer'), (event) => event.refer === true, 'the leg answer');
    const result = await f.client.transfer(callId, `sip:${scenario.answer()}@agents.example`, {
      options: { autoHangup: false },
    });
    expect(result.raw).toMatchObject({ event: 'answer', refer: true });
    await legEvents;
    expect(f.frames(callId).find((frame) => frame.command === 'refer')).toEqual({
      command: 'refer',
      caller: FROM,
      callee: `sip:${scenario.answer()}@agents.example`,
      options: { autoHangup: false },
    });
    expect(f.client.getCall(callId)?.state).toBe('answered');
    const busy = await f.client
      .transfer(callId, `sip:${scenario.busy()}@agents.example`)
      .catch((error: unknown) => error);
    expect(isActiveCallError(busy, 'call-rejected')).toBe(true);
    expect((busy as { statusCode?: number }).statusCode).toBe(486);
    await f.client.hangup(callId);
  });

  it('sendDtmf is unsupported: typed rejection, nothing sent', async () => {
    await using f = await fixture();
    const { callId } = await f.client.dial({ to: scenario.answer(), from: FROM });
    const before = f.received(callId).length;
    await expect(f.client.sendDtmf(callId, '1')).rejects.toMatchObject({ code: 'unsupported' });
    expect(f.received(callId).length).toBe(before);
    expect(supports(f.client, 'sendDtmf')).toBe(false);
    await f.client.hangup(callId);
  });

  it('sipDomain makes a dialled number a SIP URI', async () => {
    await using f = await fixture({ sipDomain: 'pbx.example' });
    const { callId } = await f.client.dial({ to: scenario.answer(), from: FROM });
    expect(f.frames(callId)[0]).toMatchObject({
      option: { callee: `sip:${scenario.answer()}@pbx.example`, caller: FROM },
    });
    await f.client.hangup(callId);
  });
});
