import type { CancelTimer } from '../timers';
import { newSsrc } from './format';
import {
  BYTES_PER_MS,
  type CommandEffects,
  FAILING_TTS_PROVIDER,
  type FilePlayback,
  interruptionFields,
  isUnplayable,
  type Playback,
  type PlaybackEnd,
  type TrackHost,
  type TtsPlayback,
  type TtsRequest,
  withPlayId,
} from './playback';

/**
 * The one server-side track of a session (§3.3–3.5): a new playback replaces the current one, a
 * TTS with the current TTS's playId is appended to it, TTS ends only after `endOfStream`, file
 * playback ends after its simulated duration.
 */
export class ServerTrack {
  readonly #host: TrackHost;
  #current: Playback | undefined;
  /** The live TTS that further `tts` commands with its playId are appended to. */
  #ttsHandle: TtsPlayback | undefined;
  /** The playback whose end hangs up; every `tts`/`play` sets or clears it. */
  #autoHangup: Playback | undefined;
  /** `waitInputTimeout` of the latest `tts`/`play`, taken when the current playback ends. */
  #waitInputMs: number | undefined;

  constructor(host: TrackHost) {
    this.#host = host;
  }

  /** What plays now. */
  get current(): Playback | undefined {
    return this.#current;
  }

  /** Whether audio is coming out of the track right now. */
  isEmittingAudio(): boolean {
    const track = this.#current;
    if (!track) return false;
    return track.kind === 'tts' ? track.playing !== undefined : !track.failed;
  }

  #timing() {
    return this.#host.ctx.options.timing;
  }

  #set(ms: number, callback: () => void): CancelTimer {
    return this.#host.ctx.timers.set(ms, callback, this.#host.timerGroup);
  }

  /** Appends to the live TTS with the same playId, or starts a new TTS track. */
  tts(request: TtsRequest): TtsPlayback {
    let track = this.#ttsHandle;
    if (!track || track.ended || track.playId !== request.playId) {
      track = {
        kind: 'tts',
        ssrc: newSsrc(),
        playId: request.playId,
        startedAt: Date.now(),
        ended: false,
        streaming: request.streaming,
        provider: request.option.provider ?? 'unknown',
        subtitles: request.option.subtitle === true,
        queue: [],
        synthesizing: undefined,
        endOfStream: false,
        hadText: false,
        chars: 0,
        commands: 0,
        audioMs: 0,
      };
      this.#replaceWith(track);
      this.#ttsHandle = track;
    }
    this.#setEffects(track, request);
    this.#addText(track, request);
    if (request.endOfStream) track.endOfStream = true;
    this.#pump(track);
    return track;
  }

  #addText(track: TtsPlayback, request: TtsRequest): void {
    const text = request.base64
      ? request.text
      : request.text.replace(/\p{Extended_Pictographic}/gu, '');
    const cmdSeq = track.commands;
    track.commands += 1;
    if (text === '') return;
    const limit = this.#host.ctx.options.maxTtsChars;
    if (track.chars + text.length > limit) {
      this.#host.emit('error', {
        trackId: this.#host.serverSideTrack,
        sender: 'tts',
        error: `text refused: a playback holds at most ${limit} characters`,
        code: 500,
      });
      return;
    }
    track.chars += text.length;
    track.hadText = true;
    const durationMs = request.base64
      ? Math.round(Buffer.from(text, 'base64').length / BYTES_PER_MS)
      : [...text].length * this.#timing().ttsMsPerChar;
    track.queue.push({ text, audio: request.base64, durationMs, cmdSeq });
  }

  /** Synthesizes and plays the next segment when nothing is in progress. */
  #pump(track: TtsPlayback): void {
    if (track.ended || track.playing || track.synthesizing) return;
    const segment = track.queue.shift();
    if (!segment) {
      if (track.endOfStream) this.#finish(track, 'natural');
      return;
    }
    track.synthesizing = segment;
    // A streaming synthesis is one continuous stream: only its first piece waits for the provider.
    const ttfb = track.streaming && track.audioMs > 0 ? 0 : this.#timing().ttsTtfbMs;
    track.cancelTimer = this.#set(ttfb, () => {
      track.synthesizing = undefined;
      if (track.provider === FAILING_TTS_PROVIDER) {
        this.#host.emit('error', {
          trackId: this.#host.serverSideTrack,
          sender: 'tts',
          error: `${FAILING_TTS_PROVIDER}: synthesis failed`,
          code: 500,
        });
        this.#pump(track);
        return;
      }
      if (!track.streaming) this.#metrics(track, segment.cmdSeq, segment.durationMs, ttfb);
      track.audioMs += segment.durationMs;
      track.playing = { segment, startedAt: Date.now() };
      this.#host.audioStarted();
      track.cancelTimer = this.#set(segment.durationMs, () => {
        track.playing = undefined;
        track.lastPlayed = segment;
        this.#pump(track);
      });
    });
  }

  #metrics(track: TtsPlayback, cmdSeq: number, durationMs: number, ttfb: number): void {
    this.#host.emit('metrics', {
      key: `completed.tts.${track.provider}`,
      duration: ttfb,
      data: {
        ...withPlayId(track.playId),
        cmdSeq,
        length: durationMs * BYTES_PER_MS,
        cached: false,
        ttfb,
        duration: ttfb,
      },
    });
  }

  #setEffects(track: Playback, effects: CommandEffects): void {
    this.#autoHangup = effects.autoHangup === true ? track : undefined;
    this.#waitInputMs = effects.waitInputMs;
  }

  /**
   * Plays a file (or a looping music-on-hold), replacing whatever plays. `effects` of a ringtone
   * or music-on-hold are none, which clears those of earlier commands, like the server does.
   */
  play(
    url: string,
    playId: string | undefined,
    effects: CommandEffects = {},
    loop = false,
  ): FilePlayback {
    this.#ttsHandle = undefined;
    const track: FilePlayback = {
      kind: 'file',
      ssrc: newSsrc(),
      playId: playId ?? url,
      startedAt: Date.now(),
      ended: false,
      url,
      loop,
      failed: isUnplayable(url),
    };
    this.#replaceWith(track);
    this.#setEffects(track, effects);
    if (track.failed) {
      this.#host.emit('error', {
        trackId: this.#host.serverSideTrack,
        sender: `filetrack: ${url}`,
        error: `failed to open ${url}: not found`,
      });
      this.#finish(track, 'natural');
      return track;
    }
    this.#host.audioStarted();
    track.cancelTimer = this.#set(this.#timing().playMs, () => this.#finish(track, 'natural'));
    return track;
  }

  /**
   * Stops the playback. A graceful interrupt lets a non-streaming TTS finish the segment it is
   * playing (queued ones are dropped); anything else ends at once.
   */
  interrupt(graceful: boolean): Playback | undefined {
    this.#ttsHandle = undefined;
    if (this.#host.ctx.options.interruptClearsAutoHangup) this.#autoHangup = undefined;
    const track = this.#current;
    if (!track) return undefined;
    if (graceful && track.kind === 'tts' && !track.streaming && track.playing) {
      track.queue = [];
      track.endOfStream = true;
      return track;
    }
    this.#finish(track, 'interrupted');
    return track;
  }

  /** Ends the playback of a music-on-hold (the transfer was answered or failed). */
  stopLoop(): void {
    const track = this.#current;
    if (track?.kind === 'file' && track.loop) this.#finish(track, 'replaced');
  }

  /** Session teardown: the playback ends with its events, without auto-hangup or wait timers. */
  stopForTeardown(): void {
    if (this.#current) this.#finish(this.#current, 'teardown');
  }

  /** The socket is gone: forget everything without events. */
  discard(): void {
    this.#current?.cancelTimer?.();
    if (this.#current) this.#current.ended = true;
    this.#current = undefined;
    this.#ttsHandle = undefined;
    this.#autoHangup = undefined;
  }

  #replaceWith(track: Playback): void {
    if (this.#current) this.#finish(this.#current, 'replaced');
    this.#current = track;
    this.#host.emit('trackStart', {
      trackId: this.#host.serverSideTrack,
      ...withPlayId(track.playId),
    });
  }

  #finish(track: Playback, how: PlaybackEnd): void {
    if (track.ended) return;
    track.ended = true;
    track.cancelTimer?.();
    if (this.#current === track) this.#current = undefined;
    if (this.#ttsHandle === track) this.#ttsHandle = undefined;
    const trackId = this.#host.serverSideTrack;
    if (track.kind === 'tts') {
      if (how !== 'natural' && track.hadText) this.#interruption(track);
      if (how === 'natural' && track.streaming && track.audioMs > 0) {
        this.#metrics(track, track.commands - 1, track.audioMs, this.#timing().ttsTtfbMs);
      }
    }
    this.#host.emit('trackEnd', {
      trackId,
      duration: Date.now() - track.startedAt,
      ssrc: track.ssrc,
      ...withPlayId(track.playId),
    });
    // A replaced playback's end is stale (the server compares playIds and ignores it).
    if (how === 'natural' || how === 'interrupted') {
      const autoHangup = this.#autoHangup === track;
      if (autoHangup) this.#autoHangup = undefined;
      const waitInputMs = this.#waitInputMs;
      this.#waitInputMs = undefined;
      this.#host.playbackEnded(track, { autoHangup, waitInputMs });
    }
    if (
      track.kind === 'file' &&
      track.loop &&
      !track.failed &&
      how === 'natural' &&
      !this.#current
    ) {
      this.play(track.url, track.playId, {}, true);
    }
  }

  #interruption(track: TtsPlayback): void {
    this.#host.emit('interruption', {
      trackId: this.#host.serverSideTrack,
      ...interruptionFields(track, Date.now()),
    });
  }
}
