import type { WebSocketLike } from '@callstream/ws';
import type { Subscriber } from 'rxjs';
import { createConnection } from './connection';
import { TransportError } from './errors';
import { binaryPayload, parseTextFrame, unsupportedPayload } from './frames';
import { type KeepAlive, startKeepAlive } from './keepAlive';
import { Multicast } from './multicast';
import type { ResolvedSocketOptions } from './options';
import { SendQueue } from './sendQueue';
import type { Connection, JsonObject, SocketState } from './types';

/** The close event fields that both browsers and `ws` provide. */
interface CloseEventLike {
  code?: number;
  reason?: string;
  wasClean?: boolean;
}

type Phase = 'connecting' | 'open' | 'closing' | 'closed';

let lastConnectionId = 0;

const LIVENESS_CLOSE_CODE = 4000;
const LIVENESS_CLOSE_REASON = 'liveness timeout';
const ignore = () => {};

/**
 * One socket from construction to close, driving one `openSocket` subscriber. Every exit path
 * (failure, requested close, unsubscribe) goes through {@link SocketSession.release}, which
 * clears every timer and listener.
 */
export class SocketSession {
  #phase: Phase = 'connecting';
  #socket: WebSocketLike | undefined;
  #openTimer: ReturnType<typeof setTimeout> | undefined;
  #keepAlive: KeepAlive | undefined;
  #queue: SendQueue | undefined;
  #connectionId = 0;
  /** An error event seen while open: the close event that follows reports it as its cause. */
  #errorEvent: unknown;
  #closeRequest: { code: number; reason: string } | undefined;
  readonly #messages = new Multicast<JsonObject>();
  readonly #binary = new Multicast<ArrayBuffer | Uint8Array>();
  readonly #frameErrors = new Multicast<TransportError>();
  /** The socket's `ws` event API when it has one (see {@link nodeEmitter}). */
  #emitter: NodeEmitter | undefined;
  readonly #options: ResolvedSocketOptions;
  readonly #subscriber: Subscriber<Connection>;

  constructor(options: ResolvedSocketOptions, subscriber: Subscriber<Connection>) {
    this.#options = options;
    this.#subscriber = subscriber;
  }

  /** Creates the socket. Called once, from the subscribe function. */
  start(): void {
    const options = this.#options;
    this.#report({ status: 'connecting', url: options.safeUrl });
    let socket: WebSocketLike;
    try {
      socket = new options.WebSocket(options.url, options.protocols);
    } catch (cause) {
      this.#fail(
        new TransportError(
          'connect-failed',
          `Could not create a WebSocket for ${options.safeUrl}.`,
          {
            cause,
          },
        ),
      );
      return;
    }
    this.#socket = socket;
    try {
      socket.binaryType = 'arraybuffer';
    } catch {
      // Implementations without binaryType hand out their own binary type; binaryPayload copes.
    }
    socket.onopen = this.#onOpen;
    this.#emitter = nodeEmitter(socket);
    if (this.#emitter) this.#emitter.on('message', this.#onNodeMessage);
    else socket.onmessage = this.#onMessage as (event: never) => void;
    socket.onclose = this.#onClose as (event: never) => void;
    socket.onerror = this.#onError as (event: never) => void;
    if (options.openTimeoutMs !== undefined) {
      const ms = options.openTimeoutMs;
      this.#openTimer = setTimeout(() => {
        this.#openTimer = undefined;
        this.#fail(
          new TransportError(
            'connect-timeout',
            `Socket to ${options.safeUrl} did not open within ${ms} ms.`,
          ),
        );
      }, ms);
    }
  }

  /** Teardown of the subscription: closes with 1000 unless the socket already ended. */
  dispose(): void {
    if (this.#phase === 'closed') return;
    const phase = this.#phase;
    const { code, reason } = this.#closeRequest ?? { code: 1000, reason: '' };
    if (phase === 'open') this.#report({ status: 'closing', code, reason });
    this.#release(phase === 'open' ? 'close' : 'abort');
    // The handshake finishes in the background without listeners, hence wasClean: false.
    this.#report(
      phase === 'connecting'
        ? closedState(undefined, undefined, false)
        : closedState(code, reason, false),
    );
  }

  readonly #onOpen = (): void => {
    const socket = this.#socket;
    if (this.#phase !== 'connecting' || socket === undefined) return;
    this.#clearOpenTimer();
    this.#phase = 'open';
    this.#connectionId = ++lastConnectionId;
    this.#queue = new SendQueue(socket, this.#options.backpressure);
    this.#keepAlive = startKeepAlive(socket, this.#options.keepAlive, this.#onLivenessTimeout);
    this.#report({ status: 'open', connectionId: this.#connectionId });
    const connection = createConnection({
      id: this.#connectionId,
      socket,
      queue: this.#queue,
      messages: this.#messages,
      binary: this.#binary,
      errors: this.#frameErrors,
      assertOpen: () => this.#assertOpen(),
      close: (code, reason) => this.#requestClose(code, reason),
    });
    // Last: the subscriber may unsubscribe from inside next().
    this.#subscriber.next(connection);
  };

  /** A frame through the standard `onmessage` (browsers, Deno, Node's global WebSocket, …). */
  readonly #onMessage = (event: { data: unknown }): void => {
    const { data } = event;
    if (typeof data === 'string') this.#receiveText(data);
    else this.#receiveBinary(data);
  };

  /**
   * A frame through `ws`'s own listener: `(data, isBinary)` with text as a Buffer. Skips the
   * `MessageEvent` that `ws`'s `onmessage` builds for every frame.
   */
  readonly #onNodeMessage = (data: unknown, isBinary?: boolean): void => {
    if (isBinary === true) this.#receiveBinary(data);
    else this.#receiveText(typeof data === 'string' ? data : String(data));
  };

  #receiveText(text: string): void {
    if (this.#phase !== 'open' && this.#phase !== 'closing') return;
    this.#keepAlive?.touch();
    const frame = parseTextFrame(text);
    if (frame instanceof TransportError) this.#frameErrors.next(frame);
    else this.#messages.next(frame);
  }

  #receiveBinary(data: unknown): void {
    if (this.#phase !== 'open' && this.#phase !== 'closing') return;
    this.#keepAlive?.touch();
    const payload = binaryPayload(data);
    if (payload === undefined) this.#frameErrors.next(unsupportedPayload(data));
    else this.#binary.next(payload);
  }

  readonly #onError = (event: unknown): void => {
    if (this.#phase === 'connecting') {
      this.#fail(
        new TransportError(
          'connect-failed',
          `Socket to ${this.#options.safeUrl} failed before it opened.`,
          {
            cause: event,
          },
        ),
      );
    } else {
      this.#errorEvent = event;
    }
  };

  readonly #onClose = (event: CloseEventLike): void => {
    const code = event.code;
    const reason = event.reason ?? '';
    const details = `(code ${code ?? 'unknown'}${reason === '' ? '' : `, reason ${JSON.stringify(reason)}`})`;
    if (this.#phase === 'connecting') {
      this.#fail(
        new TransportError(
          'connect-failed',
          `Socket to ${this.#options.safeUrl} closed before it opened ${details}.`,
          {
            cause: event,
            closeCode: code,
            closeReason: reason,
          },
        ),
      );
    } else if (this.#phase === 'open') {
      const lost = this.#queue?.length ?? 0;
      const dropped = lost > 0 ? ` ${lost} queued frames were discarded.` : '';
      this.#fail(
        new TransportError(
          'closed',
          `Socket ${this.#connectionId} to ${this.#options.safeUrl} closed ${details}.${dropped}`,
          {
            cause: this.#errorEvent ?? event,
            closeCode: code,
            closeReason: reason,
          },
        ),
      );
    } else if (this.#phase === 'closing') {
      this.#finish(closedState(code, reason, event.wasClean === true));
    }
  };

  readonly #onLivenessTimeout = (why: string): void => {
    const requested = this.#closeRequest;
    if (requested !== undefined) {
      // Asked to close and the peer went silent: the close is done as far as we are concerned.
      this.#finish(closedState(requested.code, requested.reason, false), 'terminate');
      return;
    }
    const lost = this.#queue?.length ?? 0;
    this.#fail(
      new TransportError(
        'liveness-timeout',
        `Socket ${this.#connectionId} to ${this.#options.safeUrl} terminated: ${why}.${lost > 0 ? ` ${lost} queued frames were discarded.` : ''}`,
      ),
      'terminate',
    );
  };

  #assertOpen(): void {
    // readyState too: a browser socket can be CLOSING before its close event is dispatched.
    if (this.#phase === 'open' && this.#socket?.readyState === this.#options.WebSocket.OPEN) return;
    const discarded = this.#queue?.discarded ?? 0;
    const note = discarded > 0 ? ` ${discarded} queued frames were discarded when it closed.` : '';
    const phase = this.#phase === 'open' ? 'closing' : this.#phase;
    throw new TransportError(
      'not-open',
      `Cannot send: socket ${this.#connectionId} is ${phase}.${note}`,
    );
  }

  #requestClose(code: number, reason: string): void {
    if (!(code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999))) {
      throw new TransportError(
        'invalid-options',
        `close() code must be 1000 or 3000–4999 (got ${code}).`,
      );
    }
    if (new TextEncoder().encode(reason).length > 123) {
      throw new TransportError(
        'invalid-options',
        'close() reason must be at most 123 bytes of UTF-8.',
      );
    }
    if (this.#phase !== 'open' || this.#socket === undefined) return;
    this.#phase = 'closing';
    this.#closeRequest = { code, reason };
    this.#queue?.discard();
    this.#report({ status: 'closing', code, reason });
    this.#socket.close(code, reason);
  }

  /** Ends with an error: releases everything, reports `closed`, errors the subscriber. */
  #fail(error: TransportError, closeWith: 'abort' | 'terminate' = 'abort'): void {
    if (this.#phase === 'closed') return;
    this.#release(closeWith);
    this.#report(closedState(error.closeCode, error.closeReason, false, error));
    this.#subscriber.error(error);
  }

  /** Ends a requested close: reports `closed` and completes the subscriber. */
  #finish(
    state: Extract<SocketState, { status: 'closed' }>,
    closeWith: 'none' | 'terminate' = 'none',
  ): void {
    if (this.#phase === 'closed') return;
    this.#release(closeWith);
    this.#report(state);
    this.#subscriber.complete();
  }

  /**
   * Clears every timer and listener, discards queued frames, completes the frame streams and
   * closes the socket the way the caller asks: `close` (1000, the peer gets a clean close),
   * `abort` (whatever state it is in), `terminate` (no handshake: the peer may be gone).
   */
  #release(closeWith: 'none' | 'close' | 'abort' | 'terminate'): void {
    this.#phase = 'closed';
    this.#clearOpenTimer();
    this.#keepAlive?.stop();
    this.#queue?.discard();
    const socket = this.#socket;
    if (socket !== undefined) {
      socket.onopen = null;
      socket.onmessage = null;
      this.#emitter?.off('message', this.#onNodeMessage);
      socket.onclose = null;
      // `ws` throws an unhandled 'error' when nobody listens, e.g. on an aborted handshake.
      socket.onerror = ignore;
      closeSocket(socket, closeWith);
    }
    this.#messages.complete();
    this.#binary.complete();
    this.#frameErrors.complete();
  }

  #clearOpenTimer(): void {
    if (this.#openTimer !== undefined) clearTimeout(this.#openTimer);
    this.#openTimer = undefined;
  }

  #report(state: SocketState): void {
    const onState = this.#options.onState;
    if (onState === undefined) return;
    try {
      onState(state);
    } catch (error) {
      // A throwing callback must not break the state machine; surface it like RxJS does.
      setTimeout(() => {
        throw error;
      });
    }
  }
}

/** The part of a `ws` socket's EventEmitter API the session uses for inbound frames. */
interface NodeEmitter {
  on(event: 'message', listener: (data: unknown, isBinary?: boolean) => void): unknown;
  off(event: 'message', listener: (data: unknown, isBinary?: boolean) => void): unknown;
}

/**
 * The socket's EventEmitter API when it is a `ws` socket (detected by capability: `on`, `off`
 * and `terminate`, which no standard WebSocket has), for the cheaper frame listener.
 */
function nodeEmitter(socket: WebSocketLike): NodeEmitter | undefined {
  const candidate = socket as unknown as Partial<NodeEmitter> & { terminate?: unknown };
  return typeof candidate.on === 'function' &&
    typeof candidate.off === 'function' &&
    typeof candidate.terminate === 'function'
    ? (candidate as NodeEmitter)
    : undefined;
}

function closeSocket(socket: WebSocketLike, how: 'none' | 'close' | 'abort' | 'terminate'): void {
  if (how === 'none') return;
  try {
    const terminate = (socket as { terminate?: () => void }).terminate;
    if (how === 'terminate' && typeof terminate === 'function') terminate.call(socket);
    else if (how === 'terminate') socket.close(LIVENESS_CLOSE_CODE, LIVENESS_CLOSE_REASON);
    else if (how === 'close') socket.close(1000);
    else socket.close();
  } catch {
    // Already closed or closing: nothing left to do.
  }
}

/** A `closed` state without `undefined`-valued keys (exactOptionalPropertyTypes). */
function closedState(
  code: number | undefined,
  reason: string | undefined,
  wasClean: boolean,
  error?: TransportError,
): Extract<SocketState, { status: 'closed' }> {
  const state: Extract<SocketState, { status: 'closed' }> = { status: 'closed', wasClean };
  if (code !== undefined) state.code = code;
  if (reason !== undefined) state.reason = reason;
  if (error !== undefined) state.error = error;
  return state;
}
