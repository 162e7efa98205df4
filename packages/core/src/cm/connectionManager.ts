import {
  type Connection,
  Multicast,
  openSocketUnchecked,
  retryWithBackoff,
} from '@callstream/transport';
import { Observable, type Subscription } from 'rxjs';
import { connectAttempt } from '../engine/connectAttempt';
import { PendingRequests } from '../engine/pendingRequests';
import type { ClientState } from '../engine/state';
import { fromTransportError } from '../engine/transportErrors';
import {
  type CallstreamError,
  ClosedError,
  ConnectionError,
  createError,
  TimeoutError,
} from '../errors';
import { insecureTransportWarning } from '../transportSecurity';
import { requireTimeout } from '../validation';
import { startHeartbeat } from './heartbeat';
import type { ResolvedOptions } from './options';
import { classifyFrame } from './protocol/decode';
import type { EncodedCommand } from './protocol/encode';
import type { WireObject, WireRegister } from './protocol/wire';
import { type Registered, runSession } from './session';

/** What the connection manager tells the client about. */
export interface ConnectionEvents {
  /** The register frame for the next handshake. */
  register(): WireRegister;
  /** An event frame (anything that is not a reply) from the registered connection. */
  onEvent(frame: WireObject): void;
  /** A registered connection ended (pending commands have already failed). */
  onDisconnected(error: CallstreamError): void;
  /** A connection registered; `reconnects` is 0 for the first one. */
  onConnected(sessionId: string, reconnects: number): void;
  /** Reconnecting gave up (with its error), or close() was called: nothing comes back without connect(). */
  onStopped(error?: CallstreamError): void;
  /** Non-fatal problems for `errors$`. */
  onError(error: CallstreamError): void;
  /** A reply for a command that already timed out or was aborted. */
  onLateReply(frame: WireObject): void;
  /** The heartbeat command (changes nothing on the server), or undefined to skip this beat. */
  heartbeat(): EncodedCommand | undefined;
}

/** How a command is sent: its reply options, and a hook for the moment it left. */
export interface SendOptions {
  /** Reply timeout; the client's `commandTimeoutMs` when undefined. */
  readonly timeoutMs?: number | undefined;
  /** Gives up waiting when aborted. */
  readonly signal?: AbortSignal | undefined;
  /** Called once the frame was handed to the socket (not when sending failed or was refused). */
  readonly onSent?: (() => void) | undefined;
}

/**
 * Owns the socket's life: connect (one overall timeout for open + greeting + register), the
 * reconnect loop (transport backoff; only after a connection was established), the pending
 * command registry, and close. At most one socket exists at a time: the previous one and its
 * timers are gone before the next attempt starts (fixing the Go SDK's W3). Its state lives in
 * true private fields: the options hold the auth token, and nothing may show it.
 */
export class ConnectionManager {
  #current: ClientState = { status: 'idle' };
  /** Replays the current state to each new subscriber, like a `BehaviorSubject` (without its weight in a browser bundle). */
  readonly #state = new Multicast<ClientState>(() => this.#current);
  readonly #pending = new PendingRequests<WireObject>();
  readonly #options: ResolvedOptions;
  readonly #events: ConnectionEvents;
  #subscription: Subscription | undefined;
  #connection: Connection | undefined;
  #reconnects = -1;
  #warnedInsecure = false;

  /** Current state, then every transition (setState is only called on real ones). */
  readonly state$: Observable<ClientState> = this.#state.observable;

  constructor(options: ResolvedOptions, events: ConnectionEvents) {
    this.#options = options;
    this.#events = events;
  }

  /** The latest state. */
  get current(): ClientState {
    return this.#current;
  }

  /**
   * Connects and registers. Resolves with the session id; rejects with a typed error (the first
   * connection is not retried). While already connecting or connected, joins that attempt.
   */
  connect(): Promise<{ sessionId: string }> {
    const { status } = this.#current;
    if (status === 'connected') return Promise.resolve({ sessionId: this.#current.sessionId });
    if (status === 'connecting' || status === 'reconnecting') return this.#nextConnected();

    this.#warnIfInsecure();
    this.#reconnects = -1;
    this.#setState({ status: 'connecting', attempt: 1 });
    const result = this.#nextConnected();
    try {
      this.#subscription = this.#connectLoop().subscribe({
        next: ({ sessionId }) => {
          this.#reconnects += 1;
          this.#options.logger.info('connected', { sessionId, reconnects: this.#reconnects });
          this.#setState({ status: 'connected', sessionId, reconnects: this.#reconnects });
          this.#events.onConnected(sessionId, this.#reconnects);
        },
        error: (error: unknown) => this.#stop(fromTransportError(error)),
      });
    } catch (error) {
      // Nothing above should throw (options were checked up front), but if it does, state$ must
      // not stay `connecting`: the attempt ends as closed, with the error, like any failure.
      this.#stop(fromTransportError(error));
    }
    return result;
  }

  /** The first attempt, then (once a connection was established) reconnects per the policy. */
  #connectLoop(): Observable<Registered> {
    const policy = this.#options.reconnect;
    return this.#attempt().pipe(
      retryWithBackoff<Registered>({
        // Only an established connection is retried; the first connect() reports its failure.
        policy: (attempt, elapsedMs, reason) =>
          this.#reconnects >= 0 ? policy(attempt, elapsedMs, reason) : null,
        stableAfterMs: this.#options.stableAfterMs,
        onRetry: ({ attempt, delayMs, error }) => {
          if (attempt > 1) {
            this.#events.onError(
              createError(
                'reconnect-failed',
                `reconnect attempt ${attempt - 1} failed: ${describe(error)}`,
                { cause: error },
              ),
            );
          }
          this.#setState({ status: 'reconnecting', attempt, delayMs, error });
        },
      }),
    );
  }

  /** Once per client: a token about to travel unencrypted to another machine is worth a warning. */
  #warnIfInsecure(): void {
    if (this.#warnedInsecure) return;
    this.#warnedInsecure = true;
    const warning = insecureTransportWarning(this.#options.url, 'auth token');
    if (warning !== undefined) this.#options.logger.warn(warning);
  }

  /** Closes the socket and fails pending commands with `closed`. Idempotent. */
  close(): void {
    const wasActive = this.#subscription !== undefined;
    this.#pending.rejectAll(
      (requestId, action) =>
        new ClosedError('closed', `${action} failed: the client was closed`, { requestId, action }),
    );
    // Forget the connection first: tearing the pipeline down is not a "connection lost".
    this.#connection = undefined;
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
    if (wasActive || this.#current.status !== 'closed') this.#setState({ status: 'closed' });
    this.#events.onStopped();
  }

  /**
   * Sends a command and waits for its reply frame, which `onReply` judges and applies in the
   * frame handler itself (see {@link PendingRequests.wait}). Throws `not-connected` when there is
   * no registered connection (commands are never queued: `outbound` is not idempotent).
   */
  async send<T>(
    command: EncodedCommand,
    requestId: string,
    options: SendOptions,
    onReply: (frame: WireObject) => T,
  ): Promise<T> {
    const { action } = command;
    const timeoutMs =
      options.timeoutMs === undefined
        ? this.#options.commandTimeoutMs
        : requireTimeout(options.timeoutMs, `${action}: timeoutMs`, true);
    if (options.signal?.aborted) {
      throw createError('aborted', `${action} aborted before it was sent`, {
        requestId,
        action,
        cause: options.signal.reason,
      });
    }
    const connection = this.#requireConnection(action);
    const reply = this.#pending.wait(requestId, action, {
      timeoutMs,
      signal: options.signal,
      timeoutError: () =>
        new TimeoutError('command-timeout', `${action} got no reply within ${timeoutMs} ms`, {
          requestId,
          action,
        }),
      onReply,
    });
    const frame = { action, ...command.fields, request_id: requestId };
    this.#options.logger.debug('send', { frame });
    try {
      connection.send(frame);
    } catch (error) {
      this.#pending.fail(requestId, fromTransportError(error));
      return reply;
    }
    options.onSent?.();
    return reply;
  }

  #requireConnection(action: string): Connection {
    const state = this.#current;
    if (state.status === 'closed') {
      throw new ClosedError('closed', `${action} failed: the client is closed`, { action });
    }
    if (state.status !== 'connected' || !this.#connection) {
      throw new ConnectionError(
        'not-connected',
        `${action} failed: not connected (${state.status})`,
        { action },
      );
    }
    return this.#connection;
  }

  /**
   * One connection attempt: open, handshake, then route frames until the socket ends. Cold: each
   * subscription (each retry) reads the options and opens its own socket.
   */
  #attempt(): Observable<Registered> {
    return connectAttempt<Connection, Registered>({
      open: () => {
        const { url, connectTimeoutMs, keepAlive, WebSocket } = this.#options;
        // resolveOptions checked each of these when the client was created (its messages name
        // createClient's options), so the transport's own checks would only repeat them.
        return openSocketUnchecked({
          url,
          openTimeoutMs: connectTimeoutMs,
          keepAlive,
          ...(WebSocket ? { WebSocket } : {}),
        });
      },
      handshake: (connection) => this.#handshake(connection),
      firstWithinMs: this.#options.connectTimeoutMs,
      timeoutError: () =>
        new TimeoutError(
          'connect-timeout',
          `no registration within ${this.#options.connectTimeoutMs} ms (open + greeting + register)`,
        ),
      onFailure: (error) => {
        // One object for errors$, state$ and the retry policy alike.
        const failure = fromTransportError(error);
        this.#connectionEnded(failure);
        return failure;
      },
    });
  }

  #handshake(connection: Connection): Observable<Registered> {
    return new Observable<Registered>((subscriber) => {
      const session = runSession(connection, {
        register: () => {
          const frame = this.#events.register();
          this.#options.logger.debug('register', { frame });
          return frame;
        },
        onFrame: (frame) => this.#route(frame),
        onError: (error) => this.#events.onError(error),
      }).subscribe({
        next: (registered) => {
          this.#connection = connection;
          subscriber.next(registered);
          stopHeartbeat = this.#startHeartbeat((error) => subscriber.error(error));
        },
        error: (error: unknown) => subscriber.error(error),
      });
      let stopHeartbeat = () => {};
      return () => {
        stopHeartbeat();
        session.unsubscribe();
      };
    });
  }

  /** Browsers cannot ping: a command that changes nothing proves the link instead. */
  #startHeartbeat(onDead: (error: CallstreamError) => void): () => void {
    const { heartbeat } = this.#options;
    if (heartbeat === false) return () => {};
    let beats = 0;
    return startHeartbeat(
      heartbeat,
      (timeoutMs) => {
        const command = this.#events.heartbeat();
        if (!command) return false;
        beats += 1;
        return this.send(command, `${command.action}_heartbeat_${beats}`, { timeoutMs }, () => {});
      },
      onDead,
    );
  }

  /** Replies go to their waiting command; late replies are dropped; the rest are events. */
  #route(frame: WireObject): void {
    if (classifyFrame(frame) !== 'reply') {
      this.#events.onEvent(frame);
      return;
    }
    const requestId = frame.request_id as string;
    if (this.#pending.settle(requestId, frame)) return;
    if (this.#pending.isExpired(requestId)) {
      this.#events.onLateReply(frame);
      return;
    }
    this.#options.logger.debug('reply for an unknown request discarded', { requestId });
  }

  /** A registered connection is gone (error, or the pipeline tore it down). */
  #connectionEnded(cause: CallstreamError): void {
    if (!this.#connection) return;
    this.#connection = undefined;
    this.#options.logger.warn('connection lost', { code: cause.code, message: cause.message });
    this.#pending.rejectAll((requestId, action) =>
      createError(
        'connection-lost',
        `${action} failed: connection lost before its reply (${cause.message})`,
        {
          requestId,
          action,
          cause,
        },
      ),
    );
    this.#events.onDisconnected(cause);
  }

  #stop(error: CallstreamError): void {
    this.#subscription = undefined;
    this.#setState({ status: 'closed', error });
    this.#events.onStopped(error);
  }

  #nextConnected(): Promise<{ sessionId: string }> {
    return new Promise((resolve, reject) => {
      const watcher = this.#state.observable.subscribe((state) => {
        if (state.status === 'connected') resolve({ sessionId: state.sessionId });
        else if (state.status === 'closed')
          reject(
            state.error ?? new ClosedError('closed', 'the client was closed before it connected'),
          );
        else return;
        queueMicrotask(() => watcher.unsubscribe());
      });
    });
  }

  #setState(state: ClientState): void {
    this.#current = state;
    this.#state.next(state);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
