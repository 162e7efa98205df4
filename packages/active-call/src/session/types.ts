import type { CommandOptions } from '@callstream/core';
import type { Observable } from 'rxjs';
import type {
  HangupParams,
  InterruptParams,
  PlayParams,
  RingingParams,
  TtsParams,
} from '../protocol/commands';
import type { AcAnswerEvent, AcEventName, AcEventOf, ActiveCallEvent } from '../protocol/events';
import type { ReferOption } from '../protocol/options';
import type { CallType } from '../protocol/url';
import type { AudioFrame } from './audio';
import type { Playback } from './playback';
import type { TranscriptUpdate } from './transcript';
import type { SessionClosure } from './waiters';

/** The life of a session's socket. */
export type SessionState = 'connecting' | 'open' | 'closing' | 'closed';

/** A streaming TTS playback: text pieces as they come (an LLM's tokens), then its end. */
export interface TtsStream {
  /** The playback all pieces belong to (created by the first `write` or by `end`). */
  readonly playback: Playback;
  /** Sends one piece (`streaming: true`); resolves when it is written. */
  write(text: string): Promise<void>;
  /**
   * Sends the end of the stream (`endOfStream: true`, optionally `autoHangup`); resolves with
   * the playback when written. Nothing can be written after it.
   */
  end(params?: Pick<TtsParams, 'autoHangup' | 'waitInputTimeoutMs'>): Promise<Playback>;
}

/**
 * One call's session: its own WebSocket to the server, every command of the protocol, and
 * every event it sends. Get it from `dial()`/`accept()` results or `client.session(callId)`.
 *
 * Commands are written in the order they are called (also while the socket is still opening),
 * and the server runs them one at a time in that order. A command resolves when its frame is
 * written: the server acknowledges nothing, its effects arrive as events. Bad arguments reject
 * with `invalid-argument` before anything is sent; a command on a closed session rejects with
 * `not-connected`.
 */
export interface ActiveCallSession {
  /** The session id: the call's id, the main track's id. */
  readonly callId: string;
  /** The media transport of the session. */
  readonly type: CallType;
  /** Where the session's socket is in its life. */
  readonly state: SessionState;
  /** The id of the server-side playback track (`server-side-track` unless configured). */
  readonly serverSideTrack: string;
  /**
   * Every event of the session in socket order (hot: subscribe early), catalogue events typed,
   * unknown ones passed through with every field. Completes when the session ends.
   */
  readonly events$: Observable<ActiveCallEvent>;
  /** The events named `name`, typed. */
  on<E extends AcEventName>(name: E): Observable<AcEventOf<E>>;
  /** Partial and final transcripts, grouped by utterance (`asrDelta` → `asrFinal`). */
  readonly transcript$: Observable<TranscriptUpdate>;
  /** Binary audio from the server (`/call` sessions, or `subscribe: true`). Hot, unbuffered. */
  readonly audio$: Observable<AudioFrame>;
  /** Resolves once the socket is gone, with who ended it. */
  readonly closed: Promise<SessionClosure>;

  /**
   * Inbound only, before `accept`: answers 180 (or 183 with early media), optionally playing a
   * ringtone. The server attaches no speech recognition to a call rung first (a server quirk):
   * accept directly when the call needs ASR/VAD.
   */
  ringing(params?: RingingParams): Promise<void>;
  /**
   * Speaks `text` as one playback (a new `playId` unless given; `endOfStream: true` unless
   * set). Resolves with its {@link Playback} once written.
   */
  tts(text: string, params?: TtsParams): Promise<Playback>;
  /** Starts a streaming TTS playback (nothing is sent until its first `write` or `end`). Throws `invalid-argument` for bad params. */
  streamTts(params?: Omit<TtsParams, 'streaming' | 'endOfStream'>): TtsStream;
  /** Plays an audio file (URL or server path) as one playback (a new `playId` unless given). */
  play(url: string, params?: PlayParams): Promise<Playback>;
  /** Stops what the server-side track plays (`graceful`: finish the sentence first). */
  interrupt(params?: InterruptParams): Promise<void>;
  /**
   * Ends the call (`hangup` with reason, initiator, BYE headers) and resolves once the server
   * closed the session (after `timeoutMs`, the client closes it itself). While an outbound call
   * still rings, closing the socket is the only way to cancel it, and that is what this does.
   */
  hangup(params?: HangupParams, options?: CommandOptions): Promise<void>;
  /**
   * Transfers the call: the server dials `callee` (presenting `caller`) and bridges it in.
   * Resolves with the new leg's `answer` (`refer: true`); rejects with `call-rejected` when it
   * fails (408 after `options.timeout` seconds).
   */
  refer(
    caller: string,
    callee: string,
    options?: ReferOption,
    commandOptions?: CommandOptions,
  ): Promise<AcAnswerEvent>;
  /** Silences a track (all tracks when `trackId` is omitted). */
  mute(trackId?: string): Promise<void>;
  /** Undoes `mute`. */
  unmute(trackId?: string): Promise<void>;
  /** Adds a line to the server's conversation history (echoed as `addHistory`). */
  history(speaker: string, text: string): Promise<void>;
  /** Accepted and ignored by the server (it does not pause playback). */
  pause(): Promise<void>;
  /** Accepted and ignored by the server. */
  resume(): Promise<void>;
  /** `/call` sessions: sends one binary audio frame in the session's codec. */
  sendAudio(data: ArrayBuffer | ArrayBufferView): Promise<void>;
  /**
   * Sends a command object as it is (forward compatibility: a command or field this SDK does
   * not know). Needs a string `command`; nothing else is checked.
   */
  sendRaw(frame: { readonly command: string; readonly [field: string]: unknown }): Promise<void>;
  /** Closes the socket now: the server ends the call at once. Idempotent. */
  close(): void;
}
