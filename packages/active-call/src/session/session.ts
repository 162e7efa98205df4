import type { CallstreamError, CommandOptions, Logger } from '@callstream/core';
import { fromTransportError, holdsSecret } from '@callstream/core/engine';
import {
  type Connection,
  type KeepAliveOptions,
  openSocket,
  TransportError,
} from '@callstream/transport';
import type { WebSocketConstructor } from '@callstream/ws';
import { nanoid } from 'nanoid';
import { filter, type Observable, Subject, type Subscription } from 'rxjs';
import { acError } from '../codes';
import {
  type CommandFrame,
  encodeBare,
  encodeHistory,
  encodeInterrupt,
  encodeMute,
  encodePlay,
  encodeRefer,
  encodeRinging,
  encodeTts,
  type HangupParams,
  type InterruptParams,
  type PlayParams,
  type RingingParams,
  type TtsParams,
} from '../protocol/commands';
import { decodeOwnedFrame, isUnknownEvent } from '../protocol/decode';
import type { AcAnswerEvent, AcEventName, AcEventOf, ActiveCallEvent } from '../protocol/events';
import type { AudioCodec, ReferOption } from '../protocol/options';
import { requirePlainObject } from '../protocol/schema';
import type { CallType } from '../protocol/url';
import { type AudioFrame, type AudioMode, parseAudioFrame } from './audio';
import { type Playback, Playbacks } from './playback';
import { encodeHangupChecked, referSpec, requireCommandOptions, setupSpec } from './specs';
import { type TranscriptUpdate, transcriptOf } from './transcript';
import type { ActiveCallSession, SessionState, TtsStream } from './types';
import { type SessionClosure, Waiter, type WaitSpec } from './waiters';

/** What a session needs from its client. */
export interface SessionSettings {
  readonly callId: string;
  readonly type: CallType;
  /** The full URL, query included. */
  readonly url: string;
  readonly serverSideTrack: string;
  readonly WebSocket: WebSocketConstructor | undefined;
  readonly openTimeoutMs: number;
  readonly keepAlive: KeepAliveOptions | false;
  /** Default wait of accept and hangup. */
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

/** How a session tells its client what happens. */
export interface SessionHooks {
  /** An event arrived (in socket order). `reportable` is false for set-up failures a promise carries. */
  event(session: CallSession, event: ActiveCallEvent, reportable: boolean): void;
  /** A frame could not be used (reported on errors$; the session goes on). */
  problem(error: CallstreamError): void;
  /** This client ends the call (hangup, close). */
  localEnd(session: CallSession): void;
  /** The socket is gone. */
  closed(session: CallSession, closure: SessionClosure): void;
  /**
   * A frame carrying a credential is being sent. Only given where that deserves a word (an
   * unencrypted socket to another machine): frames are searched for credentials only then.
   */
  credentialSent?(): void;
}

/** Commands queued while the socket opens, at most. */
const MAX_QUEUED = 256;
/** Largest binary audio frame `sendAudio` takes. */
const MAX_AUDIO_BYTES = 1024 * 1024;
/** Senders whose `error` is a failed call set-up. */
const SETUP_SENDERS = new Set(['invite', 'accept', 'ringing']);

type Outgoing = CommandFrame | ArrayBuffer | ArrayBufferView;

interface Queued {
  readonly data: Outgoing;
  readonly resolve: () => void;
  readonly reject: (error: CallstreamError) => void;
}

/** A new playback id. */
function newPlayId(): string {
  return `play-${nanoid(12)}`;
}

/** The audio layout a call option gives the session. */
function audioModeOf(type: CallType, option: unknown): AudioMode | undefined {
  const fields = (option ?? {}) as { codec?: unknown; subscribe?: unknown };
  if (type === 'websocket') {
    return { kind: 'raw', codec: (fields.codec as AudioCodec | undefined) ?? 'pcm' };
  }
  return fields.subscribe === true ? { kind: 'subscribe' } : undefined;
}

/** The implementation of {@link ActiveCallSession}: one socket, one call. */
export class CallSession implements ActiveCallSession {
  readonly callId: string;
  readonly type: CallType;
  readonly serverSideTrack: string;
  readonly events$: Observable<ActiveCallEvent>;
  readonly transcript$: Observable<TranscriptUpdate>;
  readonly audio$: Observable<AudioFrame>;
  readonly closed: Promise<SessionClosure>;
  #state: SessionState = 'connecting';
  readonly #settings: SessionSettings;
  readonly #hooks: SessionHooks;
  readonly #events = new Subject<ActiveCallEvent>();
  readonly #audio = new Subject<AudioFrame>();
  readonly #waiters = new Set<Waiter<unknown>>();
  readonly #playbacks = new Playbacks();
  #outbox: Queued[] = [];
  #connection: Connection | undefined;
  #subscription: Subscription | undefined;
  #audioMode: AudioMode | undefined;
  /** The invite or accept waiting for its answer. */
  #setup: Waiter<AcAnswerEvent> | undefined;
  #setupFailed = false;
  #referPending = 0;
  #lingerTimer: ReturnType<typeof setTimeout> | undefined;
  #resolveClosed!: (closure: SessionClosure) => void;
  #binaryProblemReported = false;
  #localEnd = false;

  constructor(settings: SessionSettings, hooks: SessionHooks) {
    this.#settings = settings;
    this.#hooks = hooks;
    this.callId = settings.callId;
    this.type = settings.type;
    this.serverSideTrack = settings.serverSideTrack;
    this.events$ = this.#events.asObservable();
    this.audio$ = this.#audio.asObservable();
    this.transcript$ = transcriptOf(this.events$);
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    // What `util.inspect` shows: never the frames or options (they may carry credentials).
    Object.defineProperty(this, Symbol.for('nodejs.util.inspect.custom'), {
      value: () =>
        `ActiveCallSession { callId: ${JSON.stringify(this.callId)}, type: '${this.type}', state: '${this.#state}' }`,
    });
  }

  get state(): SessionState {
    return this.#state;
  }

  /** Opens the socket (once, right after construction). */
  open(): void {
    const subscription = openSocket({
      url: this.#settings.url,
      openTimeoutMs: this.#settings.openTimeoutMs,
      keepAlive: this.#settings.keepAlive,
      ...(this.#settings.WebSocket ? { WebSocket: this.#settings.WebSocket } : {}),
    }).subscribe({
      next: (connection) => this.#opened(connection),
      error: (error: unknown) => this.#socketFailed(error),
      complete: () => this.#finish({ by: 'client' }),
    });
    if (this.#state === 'closed') subscription.unsubscribe();
    else this.#subscription = subscription;
  }

  on<E extends AcEventName>(name: E): Observable<AcEventOf<E>> {
    return this.events$.pipe(
      filter((event): event is AcEventOf<E> => event.event === name && !isUnknownEvent(event)),
    );
  }

  // ---- commands that drive the call (the client calls these) -------------------------------

  /** Sends `invite` (or `accept`) and waits for the answer, per the settlement rules. */
  setUp(frame: CommandFrame, options: CommandOptions, timeoutMs: number): Promise<AcAnswerEvent> {
    this.#audioMode = audioModeOf(this.type, frame.option);
    const action = frame.command;
    const waiter = this.#wait(
      setupSpec(action, this.callId, timeoutMs, options.signal, () => this.#localEnd),
    );
    this.#setup = waiter;
    waiter.promise.then(
      () => {
        this.#setup = undefined;
      },
      () => {
        this.#setup = undefined;
        this.#setupFailed = true;
      },
    );
    this.#write(frame).catch((error: CallstreamError) => waiter.fail(error));
    return waiter.promise;
  }

  /** Sends a frame and resolves once written (reject of an offer). */
  send(frame: CommandFrame): Promise<void> {
    return this.#write(frame);
  }

  /** Closes the socket after `ms` (a reject's frame must reach the server first). */
  closeAfter(ms: number): void {
    if (this.#state === 'closed' || this.#lingerTimer !== undefined) return;
    this.#lingerTimer = setTimeout(() => {
      this.#lingerTimer = undefined;
      this.terminate();
    }, ms);
  }

  /** Whether the call is still being set up (an invite or accept waits for its answer). */
  get settingUp(): boolean {
    return this.#setup !== undefined;
  }

  /** The client closed: every pending promise fails with `error`, the socket closes. */
  shutdown(error: CallstreamError): void {
    for (const waiter of [...this.#waiters]) waiter.fail(error);
    this.terminate();
  }

  /** Closes the socket now (this client ends the session). */
  terminate(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closing';
    const subscription = this.#subscription;
    this.#subscription = undefined;
    subscription?.unsubscribe();
    this.#finish({ by: 'client' });
  }

  // ---- the session's public commands -------------------------------------------------------

  async ringing(params: RingingParams = {}): Promise<void> {
    await this.#write(encodeRinging(params));
  }

  async tts(text: string, params: TtsParams = {}): Promise<Playback> {
    requirePlainObject(params, 'tts params');
    const playId = params.playId ?? newPlayId();
    const frame = encodeTts(text, { ...params, playId, endOfStream: params.endOfStream ?? true });
    this.#assertWritable('tts');
    const playback = this.#playbacks.begin(playId, 'tts');
    await this.#write(frame);
    return playback;
  }

  streamTts(params: Omit<TtsParams, 'streaming' | 'endOfStream'> = {}): TtsStream {
    requirePlainObject(params, 'streamTts params');
    const fields = { ...params, playId: params.playId ?? newPlayId(), streaming: true };
    encodeTts('', fields);
    this.#assertWritable('streamTts');
    const playback = this.#playbacks.begin(fields.playId, 'tts');
    let ended = false;
    const refuseAfterEnd = (what: string) =>
      acError('invalid-call-state', `${what}: this TTS stream already ended`, {
        callId: this.callId,
      });
    return {
      playback,
      write: async (text: string) => {
        if (ended) throw refuseAfterEnd('write');
        await this.#write(encodeTts(text, fields));
      },
      end: async (extra = {}) => {
        if (ended) throw refuseAfterEnd('end');
        requirePlainObject(extra, 'end params');
        const frame = encodeTts('', {
          ...fields,
          ...(extra.autoHangup === undefined ? {} : { autoHangup: extra.autoHangup }),
          ...(extra.waitInputTimeoutMs === undefined
            ? {}
            : { waitInputTimeoutMs: extra.waitInputTimeoutMs }),
          endOfStream: true,
        });
        ended = true;
        await this.#write(frame);
        return playback;
      },
    };
  }

  async play(url: string, params: PlayParams = {}): Promise<Playback> {
    requirePlainObject(params, 'play params');
    const playId = params.playId ?? newPlayId();
    const frame = encodePlay(url, { ...params, playId });
    this.#assertWritable('play');
    const playback = this.#playbacks.begin(playId, 'file');
    await this.#write(frame);
    return playback;
  }

  async interrupt(params: InterruptParams = {}): Promise<void> {
    const frame = encodeInterrupt(params);
    this.#assertWritable('interrupt');
    this.#playbacks.interrupted();
    await this.#write(frame);
  }

  async hangup(params: HangupParams = {}, options: CommandOptions = {}): Promise<void> {
    const frame = encodeHangupChecked(params);
    const timeoutMs = requireCommandOptions(options, this.#settings.commandTimeoutMs, 'hangup');
    if (this.#state === 'closed') return;
    this.#markLocalEnd();
    // A pending invite/accept holds the server's queue: the hangup would wait behind it.
    if (this.#setup !== undefined || this.#state === 'connecting') {
      this.terminate();
      return;
    }
    const spec: WaitSpec<undefined> = {
      action: 'hangup',
      callId: this.callId,
      timeoutMs,
      signal: options.signal,
      judge: () => undefined,
      closed: () => ({ resolve: undefined }),
      onGiveUp: { closeAndResolve: undefined },
    };
    const waiter = this.#wait(spec);
    try {
      await this.#write(frame);
    } catch {
      // The socket went meanwhile: the waiter settles with the session's end.
    }
    if (this.#state === 'open') this.#state = 'closing';
    return waiter.promise;
  }

  async refer(
    caller: string,
    callee: string,
    options?: ReferOption,
    commandOptions: CommandOptions = {},
  ): Promise<AcAnswerEvent> {
    const frame = encodeRefer(caller, callee, options);
    // The server gives up after `options.timeout` s (30 by default); wait a little longer.
    const fallback = ((options?.timeout ?? 30) + 10) * 1000;
    const timeoutMs = requireCommandOptions(commandOptions, fallback, 'refer');
    this.#assertWritable('refer');
    const waiter = this.#wait(referSpec(this.callId, timeoutMs, commandOptions.signal));
    this.#referPending += 1;
    const done = () => {
      this.#referPending -= 1;
    };
    waiter.promise.then(done, done);
    this.#playbacks.replaceCurrent();
    this.#write(frame).catch((error: CallstreamError) => waiter.fail(error));
    return waiter.promise;
  }

  async mute(trackId?: string): Promise<void> {
    await this.#write(encodeMute('mute', trackId));
  }

  async unmute(trackId?: string): Promise<void> {
    await this.#write(encodeMute('unmute', trackId));
  }

  async history(speaker: string, text: string): Promise<void> {
    await this.#write(encodeHistory(speaker, text));
  }

  async pause(): Promise<void> {
    await this.#write(encodeBare('pause'));
  }

  async resume(): Promise<void> {
    await this.#write(encodeBare('resume'));
  }

  async sendAudio(data: ArrayBuffer | ArrayBufferView): Promise<void> {
    if (this.type !== 'websocket') {
      throw acError(
        'unsupported',
        `sendAudio: only /call (websocket) sessions carry audio on the socket; call ${this.callId} is ${this.type}`,
        { callId: this.callId },
      );
    }
    if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) {
      throw acError('invalid-argument', 'sendAudio: data must be an ArrayBuffer or a typed array');
    }
    if (data.byteLength === 0 || data.byteLength > MAX_AUDIO_BYTES) {
      throw acError(
        'invalid-argument',
        `sendAudio: a frame must hold 1 to ${MAX_AUDIO_BYTES} bytes (got ${data.byteLength})`,
      );
    }
    await this.#write(data);
  }

  async sendRaw(frame: {
    readonly command: string;
    readonly [field: string]: unknown;
  }): Promise<void> {
    const object = requirePlainObject(frame, 'sendRaw frame');
    if (typeof object.command !== 'string' || object.command === '') {
      throw acError('invalid-argument', 'sendRaw: the frame needs a non-empty string "command"');
    }
    let copy: CommandFrame;
    try {
      copy = JSON.parse(JSON.stringify(object)) as CommandFrame;
    } catch (cause) {
      throw acError('invalid-argument', 'sendRaw: the frame must be JSON-serialisable', { cause });
    }
    await this.#write(copy);
  }

  close(): void {
    if (this.#state === 'closed') return;
    this.#markLocalEnd();
    this.terminate();
  }

  // ---- internals ---------------------------------------------------------------------------

  #markLocalEnd(): void {
    this.#localEnd = true;
    this.#playbacks.hungUp();
    this.#hooks.localEnd(this);
  }

  #wait<T>(spec: WaitSpec<T>): Waiter<T> {
    const waiter: Waiter<T> = new Waiter(
      spec,
      () => this.terminate(),
      (done) => this.#waiters.delete(done as Waiter<unknown>),
    );
    this.#waiters.add(waiter as Waiter<unknown>);
    return waiter;
  }

  #notConnected(what: string): CallstreamError {
    return acError(
      'not-connected',
      `${what}: the session of call ${this.callId} is ${this.#state}`,
      {
        callId: this.callId,
        action: what,
      },
    );
  }

  #assertWritable(what: string): void {
    if (this.#state === 'closing' || this.#state === 'closed') throw this.#notConnected(what);
  }

  #write(data: Outgoing): Promise<void> {
    const what = isFrame(data) ? data.command : 'audio';
    if (this.#state === 'closing' || this.#state === 'closed') {
      return Promise.reject(this.#notConnected(what));
    }
    if (this.#state === 'connecting') {
      if (this.#outbox.length >= MAX_QUEUED) {
        return Promise.reject(
          acError(
            'backpressure',
            `${what}: ${MAX_QUEUED} commands already wait for the socket of call ${this.callId}`,
            { callId: this.callId, action: what },
          ),
        );
      }
      return new Promise((resolve, reject) => this.#outbox.push({ data, resolve, reject }));
    }
    try {
      this.#transmit(data);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(this.#wrap(error, what));
    }
  }

  #transmit(data: Outgoing): void {
    const connection = this.#connection;
    if (!connection) throw this.#notConnected(isFrame(data) ? data.command : 'audio');
    if (isFrame(data)) {
      this.#settings.logger.debug('active-call frame sent', {
        callId: this.callId,
        frame: data,
      });
      if (this.#hooks.credentialSent && holdsSecret(data)) this.#hooks.credentialSent();
      connection.send(data);
    } else {
      connection.sendBinary(data);
    }
  }

  #wrap(error: unknown, action: string): CallstreamError {
    const typed = fromTransportError(error);
    return acError(typed.code, typed.message, { callId: this.callId, action, cause: error });
  }

  #opened(connection: Connection): void {
    if (this.#state !== 'connecting') return;
    this.#connection = connection;
    this.#state = 'open';
    connection.messages$.subscribe((frame) => this.#onFrame(frame));
    connection.binary$.subscribe((data) => this.#onBinary(data));
    connection.errors$.subscribe((error) =>
      this.#hooks.problem(
        acError('malformed-frame', `call ${this.callId}: ${error.message}`, {
          callId: this.callId,
          cause: error,
        }),
      ),
    );
    const queued = this.#outbox;
    this.#outbox = [];
    for (const entry of queued) {
      try {
        this.#transmit(entry.data);
        entry.resolve();
      } catch (error) {
        entry.reject(this.#wrap(error, isFrame(entry.data) ? entry.data.command : 'audio'));
      }
    }
  }

  #onFrame(frame: Readonly<Record<string, unknown>>): void {
    // The transport parsed this object for this session alone: it becomes the event itself.
    const event = decodeOwnedFrame(frame as Record<string, unknown>);
    if (typeof event === 'string') {
      this.#hooks.problem(
        acError('malformed-frame', `call ${this.callId}: skipped an event: ${event}`, {
          callId: this.callId,
        }),
      );
      return;
    }
    this.#hooks.event(this, event, this.#reportable(event));
    // A copy, as a waiter that settles leaves the set; most frames find it empty.
    if (this.#waiters.size > 0) for (const waiter of [...this.#waiters]) waiter.offer(event);
    this.#playbacks.onEvent(event);
    // rxjs' Subject.next allocates a closure per call even with nobody subscribed.
    if (this.#events.observed) this.#events.next(event);
  }

  /** Whether an `error` event belongs on errors$ (not when a promise already carries it). */
  #reportable(event: ActiveCallEvent): boolean {
    if (event.event !== 'error' || isUnknownEvent(event)) return true;
    const sender = typeof event.sender === 'string' ? event.sender : '';
    if (SETUP_SENDERS.has(sender)) return false;
    if (sender !== 'command') return true;
    return this.#setup === undefined && !this.#setupFailed && this.#referPending === 0;
  }

  #onBinary(data: ArrayBuffer | Uint8Array): void {
    const frame = parseAudioFrame(data, this.#audioMode);
    if (typeof frame !== 'string') {
      this.#audio.next(frame);
      return;
    }
    // Reported once per session: a stream of unexpected frames must not flood errors$.
    if (this.#binaryProblemReported) return;
    this.#binaryProblemReported = true;
    this.#hooks.problem(
      acError(
        'malformed-frame',
        `call ${this.callId}: ${frame} (further ones are dropped silently)`,
        {
          callId: this.callId,
        },
      ),
    );
  }

  #socketFailed(error: unknown): void {
    const typed = this.#wrap(error, 'socket');
    if (error instanceof TransportError && error.code === 'closed' && error.closeCode === 1000) {
      this.#finish({
        by: 'server',
        code: 1000,
        ...(error.closeReason ? { reason: error.closeReason } : {}),
      });
      return;
    }
    const closeCode = error instanceof TransportError ? error.closeCode : undefined;
    const closeReason = error instanceof TransportError ? error.closeReason : undefined;
    this.#finish({
      by: 'network',
      error: typed,
      ...(closeCode === undefined ? {} : { code: closeCode }),
      ...(closeReason ? { reason: closeReason } : {}),
    });
  }

  #finish(closure: SessionClosure): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#connection = undefined;
    this.#subscription = undefined;
    if (this.#lingerTimer !== undefined) clearTimeout(this.#lingerTimer);
    this.#lingerTimer = undefined;
    const queued = this.#outbox;
    this.#outbox = [];
    for (const entry of queued) {
      entry.reject(
        closure.error ?? this.#notConnected(isFrame(entry.data) ? entry.data.command : 'audio'),
      );
    }
    this.#hooks.closed(this, closure);
    for (const waiter of [...this.#waiters]) waiter.end(closure);
    this.#playbacks.ended();
    this.#events.complete();
    this.#audio.complete();
    this.#resolveClosed(closure);
  }
}

function isFrame(data: Outgoing): data is CommandFrame {
  return !(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data);
}
