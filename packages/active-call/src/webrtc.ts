import { acError } from './codes';

/** An SDP description as `RTCPeerConnection` takes and gives it (`RTCSessionDescriptionInit`). */
export interface SessionDescriptionLike {
  /** What the description is. */
  type?: 'answer' | 'offer' | 'pranswer' | 'rollback';
  /** The SDP text. */
  sdp?: string;
}

/**
 * The part of `RTCPeerConnection` {@link gatherOffer} uses (structural, so no DOM types are
 * required; a browser's `RTCPeerConnection` is one).
 */
export interface PeerConnectionLike {
  /** Creates an SDP offer. */
  createOffer(): Promise<SessionDescriptionLike>;
  /** Applies the offer locally (starts ICE gathering). */
  setLocalDescription(description?: SessionDescriptionLike): Promise<void>;
  /** The offer with the candidates gathered so far. */
  readonly localDescription: {
    /** The SDP text. */
    readonly sdp: string;
  } | null;
  /** `new`, `gathering` or `complete`. */
  readonly iceGatheringState: string;
  /** Follows ICE gathering. */
  addEventListener(type: 'icegatheringstatechange', listener: () => void): void;
  /** Stops following ICE gathering. */
  removeEventListener(type: 'icegatheringstatechange', listener: () => void): void;
}

/** Options of {@link gatherOffer}. */
export interface GatherOfferOptions {
  /** Give up waiting for ICE gathering after this long and use the candidates found so far. @default 5000 */
  timeoutMs?: number;
}

/**
 * Creates the SDP offer of a WebRTC `dial()`: `createOffer`, `setLocalDescription`, then waits
 * until ICE gathering is complete, because the server takes no trickled candidates (the offer
 * must carry them all). Add the tracks (microphone) or transceivers before calling it. After
 * the dial resolves, give the answer to the peer connection:
 * `pc.setRemoteDescription({ type: 'answer', sdp: result.answer.sdp })`.
 */
export async function gatherOffer(
  pc: PeerConnectionLike,
  options: GatherOfferOptions = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > 2 ** 31 - 1) {
    throw acError('invalid-argument', 'gatherOffer: timeoutMs must be 1 to 2147483647 ms');
  }
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      };
      const check = () => {
        if (pc.iceGatheringState === 'complete') done();
      };
      const timer = setTimeout(done, timeoutMs);
      pc.addEventListener('icegatheringstatechange', check);
    });
  }
  const sdp = pc.localDescription?.sdp;
  if (typeof sdp !== 'string' || !sdp.startsWith('v=0')) {
    throw acError('invalid-argument', 'gatherOffer: the peer connection produced no SDP offer');
  }
  return sdp;
}

/** One ICE server as `GET /iceservers` lists it (`RTCIceServer`). */
export interface AcIceServer {
  /** STUN/TURN URLs. */
  readonly urls: string | string[];
  /** TURN user name. */
  readonly username?: string;
  /** TURN credential. */
  readonly credential?: string;
}

/**
 * The server's ICE servers (`GET /iceservers` on the endpoint's host, http for ws and https
 * for wss), for `new RTCPeerConnection({ iceServers })`. Rejects with `unreachable` when the
 * request fails and `malformed-frame` when the answer is not a list.
 */
export async function fetchIceServers(
  endpoint: string,
  init: { readonly signal?: AbortSignal } = {},
): Promise<AcIceServer[]> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw acError('invalid-argument', 'fetchIceServers: endpoint must be an absolute ws(s):// URL');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw acError('invalid-argument', 'fetchIceServers: endpoint must use ws: or wss:');
  }
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/iceservers`;
  url.search = '';
  let body: unknown;
  try {
    const response = await fetch(url, init.signal ? { signal: init.signal } : {});
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.json();
  } catch (cause) {
    throw acError('unreachable', `fetchIceServers: GET ${url.host}/iceservers failed`, { cause });
  }
  if (!Array.isArray(body) || body.some((item) => typeof item !== 'object' || item === null)) {
    throw acError('malformed-frame', 'fetchIceServers: the answer is not a list of ICE servers');
  }
  return body as AcIceServer[];
}
