import type { WebSocket } from 'ws';
import type { CancelTimer } from '../timers';
import {
  type AudioCodec,
  AudioPump,
  codecFrame,
  REMOTE_TRACK_INDEX,
  SERVER_TRACK_INDEX,
  subscribeFrame,
} from './audio';
import { CommandQueue } from './commandQueue';
import type { CallOption, Command } from './commands';
import type { AcContext } from './context';
import { EventHistory } from './eventHistory';
import { type Attendee, rfc3339 } from './format';
import { redactSecrets } from './frameLog';
import { EventOutbox, MAX_BUFFERED_BYTES } from './outbox';
import type { Playback, PlaybackEffects } from './playback';
import type { CallQuery, CallType } from './query';
import { ServerTrack } from './serverTrack';
import type { ActiveCallSessionSnapshot, ActiveCallState, ReplayKind } from './types';

/** What a session hands back to the emulator's command and teardown layers. */
export interface SessionHooks {
  /** Executes one command; returns a promise (never rejecting) only when the command waits. */
  execute(session: AcSession, command: Command): Promise<void> | undefined;
  /** The current server-side playback ended by itself or by `interrupt`. */
  playbackEnded(session: AcSession, playback: Playback, effects: PlaybackEffects): void;
}

/** A transfer leg that answered (`refer`). */
export interface ReferLeg {
  readonly callee: string;
  readonly answeredAt: number;
  readonly autoHangup: boolean;
}

/** An outbound call whose remote party declines while it rings. */
export interface Decline {
  code: number;
  reason: string;
}

/** Numbers the sessions' timer groups, so no session id can collide with another's group. */
let sessionCounter = 0;

// Events that mean "the user did something": they cancel a wait-for-input timer (§5.6).
const INPUT_EVENTS = new Set(['speaking', 'dtmf', 'asrDelta', 'asrFinal', 'trackStart']);

/** One WebSocket = one call session, with everything the server tracks for it. */
export class AcSession {
  readonly ctx: AcContext;
  readonly ws: WebSocket;
  readonly query: CallQuery;
  readonly callType: CallType;
  /** Timer group of flows, playback, audio and wait timers (cancelled at teardown). */
  readonly timerGroup: string;
  readonly queue: CommandQueue;
  readonly track: ServerTrack;
  readonly audio: AudioPump;
  readonly #outbox: EventOutbox;
  readonly #history = new EventHistory();

  state: ActiveCallState = 'idle';
  direction: 'outbound' | 'inbound' | undefined;
  /** The call option in force (defaults for later commands). */
  option: CallOption | undefined;
  /** Start of the call (session start; reset when an outbound INVITE is sent). */
  startTime = Date.now();
  ringTime: number | undefined;
  answerTime: number | undefined;
  from: Attendee | undefined;
  to: Attendee | undefined;
  /** Whether a call was attempted, so a `hangup` event is due at the end. */
  callAttempted = false;
  /** The main (remote party) track, once `trackStart` was sent for it. */
  mainTrack: { startedAt: number; ssrc: number } | undefined;
  /** An inbound call that got `ringing` before `accept` (no VAD/ASR on the real server). */
  rungFirst = false;
  /** `/call` mode: `invite` started the audio pipeline. */
  pipelineStarted = false;
  codec: AudioCodec = 'pcm';
  /** Utterances of simulated user speech in progress (subscribe-mode remote audio). */
  remoteSpeaking = 0;
  /** Next ASR utterance index. */
  asrIndex = 0;
  /** Simulated user speech runs one utterance at a time. */
  speech: Promise<void> = Promise.resolve();
  /** Utterances and digit sequences of the remote party queued or running (capped). */
  remoteActions = 0;
  referLeg: ReferLeg | undefined;
  /** Set while an outbound call rings: the remote party declines through it. */
  declineRinging: ((decline: Decline) => void) | undefined;
  /** Teardown started: no more commands, flows stop. */
  ending = false;
  /** The socket is gone. */
  closed = false;
  stalled = false;
  audioBytesReceived = 0;
  audioFramesSent = 0;
  readonly #sleeps = new Set<(completed: boolean) => void>();
  #cancelWaitInput: CancelTimer | undefined;
  #cancelPing: CancelTimer | undefined;

  constructor(
    ctx: AcContext,
    ws: WebSocket,
    query: CallQuery,
    callType: CallType,
    hooks: SessionHooks,
  ) {
    this.ctx = ctx;
    this.ws = ws;
    this.query = query;
    this.callType = callType;
    sessionCounter += 1;
    this.timerGroup = `ac#${sessionCounter}`;
    this.queue = new CommandQueue(
      (command) => hooks.execute(this, command),
      ctx.options.maxQueuedCommands,
    );
    this.track = new ServerTrack({
      ctx,
      timerGroup: this.timerGroup,
      serverSideTrack: query.serverSideTrack,
      emit: (event, fields) => this.emit(event, fields),
      audioStarted: () => this.audio.start(),
      playbackEnded: (playback, effects) => hooks.playbackEnded(this, playback, effects),
    });
    this.audio = new AudioPump({
      ctx,
      timerGroup: this.timerGroup,
      dueFrames: (ms) => this.#dueFrames(ms),
      sendBinary: (frame) => this.sendBinary(frame),
    });
    this.#outbox = new EventOutbox(ctx, `${this.timerGroup}:out`, (text) => this.#write(text));
    this.#schedulePing();
  }

  /** The session id (also the main track id). */
  get id(): string {
    return this.query.id;
  }

  /** Id of the server-side playback track. */
  get serverSideTrack(): string {
    return this.query.serverSideTrack;
  }

  /** Sends one event: `{event, trackId?, timestamp, ...fields}` through the outbox and faults. */
  emit(event: string, fields: Record<string, unknown> = {}): void {
    if (INPUT_EVENTS.has(event)) this.cancelWaitInput();
    if (this.closed || this.stalled) return;
    if (this.ctx.faults.takeEventDrop()) {
      this.ctx.logger.debug('event dropped (fault)', { session: this.id, event });
      return;
    }
    const message: Record<string, unknown> = { event };
    if (fields.trackId !== undefined) message.trackId = fields.trackId;
    message.timestamp = Date.now();
    Object.assign(message, fields);
    const text = JSON.stringify(message);
    this.#history.record(event, text);
    this.#outbox.push(text);
  }

  /**
   * Sends an event it sent before once more, byte for byte (the `replayEvent` fault), behind any
   * event still held back; false when there is no such event or the socket is gone or stalled.
   */
  replay(kind: ReplayKind): boolean {
    const text = this.#history.pick(kind);
    if (text === undefined || this.closed || this.stalled) return false;
    this.#outbox.push(text);
    return true;
  }

  #write(text: string): void {
    if (this.closed || this.stalled || this.ws.readyState !== this.ws.OPEN) return;
    // The server's event channel is bounded and skips what a slow client cannot take.
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ctx.logger.warn('slow client: event skipped', { session: this.id });
      return;
    }
    this.ws.send(text);
  }

  /** Sends a binary audio frame unless the client is too slow to take it. */
  sendBinary(frame: Buffer): void {
    if (this.closed || this.stalled || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
    this.audioFramesSent += 1;
    this.ws.send(frame);
  }

  #dueFrames(ms: number): Buffer[] {
    if (this.ending || this.closed) return [];
    const playing = this.track.isEmittingAudio();
    if (this.callType === 'websocket') {
      return this.pipelineStarted && playing ? [codecFrame(this.codec, ms)] : [];
    }
    if (this.option?.subscribe !== true) return [];
    const due: Buffer[] = [];
    if (playing) due.push(subscribeFrame(SERVER_TRACK_INDEX, ms));
    if (this.remoteSpeaking > 0) due.push(subscribeFrame(REMOTE_TRACK_INDEX, ms));
    return due;
  }

  /** Events of all outbound flows so far were written (delayed ones included). */
  drained(): Promise<void> {
    return this.#outbox.drained();
  }

  /** Waits `ms` on the session's clock; false when the session ended meanwhile. */
  sleep(ms: number): Promise<boolean> {
    if (this.ending) return Promise.resolve(false);
    return new Promise((resolve) => {
      const settle = (completed: boolean): void => {
        this.#sleeps.delete(settle);
        resolve(completed);
      };
      this.#sleeps.add(settle);
      this.ctx.timers.set(ms, () => settle(true), this.timerGroup);
    });
  }

  /** Starts the wait-for-input timer (§5.6 source 3). */
  armWaitInput(ms: number): void {
    this.cancelWaitInput();
    const startTime = Date.now();
    this.#cancelWaitInput = this.ctx.timers.set(
      ms,
      () => {
        this.#cancelWaitInput = undefined;
        this.emit('silence', { trackId: this.serverSideTrack, startTime, duration: ms });
      },
      this.timerGroup,
    );
  }

  cancelWaitInput(): void {
    this.#cancelWaitInput?.();
    this.#cancelWaitInput = undefined;
  }

  #schedulePing(): void {
    const seconds = this.query.pingSeconds;
    if (seconds === 0) return;
    this.#cancelPing = this.ctx.timers.set(
      seconds * this.ctx.options.timing.pingUnitMs,
      () => {
        if (!this.closed && !this.stalled && this.ws.readyState === this.ws.OPEN) {
          this.ws.ping(rfc3339(Date.now()));
        }
        this.#schedulePing();
      },
      `${this.timerGroup}:ping`,
    );
  }

  /** Stops every flow, timer and playback of the call (events already emitted stay queued). */
  stopFlows(): void {
    this.queue.cancel();
    this.declineRinging = undefined;
    for (const settle of [...this.#sleeps]) settle(false);
    this.audio.stop();
    this.cancelWaitInput();
    this.ctx.timers.cancelGroup(this.timerGroup);
  }

  /** The socket is gone: drop queued events and stop pings. */
  releaseSocket(): void {
    this.closed = true;
    this.#outbox.clear();
    this.#cancelPing?.();
    this.ctx.timers.cancelGroup(`${this.timerGroup}:out`);
    this.ctx.timers.cancelGroup(`${this.timerGroup}:ping`);
  }

  snapshot(): ActiveCallSessionSnapshot {
    const playing = this.track.current;
    return {
      id: this.id,
      callType: this.callType,
      state: this.state,
      ...(this.direction === undefined ? {} : { direction: this.direction }),
      serverSideTrack: this.serverSideTrack,
      pingSeconds: this.query.pingSeconds,
      startTime: rfc3339(this.startTime),
      ...(this.ringTime === undefined ? {} : { ringTime: rfc3339(this.ringTime) }),
      ...(this.answerTime === undefined ? {} : { answerTime: rfc3339(this.answerTime) }),
      ...(this.option === undefined ? {} : { option: redactSecrets(this.option) }),
      ...(playing === undefined
        ? {}
        : {
            playing: {
              kind: playing.kind,
              ...(playing.playId === undefined ? {} : { playId: playing.playId }),
            },
          }),
      queuedCommands: this.queue.waiting,
      audioBytesReceived: this.audioBytesReceived,
      audioFramesSent: this.audioFramesSent,
      stalled: this.stalled,
    };
  }
}
