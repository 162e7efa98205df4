import type { CancelTimer } from '../timers';
import type { AcContext } from './context';

/** Codecs of `/call` mode (`option.codec`). */
export type AudioCodec = 'pcm' | 'pcmu' | 'pcma' | 'g722';

/** Every codec `/call` mode accepts. */
export const AUDIO_CODECS: readonly AudioCodec[] = ['pcm', 'pcmu', 'pcma', 'g722'];

/** Subscribe-mode track index of the server-side track (what the bot plays). */
export const SERVER_TRACK_INDEX = 0;
/** Subscribe-mode track index of the remote party. */
export const REMOTE_TRACK_INDEX = 1;

const frames = new Map<string, Buffer>();

/** A PCM16LE 400 Hz tone at 16 kHz: 8 whole cycles per 20 ms, so frames join without clicks. */
function pcmTone(ms: number): Buffer {
  const samples = 16 * ms;
  const buffer = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    buffer.writeInt16LE(Math.round(2000 * Math.sin((2 * Math.PI * 400 * i) / 16_000)), i * 2);
  }
  return buffer;
}

/**
 * One frame of `ms` of audio in `codec`, encoded payload only: a quiet tone in PCM, digital
 * silence in G.711 (µ-law 0xFF, A-law 0xD5) and G.722 (64 kbit/s).
 */
export function codecFrame(codec: AudioCodec, ms: number): Buffer {
  const key = `${codec}/${ms}`;
  let frame = frames.get(key);
  if (!frame) {
    if (codec === 'pcm') frame = pcmTone(ms);
    else frame = Buffer.alloc(8 * ms, codec === 'pcmu' ? 0xff : codec === 'pcma' ? 0xd5 : 0);
    frames.set(key, frame);
  }
  return frame;
}

/** A subscribe-mode frame: `[track index][PCM16LE at 16 kHz]`. */
export function subscribeFrame(index: number, ms: number): Buffer {
  return Buffer.concat([Buffer.from([index]), codecFrame('pcm', ms)]);
}

/** What the pump asks its session on every tick. */
export interface AudioSource {
  readonly ctx: AcContext;
  readonly timerGroup: string;
  /** The frames due now; none stops the pump until `start()` is called again. */
  dueFrames(ms: number): Buffer[];
  sendBinary(frame: Buffer): void;
}

/** Sends binary audio every `audioFrameMs` while the session has any to send. */
export class AudioPump {
  readonly #source: AudioSource;
  #cancel: CancelTimer | undefined;

  constructor(source: AudioSource) {
    this.#source = source;
  }

  /** Starts the cadence if it is not running. */
  start(): void {
    if (this.#cancel !== undefined) return;
    this.#schedule();
  }

  #schedule(): void {
    const { ctx, timerGroup } = this.#source;
    const ms = ctx.options.timing.audioFrameMs;
    this.#cancel = ctx.timers.set(
      ms,
      () => {
        this.#cancel = undefined;
        const due = this.#source.dueFrames(ms);
        if (due.length === 0) return;
        for (const frame of due) this.#source.sendBinary(frame);
        this.#schedule();
      },
      timerGroup,
    );
  }

  /** Stops the cadence. */
  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }
}
