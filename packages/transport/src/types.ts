import type { Observable } from 'rxjs';
import type { TransportError } from './errors';

/** A decoded text frame: always a plain JSON object (never an array, `null` or a primitive). */
export type JsonObject = { [key: string]: unknown };

/**
 * The life of one socket, reported through `SocketOptions.onState`. Each value is a real
 * transition; `closed` is always the last one.
 */
export type SocketState =
  | {
      /** The socket is being opened. */
      status: 'connecting';
      /** The URL without credentials or query string. */
      url: string;
    }
  | {
      /** The socket is open. */
      status: 'open';
      /** The {@link Connection.id} of this socket. */
      connectionId: number;
    }
  | {
      /** A close was requested. */
      status: 'closing';
      /** Close code sent. */
      code: number;
      /** Close reason sent. */
      reason: string;
    }
  | {
      /** The socket is gone; always the last state. */
      status: 'closed';
      /** Close code received, when there was a close frame. */
      code?: number;
      /** Close reason received, when there was one. */
      reason?: string;
      /** Whether the close handshake completed. */
      wasClean: boolean;
      /** Why the socket ended, unless the subscriber asked for it. */
      error?: TransportError;
    };

/**
 * One open socket, emitted by `openSocket` when it opens. Everything on it stops working once
 * the socket closes: the streams complete and `send()` throws `not-open`.
 */
export interface Connection {
  /** Process-unique and increasing: a later connection has a larger id. */
  readonly id: number;
  /**
   * Hot stream of the text frames that decoded to a JSON object, in arrival order. Completes
   * when the socket closes. Subscribe synchronously when the Connection is emitted to see the
   * first frame: nothing is buffered for late subscribers.
   */
  readonly messages$: Observable<JsonObject>;
  /** Hot stream of binary frames, unchanged (`ArrayBuffer`, or a `Uint8Array`/`Buffer`). */
  readonly binary$: Observable<ArrayBuffer | Uint8Array>;
  /**
   * Non-fatal problems that do not close the socket, today only `malformed-frame`.
   * Completes when the socket closes.
   */
  readonly errors$: Observable<TransportError>;
  /**
   * Sends `JSON.stringify(frame)` as a text frame, or queues it under backpressure (see
   * `BackpressureOptions`). Throws a `TransportError` with code `not-open` when the socket is
   * not open (frames are never buffered across sockets) or `backpressure` when refused.
   */
  send(frame: JsonObject): void;
  /** Sends a binary frame, with the same queueing and errors as {@link Connection.send}. */
  sendBinary(data: ArrayBuffer | ArrayBufferView): void;
  /** Bytes accepted by the socket but not yet written to the network. */
  readonly bufferedAmount: number;
  /** Frames waiting in the backpressure queue (not yet handed to the socket). */
  readonly queuedFrames: number;
  /**
   * Frames that were still queued when the socket closed and so were never sent. Zero unless
   * the socket closed under backpressure.
   */
  readonly discardedFrames: number;
  /**
   * Closes this socket (code 1000 unless given; 1000 or 3000–4999). The `openSocket`
   * observable then completes instead of erroring. Idempotent.
   */
  close(code?: number, reason?: string): void;
}
