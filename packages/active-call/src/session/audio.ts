import type { AudioCodec } from '../protocol/options';

/**
 * One binary audio frame from the server. On a `/call` (websocket) session: the raw payload in
 * the session's codec, no track index. With `subscribe: true` on a SIP or WebRTC session:
 * PCM16LE mono at 16 kHz of one track, `trackIndex` 0 for what the server plays (TTS, files,
 * hold music, a transfer leg) and 1 for the remote party.
 */
export interface AudioFrame {
  /** Which track (subscribe mode only). */
  readonly trackIndex?: 0 | 1;
  /** The payload's codec. */
  readonly codec: AudioCodec;
  /** The payload (a view of the received frame, not a copy). */
  readonly data: Uint8Array;
}

/** How the session's binary frames are laid out. */
export type AudioMode =
  | { readonly kind: 'raw'; readonly codec: AudioCodec }
  | { readonly kind: 'subscribe' };

/** The frame's audio, or why it is not audio this session can carry. */
export function parseAudioFrame(
  data: ArrayBuffer | Uint8Array,
  mode: AudioMode | undefined,
): AudioFrame | string {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (mode === undefined) {
    return 'a binary frame arrived on a session that carries no audio (no /call session, no subscribe)';
  }
  if (mode.kind === 'raw') return Object.freeze({ codec: mode.codec, data: bytes });
  const index = bytes[0];
  if (index !== 0 && index !== 1) {
    return `a subscribe-mode audio frame has track index ${String(index)} (expected 0 or 1)`;
  }
  return Object.freeze({ trackIndex: index, codec: 'pcm' as const, data: bytes.subarray(1) });
}
