import type { WebSocketLike } from '@callstream/ws';
import { TransportError } from './errors';
import type { ResolvedBackpressure } from './options';
import { type WriteBatch, writeBatchFor } from './writeBatch';

/** What a socket accepts in `send()`. */
export type Payload = string | ArrayBufferLike | ArrayBufferView;

/**
 * Writes frames to a socket while its `bufferedAmount` stays at or under the high-water mark;
 * above it, queues them in order (bounded) or refuses them, as configured. WebSocket has no
 * drain event, so a non-empty queue polls `bufferedAmount` on a short timer.
 */
export class SendQueue {
  #frames: Payload[] = [];
  #pollTimer: ReturnType<typeof setInterval> | undefined;
  #discardedCount = 0;
  readonly #socket: WebSocketLike;
  readonly #options: ResolvedBackpressure;
  readonly #batch: WriteBatch | undefined;

  constructor(socket: WebSocketLike, options: ResolvedBackpressure) {
    this.#socket = socket;
    this.#options = options;
    this.#batch = writeBatchFor(socket, options.highWaterMark);
  }

  /** Frames waiting to be handed to the socket. */
  get length(): number {
    return this.#frames.length;
  }

  /** Frames thrown away by {@link SendQueue.discard} over the life of this queue. */
  get discarded(): number {
    return this.#discardedCount;
  }

  /** Writes or queues one frame; throws `TransportError('backpressure')` when refused. */
  send(payload: Payload): void {
    const { highWaterMark, strategy, maxQueuedFrames } = this.#options;
    // Frames never overtake queued ones.
    if (this.#frames.length === 0 && this.#socket.bufferedAmount <= highWaterMark) {
      this.#write(payload);
      return;
    }
    if (strategy === 'reject') {
      throw new TransportError(
        'backpressure',
        `Send refused: ${this.#socket.bufferedAmount} bytes are buffered, above the high-water mark of ${highWaterMark} (strategy 'reject').`,
      );
    }
    if (this.#frames.length >= maxQueuedFrames) {
      throw new TransportError(
        'backpressure',
        `Send refused: the send queue is full (${maxQueuedFrames} frames) while ${this.#socket.bufferedAmount} bytes are buffered.`,
      );
    }
    this.#frames.push(payload);
    this.#pollTimer ??= setInterval(this.#flush, this.#options.pollIntervalMs);
  }

  /** Drops every queued frame (the socket is closing) and stops polling; returns how many. */
  discard(): number {
    const count = this.#frames.length;
    this.#discardedCount += count;
    this.#frames = [];
    this.#stopPolling();
    return count;
  }

  readonly #flush = (): void => {
    const { highWaterMark } = this.#options;
    let sent = 0;
    while (sent < this.#frames.length && this.#socket.bufferedAmount <= highWaterMark) {
      this.#write(this.#frames[sent] as Payload);
      sent += 1;
    }
    if (sent > 0) this.#frames.splice(0, sent);
    if (this.#frames.length === 0) this.#stopPolling();
  };

  #write(payload: Payload): void {
    if (this.#batch) this.#batch.send(this.#socket, payload);
    else this.#socket.send(payload);
  }

  #stopPolling(): void {
    if (this.#pollTimer !== undefined) clearInterval(this.#pollTimer);
    this.#pollTimer = undefined;
  }
}
