import { describe, expect, it } from 'vitest';
import { attendee, userPart, withSipScheme } from '../../src/activeCall/format';
import {
  reasonFromCommand,
  renderReason,
  rustDebugString,
} from '../../src/activeCall/hangupReason';
import { resolveActiveCallOptions } from '../../src/activeCall/options';
import { parseCallQuery } from '../../src/activeCall/query';
import { rtpSdp, webrtcAnswerSdp } from '../../src/activeCall/sdp';
import { AC_REALISTIC_TIMING } from '../../src/index';

describe('hangup reasons (§5.3)', () => {
  it.each([
    [undefined, undefined, 'Some(BySystem)'],
    ['caller', undefined, 'Some(ByCaller)'],
    ['CALLEE', undefined, 'Some(ByCallee)'],
    ['refer', undefined, 'Some(ByRefer)'],
    ['autohangup', undefined, 'Some(Autohangup)'],
    ['InactivityTimeout', undefined, 'Some(InactivityTimeout)'],
    ['canceled', undefined, 'Some(Canceled)'],
    ['rejected', undefined, 'Some(Rejected)'],
    ['failed', undefined, 'Some(Failed)'],
    ['noAnswer', undefined, 'Some(Other("noAnswer"))'],
    ['constructor', undefined, 'Some(Other("constructor"))'],
    ['my reason', 'user', 'Some(Other("my reason"))'],
    ['my reason', 'caller', 'Some(ByCaller)'],
    [undefined, 'callee', 'Some(ByCallee)'],
    [undefined, 'system', 'Some(Autohangup)'],
  ])('reason %j, initiator %j → %s', (reason, initiator, expected) => {
    expect(reasonFromCommand(reason, initiator)).toBe(expected);
  });

  it('renders custom reasons in Rust Debug form', () => {
    expect(rustDebugString('a "quoted" \\ path\n\ttab\u0001')).toBe(
      '"a \\"quoted\\" \\\\ path\\n\\ttab\\u{1}"',
    );
    expect(renderReason({ other: 'héllo ☎' })).toBe('Some(Other("héllo ☎"))');
  });
});

describe('query parsing (§2.2)', () => {
  it('applies the defaults', () => {
    expect(parseCallQuery('')).toEqual({
      id: expect.stringMatching(/^s\./),
      dump: true,
      pingSeconds: 20,
      serverSideTrack: 'server-side-track',
    });
  });

  it('decodes percent-encoding like the server', () => {
    expect(parseCallQuery('?id=a%40b%20c&ping=0&dump=false&serverSideTrack=t')).toEqual({
      id: 'a@b c',
      dump: false,
      pingSeconds: 0,
      serverSideTrack: 't',
    });
  });
});

describe('SDP', () => {
  it('rtpSdp is a plain audio offer/answer with G.711 and telephone-event', () => {
    const sdp = rtpSdp();
    expect(sdp).toMatch(/^v=0\r\no=- \d+ \d+ IN IP4 127\.0\.0\.1\r\n/);
    expect(sdp).toMatch(/m=audio \d+ RTP\/AVP 0 8 101\r\n/);
    expect(sdp.endsWith('\r\n')).toBe(true);
  });

  it('answers an audio-only offer with PCMU when no Opus is offered and mirrors the direction', () => {
    const offer =
      'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0 8\r\na=mid:audio\r\na=sendonly\r\n';
    const answer = webrtcAnswerSdp(offer);
    expect(answer).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0\r\n/);
    expect(answer).toContain('a=mid:audio\r\na=recvonly\r\n');
    expect(answer).not.toContain('a=group:BUNDLE');
  });

  it.each([
    ['', /no v=0/],
    ['v=0\r\ns=-\r\n', /no media/],
    ['v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n', /no audio/],
  ])('refuses %j', (offer, message) => {
    expect(() => webrtcAnswerSdp(offer)).toThrow(message);
  });
});

describe('URIs', () => {
  it.each([
    ['sip:1001@pbx.example', '1001', 'pbx.example'],
    ['sips:alice@host:5061;transport=tls', 'alice', 'host'],
    ['tel:+15550100000', '+15550100000', ''],
    ['+15550100000', '+15550100000', ''],
  ])('%s → user %s, realm %j', (uri, user, realm) => {
    expect(userPart(uri)).toBe(user);
    expect(attendee(uri)).toEqual({ username: user, realm, source: uri });
  });

  it('adds sip: to a caller without scheme', () => {
    expect(withSipScheme('1001@pbx')).toBe('sip:1001@pbx');
    expect(withSipScheme('sip:1001@pbx')).toBe('sip:1001@pbx');
  });
});

describe('options', () => {
  it('resolves the documented defaults', () => {
    const resolved = resolveActiveCallOptions();
    expect(resolved).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      webhookUrl: '',
      timing: AC_REALISTIC_TIMING,
      acceptTimeoutMs: 50_000,
      hangupForAllTypes: false,
      asrAfterRinging: false,
      interruptClearsAutoHangup: false,
      ringCount: 1,
      iceServers: [],
      maxFrameBytes: 1024 * 1024,
      maxSessions: 1000,
      maxPendingInbound: 1000,
      maxQueuedCommands: 256,
      maxTtsChars: 100_000,
      webhookTimeoutMs: 5000,
    });
  });

  it.each([
    [{ port: 70000 }, /port/],
    [{ webhookUrl: 'ftp://x' }, /webhookUrl/],
    [{ timing: 'slow' as never }, /timing/],
    [{ timing: { ringMs: -1 } }, /timing\.ringMs/],
    [{ timing: { audioFrameMs: 0 } }, /audioFrameMs/],
    [{ acceptTimeoutMs: 0 }, /acceptTimeoutMs/],
    [{ ringCount: 1.5 }, /ringCount/],
    [{ hangupForAllTypes: 'yes' as never }, /hangupForAllTypes/],
    [{ iceServers: [{ urls: 'stun:x' }] as never }, /iceServers/],
  ])('refuses %j with INVALID_OPTIONS', (options, message) => {
    expect(() => resolveActiveCallOptions(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringMatching(message) }),
    );
  });
});
