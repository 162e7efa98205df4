import { describe, expect, it } from 'vitest';
import { scenario } from '../../src/index';
import { AcClient } from './helpers/acClient';
import { AC_IDLE, fastActiveCall, until } from './helpers/fixtures';

/** A Chrome-like offer: BUNDLE of an audio and a data-channel section. */
const BROWSER_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'a=msid-semantic: WMS',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126',
  'c=IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122260223 192.168.1.2 54400 typ host',
  'a=candidate:2 1 udp 2122262783 2001:db8::1 54401 typ host',
  'a=ice-ufrag:abcd',
  'a=ice-pwd:abcdefghijklmnopqrstuvwx',
  'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:126 telephone-event/8000',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=mid:1',
  'a=sctp-port:5000',
  '',
].join('\r\n');

async function invite(callee: string, options: Parameters<typeof fastActiveCall>[0] = {}) {
  const emulator = await fastActiveCall(options);
  const client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'sc' });
  client.send({ command: 'invite', option: { caller: 'sip:bot@pbx', callee } });
  return {
    emulator,
    client,
    async [Symbol.asyncDispose]() {
      await client[Symbol.asyncDispose]();
      await emulator.close();
    },
  };
}

describe('outbound SIP invite: scenario numbers of the callee', () => {
  it('a plain callee: trackStart → ringing → answer; hangup → trackEnd → hangup → close', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'out-1' });
    client.send({
      command: 'invite',
      option: { caller: '1001@pbx.example', callee: 'sip:1002@pbx.example:5060' },
    });
    const answer = await client.waitFor('answer');
    expect(client.names()).toEqual(['trackStart', 'ringing', 'answer']);
    expect(client.events[0]).toEqual({
      event: 'trackStart',
      trackId: 'out-1',
      timestamp: expect.any(Number),
    });
    expect(client.events[1]).toEqual({
      event: 'ringing',
      trackId: 'out-1',
      timestamp: expect.any(Number),
      earlyMedia: false,
      refer: false,
    });
    expect(answer).toMatchObject({
      trackId: 'out-1',
      refer: false,
      sdp: expect.stringMatching(/^v=0\r\n/),
    });
    expect(emulator.sessions()[0]).toMatchObject({ state: 'answered', direction: 'outbound' });
    client.send({ command: 'hangup', reason: 'done', initiator: 'user' });
    expect((await client.waitClosed()).code).toBe(1000);
    expect(client.names().slice(3)).toEqual(['trackEnd', 'hangup']);
    expect(client.events[3]).toMatchObject({
      trackId: 'out-1',
      duration: expect.any(Number),
      ssrc: expect.any(Number),
    });
    expect(client.events[4]).toEqual({
      event: 'hangup',
      trackId: 'out-1',
      timestamp: expect.any(Number),
      reason: 'Some(Other("done"))',
      initiator: 'caller',
      startTime: expect.stringMatching(/^\d{4}-.*\+00:00$/),
      hangupTime: expect.stringMatching(/\+00:00$/),
      answerTime: expect.stringMatching(/\+00:00$/),
      ringingTime: expect.stringMatching(/\+00:00$/),
      // A caller without a scheme gets "sip:".
      from: { username: '1001', realm: 'pbx.example', source: 'sip:1001@pbx.example' },
      to: { username: '1002', realm: 'pbx.example', source: 'sip:1002@pbx.example:5060' },
      extra: {
        session_id: 'out-1',
        call_type: 'sip',
        start_time: expect.stringMatching(/:\d\d\+00:00$/),
      },
      refer: false,
    });
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats()).toEqual(AC_IDLE);
  });

  it('answer(N): answers N ms after ringing', async () => {
    await using call = await invite(scenario.answer(120));
    const answer = await call.client.waitFor('answer');
    const ringing = call.client.events.find((e) => e.event === 'ringing');
    expect(Number(answer.timestamp) - Number(ringing?.timestamp)).toBeGreaterThanOrEqual(110);
  });

  it.each([
    [scenario.busy(), 486, 'Busy Here', ['trackStart', 'ringing']],
    [scenario.reject(), 603, 'Decline', ['trackStart', 'ringing']],
    [scenario.noAnswer(40), 480, 'Temporarily Unavailable', ['trackStart', 'ringing']],
    [scenario.noResource(), 503, 'Service Unavailable', ['trackStart']],
  ])(
    '%s: reject %i "%s", errors, trackEnd, hangup, close',
    async (callee, code, reason, before) => {
      await using call = await invite(`sip:${callee}@pbx.example`);
      await call.client.waitClosed();
      expect(call.client.names()).toEqual([
        ...before,
        'reject',
        'error',
        'error',
        'trackEnd',
        'hangup',
      ]);
      const events = call.client.events.slice(before.length);
      expect(events[0]).toMatchObject({ trackId: 'sc', reason, code, refer: false });
      expect(events[1]).toMatchObject({
        trackId: 'sc',
        sender: 'invite',
        error: expect.stringContaining(reason),
      });
      expect(events[2]).toMatchObject({
        trackId: 'sc',
        sender: 'command',
        error: `invite failed: ${code} ${reason}`,
      });
      expect(events[4]).toMatchObject({ reason: 'Some(ByCallee)', initiator: 'callee' });
      expect(events[4]).not.toHaveProperty('answerTime');
      await until(() => call.emulator.stats().sessions === 0);
      expect(call.emulator.stats()).toEqual(AC_IDLE);
    },
  );

  it('noAnswer(N) rings for N ms before failing', async () => {
    await using call = await invite(scenario.noAnswer(100));
    const reject = await call.client.waitFor('reject');
    const ringing = call.client.events.find((e) => e.event === 'ringing');
    expect(Number(reject.timestamp) - Number(ringing?.timestamp)).toBeGreaterThanOrEqual(90);
  });

  it('remoteHangup(N): answers, then trackEnd → hangup{Some(ByCallee), callee} → close', async () => {
    await using call = await invite(scenario.remoteHangup(30));
    await call.client.waitClosed();
    expect(call.client.names()).toEqual(['trackStart', 'ringing', 'answer', 'trackEnd', 'hangup']);
    expect(call.client.events[4]).toMatchObject({ reason: 'Some(ByCallee)', initiator: 'callee' });
  });

  it('pressDigits(dddd): answers, then one dtmf event per digit', async () => {
    await using call = await invite(`sip:${scenario.pressDigits('1234')}@pbx`);
    await call.client.until(() =>
      call.client.names().filter((n) => n === 'dtmf').length === 4 ? true : undefined,
    );
    const digits = call.client.events.filter((e) => e.event === 'dtmf');
    expect(digits.map((e) => e.digit)).toEqual(['1', '2', '3', '4']);
    expect(digits[0]).toMatchObject({ trackId: 'sc', timestamp: expect.any(Number) });
    expect(call.client.names().slice(0, 3)).toEqual(['trackStart', 'ringing', 'answer']);
  });

  it('slowGateway(N): silent for N ms after trackStart, then rings and answers', async () => {
    await using call = await invite(scenario.slowGateway(100));
    await call.client.waitFor('answer');
    const [start, ringing] = call.client.events;
    expect(Number(ringing?.timestamp) - Number(start?.timestamp)).toBeGreaterThanOrEqual(90);
  });

  it('a tel: or bare scenario number works like a sip: user part', async () => {
    await using call = await invite(`tel:${scenario.busy()}`);
    expect(await call.client.waitFor('reject')).toMatchObject({ code: 486 });
  });

  it('ringCount sets how many ringing events come before the answer', async () => {
    await using call = await invite('sip:agent@pbx', { ringCount: 3 });
    await call.client.waitFor('answer');
    expect(call.client.names()).toEqual(['trackStart', 'ringing', 'ringing', 'ringing', 'answer']);
  });

  it('a SIP invite without callee fails: error(invite), error(command), close, no hangup', async () => {
    await using call = await invite('');
    await call.client.waitClosed();
    expect(call.client.names()).toEqual(['error', 'error']);
    expect(call.client.events[0]).toMatchObject({
      sender: 'invite',
      error: 'callee is required for a SIP invite',
    });
  });

  it('closing the socket while ringing cancels the call: nothing pending remains', async () => {
    await using call = await invite(scenario.noAnswer(5000));
    await call.client.waitFor('ringing');
    await call.client.close();
    await until(() => call.emulator.stats().sessions === 0);
    expect(call.emulator.stats()).toEqual(AC_IDLE);
  });

  it('the remote party declining a ringing call (remote.hangup) is a 603 reject', async () => {
    await using call = await invite(scenario.noAnswer(5000));
    await call.client.waitFor('ringing');
    expect(call.emulator.remote.hangup('sc')).toBe(true);
    await call.client.waitClosed();
    expect(call.client.events.find((e) => e.event === 'reject')).toMatchObject({
      code: 603,
      reason: 'Decline',
    });
  });

  it('a second invite on a set-up call is an error (sender command), the call goes on', async () => {
    await using call = await invite('sip:x@y');
    await call.client.waitFor('answer');
    call.client.send({ command: 'invite', option: { callee: 'sip:z@y' } });
    const error = await call.client.waitFor('error');
    expect(error).toMatchObject({
      sender: 'command',
      error: 'the call is already set up',
      trackId: 'sc',
    });
    expect(call.emulator.sessions()[0]?.state).toBe('answered');
  });
});

describe('outbound WebRTC and /call invites', () => {
  it('WebRTC: trackStart then answer with an SDP answer to the offer; hangup: trackEnd, close, no hangup', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/webrtc', { id: 'rtc' });
    client.send({ command: 'invite', option: { offer: BROWSER_OFFER } });
    const answer = await client.waitFor('answer');
    expect(client.names()).toEqual(['trackStart', 'answer']);
    const sdp = String(answer.sdp);
    expect(sdp).toMatch(/^v=0\r\n/);
    expect(sdp).toContain('a=group:BUNDLE 0\r\n');
    expect(sdp).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF 111\r\n/);
    expect(sdp).toContain('a=rtpmap:111 opus/48000/2');
    expect(sdp).toContain('a=setup:active');
    expect(sdp).toMatch(/a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(sdp).toContain(
      'm=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:1',
    );
    expect(sdp).not.toContain('2001:db8');
    client.send({ command: 'hangup' });
    await client.waitClosed();
    expect(client.names()).toEqual(['trackStart', 'answer', 'trackEnd']);
  });

  it('WebRTC without a usable offer: error "Failed to setup track", error(command), close', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/webrtc');
    client.send({ command: 'invite', option: { offer: 'hello' } });
    await client.waitClosed();
    expect(client.names()).toEqual(['error', 'error']);
    expect(client.events[0]).toMatchObject({
      sender: 'invite',
      error: expect.stringMatching(/^Failed to setup track: /),
    });
  });

  it('/call: trackStart then answer with an empty SDP; a second invite fails', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call', { id: 'ws-1' });
    client.send({ command: 'invite', option: { codec: 'pcmu' } });
    expect(await client.waitFor('answer')).toMatchObject({
      trackId: 'ws-1',
      sdp: '',
      refer: false,
    });
    client.send({ command: 'invite', option: {} });
    expect(await client.waitFor('error')).toMatchObject({
      sender: 'command',
      error: 'no track created for caller',
    });
  });

  it('hangupForAllTypes adds a hangup event on WebRTC and /call teardown', async () => {
    await using emulator = await fastActiveCall({ hangupForAllTypes: true });
    await using client = await AcClient.open(emulator.wsUrl, '/call', { id: 'ws-2' });
    client.send({ command: 'invite', option: {} });
    await client.waitFor('answer');
    client.send({ command: 'hangup', initiator: 'caller' });
    await client.waitClosed();
    expect(client.names()).toEqual(['trackStart', 'answer', 'trackEnd', 'hangup']);
    expect(client.events[3]).toMatchObject({
      reason: 'Some(ByCaller)',
      initiator: 'caller',
      extra: { call_type: 'websocket', session_id: 'ws-2' },
    });
  });
});
