import type { CancelTimer } from '../timers';
import type { TtsOption } from './commands';
import type { AcContext } from './context';

/** A piece of TTS text as one synthesized segment. */
export interface Segment {
  /** The text as spoken (emoji stripped), or base64 PCM. */
  text: string;
  /** Whether `text` is base64 PCM rather than words (no subtitle then). */
  audio: boolean;
  /** Simulated length of its audio. */
  durationMs: number;
  /** Index of the command that brought it, within its track. */
  cmdSeq: number;
}

/** What every playback has. */
export interface PlaybackBase {
  /** RTP SSRC reported by its `trackEnd`. */
  readonly ssrc: number;
  /** Echoed in its `trackStart`/`trackEnd`/`interruption`. */
  readonly playId: string | undefined;
  /** When its `trackStart` was sent. */
  readonly startedAt: number;
  /** Its `trackEnd` was sent. */
  ended: boolean;
  /** The pending step (synthesis, segment end, file end). */
  cancelTimer?: CancelTimer;
}

/** A TTS track on the server-side track. */
export interface TtsPlayback extends PlaybackBase {
  readonly kind: 'tts';
  /** Fixed by the command that created the track. */
  readonly streaming: boolean;
  /** TTS provider name, for the metrics key. */
  readonly provider: string;
  /** `option.subtitle`: interruptions report a word `position`. */
  readonly subtitles: boolean;
  /** Segments waiting for synthesis. */
  queue: Segment[];
  /** The segment whose audio is coming out now. */
  playing?: { segment: Segment; startedAt: number } | undefined;
  /** The last segment that played to its end. */
  lastPlayed?: Segment | undefined;
  /** The segment being synthesized (not yet playing). */
  synthesizing: Segment | undefined;
  /** A command with `endOfStream` arrived: end once the queue is empty. */
  endOfStream: boolean;
  /** Some text reached the track (an `interruption` is due if it is cut). */
  hadText: boolean;
  /** Characters accepted so far (capped by `maxTtsChars`). */
  chars: number;
  /** Commands that reached the track. */
  commands: number;
  /** Audio synthesized so far. */
  audioMs: number;
}

/** A file track (play, ringtone, music on hold) on the server-side track. */
export interface FilePlayback extends PlaybackBase {
  readonly kind: 'file';
  /** What it plays. */
  readonly url: string;
  /** Music on hold: starts again when it ends. */
  readonly loop: boolean;
  /** The URL cannot be played (error + trackEnd at once). */
  failed: boolean;
}

/** Whatever the server-side track plays. */
export type Playback = TtsPlayback | FilePlayback;

/** How a playback ended: on its own, by `interrupt`, replaced by a new one, or by teardown. */
export type PlaybackEnd = 'natural' | 'interrupted' | 'replaced' | 'teardown';

/** What the end of the current playback sets off (§3.3 rule 5, §5.6). */
export interface PlaybackEffects {
  /** The playback carried `autoHangup` (and no later command cleared it): hang up now. */
  autoHangup: boolean;
  /** The latest `tts`/`play` asked to wait this long for input: arm the timer. */
  waitInputMs: number | undefined;
}

/** The per-command effects a `tts`/`play` sets (each command replaces the previous ones). */
export interface CommandEffects {
  /** Hang up when the playback this command lands on ends. */
  autoHangup?: boolean | undefined;
  /** `waitInputTimeout` in ms. */
  waitInputMs?: number | undefined;
}

/** What the server-side track needs from its session. */
export interface TrackHost {
  readonly ctx: AcContext;
  /** Timer group of the session's own work. */
  readonly timerGroup: string;
  /** Id of the server-side track. */
  readonly serverSideTrack: string;
  /** Sends an event on the session. */
  emit(event: string, fields: Record<string, unknown>): void;
  /** Audio started playing (the binary frame pump may need to run). */
  audioStarted(): void;
  /** The current playback ended by itself or by `interrupt`. */
  playbackEnded(playback: Playback, effects: PlaybackEffects): void;
}

/** A TTS command's effect on the track, as the dispatcher passes it. */
export interface TtsRequest extends CommandEffects {
  /** Text (or base64 PCM) to speak; may be empty. */
  text: string;
  /** Groups commands into one playback. */
  playId?: string;
  /** Only read when the command creates the track. */
  streaming: boolean;
  /** No more text for this playId. */
  endOfStream: boolean;
  /** `text` is base64 PCM16LE at 16 kHz. */
  base64: boolean;
  /** The session's TTS option with the command's laid over it. */
  option: TtsOption;
}

/** A TTS provider name that makes every segment fail (`error` with sender `tts`). */
export const FAILING_TTS_PROVIDER = 'emulator-error';
/** PCM16 mono at 16 kHz: bytes of audio per millisecond. */
export const BYTES_PER_MS = 32;

/** Whether a `play` URL fails: empty, or a host under the reserved `.invalid` TLD (RFC 2606). */
export function isUnplayable(url: string): boolean {
  if (url.trim() === '') return true;
  if (!URL.canParse(url)) return /\.invalid(\/|$)/i.test(url);
  const { hostname } = new URL(url);
  return hostname === 'invalid' || hostname.endsWith('.invalid');
}

/** `{ playId }` when there is one, for spreading into an event. */
export function withPlayId(playId: string | undefined): { playId?: string } {
  return playId === undefined ? {} : { playId };
}

/**
 * The fields of an `interruption` (§5.5): the segment that was current (playing, being
 * synthesized, next, or the last one played), its synthesized length and how far it got.
 */
export function interruptionFields(track: TtsPlayback, now: number): Record<string, unknown> {
  const playing = track.playing;
  const segment = playing?.segment ?? track.synthesizing ?? track.queue[0] ?? track.lastPlayed;
  let totalDuration = 0;
  let current = 0;
  if (playing) {
    totalDuration = playing.segment.durationMs;
    current = Math.min(totalDuration, now - playing.startedAt);
  } else if (segment && segment === track.lastPlayed) {
    totalDuration = segment.durationMs;
    current = totalDuration;
  }
  const fields: Record<string, unknown> = { ...withPlayId(track.playId) };
  if (segment && !segment.audio) {
    fields.subtitle = segment.text;
    if (track.subtitles) fields.position = wordStart(segment.text, totalDuration, current);
  }
  fields.totalDuration = totalDuration;
  fields.current = current;
  return fields;
}

/** Character index of the last word that had started after `current` of `total` ms. */
function wordStart(text: string, total: number, current: number): number {
  if (total <= 0) return 0;
  const reached = Math.floor((text.length * current) / total);
  const before = text.slice(0, reached + 1);
  const lastSpace = before.search(/\S+\s*$/);
  return Math.max(0, lastSpace);
}
