import { randomBytes, randomInt } from 'node:crypto';

/**
 * Fake SDP bodies. SIP media is never established by the emulator, and WebRTC answers are
 * syntactically valid answers to the client's offer (a browser accepts them) but no ICE or DTLS
 * peer stands behind them.
 */

const CRLF = '\r\n';

function sessionLines(): string[] {
  const id = randomInt(1, 2 ** 31);
  return ['v=0', `o=- ${id} ${id} IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0'];
}

/** A plain RTP/AVP audio SDP (G.711 + telephone-event), for SIP parties and the server itself. */
export function rtpSdp(): string {
  const port = 2 * randomInt(10_000, 30_000);
  return [
    ...sessionLines(),
    `m=audio ${port} RTP/AVP 0 8 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join(CRLF);
}

/** An offer the server could not use. */
export class SdpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SdpError';
  }
}

interface MediaSection {
  media: string;
  port: string;
  proto: string;
  formats: string[];
  attributes: string[];
}

function parseSections(offer: string): { bundle: boolean; sections: MediaSection[] } {
  const lines = offer.split(/\r?\n/).filter((line) => line !== '');
  if (lines[0] !== 'v=0') throw new SdpError('offer is not an SDP (no v=0)');
  let bundle = false;
  const sections: MediaSection[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) {
      const [media = '', port = '', proto = '', ...formats] = line.slice(2).split(' ');
      sections.push({ media, port, proto, formats, attributes: [] });
    } else if (line.startsWith('a=')) {
      const current = sections.at(-1);
      if (current) current.attributes.push(line.slice(2));
      else if (line.startsWith('a=group:BUNDLE')) bundle = true;
    }
  }
  if (sections.length === 0) throw new SdpError('offer has no media section');
  return { bundle, sections };
}

function attribute(section: MediaSection, name: string): string | undefined {
  const prefix = `${name}:`;
  return section.attributes.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const ANSWER_DIRECTION: Readonly<Record<string, string>> = {
  sendrecv: 'sendrecv',
  sendonly: 'recvonly',
  recvonly: 'sendonly',
  inactive: 'inactive',
};

function direction(section: MediaSection): string {
  const offered = section.attributes.find((a) => Object.hasOwn(ANSWER_DIRECTION, a));
  return offered === undefined ? 'sendrecv' : (ANSWER_DIRECTION[offered] ?? 'sendrecv');
}

/** The payload type the server picks: Opus, else PCMU, else PCMA, else the first offered. */
function chooseCodec(section: MediaSection): { pt: string; rtpmap?: string; fmtp?: string } {
  const maps = section.attributes
    .filter((a) => a.startsWith('rtpmap:'))
    .map((a) => {
      const [pt = '', codec = ''] = a.slice('rtpmap:'.length).split(' ');
      return { pt, codec };
    });
  const opus = maps.find((m) => /^opus\/48000/i.test(m.codec));
  if (opus) return { pt: opus.pt, rtpmap: opus.codec, fmtp: 'minptime=10;useinbandfec=1' };
  for (const static_ of ['0', '8']) {
    if (section.formats.includes(static_)) return { pt: static_ };
  }
  const first = section.formats[0] ?? '0';
  const map = maps.find((m) => m.pt === first);
  return map ? { pt: first, rtpmap: map.codec } : { pt: first };
}

function fingerprint(): string {
  return [...randomBytes(32)]
    .map((byte) => byte.toString(16).padStart(2, '0').toUpperCase())
    .join(':');
}

/**
 * Answers a WebRTC offer: the first audio section is accepted (Opus when offered) with a host
 * candidate on 127.0.0.1, every other section is rejected (port 0) with its mid kept.
 * Throws {@link SdpError} for an offer without `v=0`, without media, or without audio.
 */
export function webrtcAnswerSdp(offer: string): string {
  const { bundle, sections } = parseSections(offer);
  const audioIndex = sections.findIndex((s) => s.media === 'audio' && s.port !== '0');
  if (audioIndex === -1) throw new SdpError('offer has no audio section');
  const ufrag = randomBytes(6).toString('base64url').slice(0, 8);
  const pwd = randomBytes(18).toString('base64url').slice(0, 24);
  const port = randomInt(20_000, 60_000);
  const id = randomInt(1, 2 ** 31);
  const head = ['v=0', `o=- ${id} 2 IN IP4 127.0.0.1`, 's=-', 't=0 0'];
  const acceptedMid = attribute(sections[audioIndex] as MediaSection, 'mid');
  if (bundle && acceptedMid !== undefined) head.push(`a=group:BUNDLE ${acceptedMid}`);
  head.push('a=msid-semantic: WMS');
  const body = sections.flatMap((section, index) => {
    const mid = attribute(section, 'mid');
    const midLine = mid === undefined ? [] : [`a=mid:${mid}`];
    if (index !== audioIndex) {
      return [
        `m=${section.media} 0 ${section.proto} ${section.formats.join(' ')}`,
        'c=IN IP4 0.0.0.0',
        ...midLine,
      ];
    }
    const codec = chooseCodec(section);
    return [
      `m=audio ${port} UDP/TLS/RTP/SAVPF ${codec.pt}`,
      'c=IN IP4 127.0.0.1',
      'a=rtcp:9 IN IP4 0.0.0.0',
      `a=candidate:1 1 udp 2130706431 127.0.0.1 ${port} typ host`,
      'a=end-of-candidates',
      `a=ice-ufrag:${ufrag}`,
      `a=ice-pwd:${pwd}`,
      `a=fingerprint:sha-256 ${fingerprint()}`,
      'a=setup:active',
      ...midLine,
      `a=${direction(section)}`,
      'a=rtcp-mux',
      ...(codec.rtpmap === undefined ? [] : [`a=rtpmap:${codec.pt} ${codec.rtpmap}`]),
      ...(codec.fmtp === undefined ? [] : [`a=fmtp:${codec.pt} ${codec.fmtp}`]),
      `a=ssrc:${randomInt(1, 2 ** 31)} cname:active-call`,
    ];
  });
  return [...head, ...body, ''].join(CRLF);
}
