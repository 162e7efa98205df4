import type { WebSocketLike } from '@callstream/ws';
import type { TransportError } from './errors';
import type { Multicast } from './multicast';
import type { Payload, SendQueue } from './sendQueue';
import type { Connection, JsonObject } from './types';

/** What a {@link Connection} is made of; the owning session keeps the lifecycle. */
export interface ConnectionParts {
  id: number;
  socket: WebSocketLike;
  queue: SendQueue;
  messages: Multicast<JsonObject>;
  binary: Multicast<ArrayBuffer | Uint8Array>;
  errors: Multicast<TransportError>;
  /** Throws `not-open` unless the socket is open. */
  assertOpen(): void;
  close(code: number, reason: string): void;
}

/** The user-facing view of one open socket: read-only streams and guarded sends. */
export function createConnection(parts: ConnectionParts): Connection {
  const { socket, queue, assertOpen } = parts;
  return {
    id: parts.id,
    messages$: parts.messages.observable,
    binary$: parts.binary.observable,
    errors$: parts.errors.observable,
    send(frame: JsonObject): void {
      assertOpen();
      const text: unknown = JSON.stringify(frame);
      if (typeof text !== 'string') throw new TypeError('send() needs a JSON object.');
      queue.send(text);
    },
    sendBinary(data: ArrayBuffer | ArrayBufferView): void {
      assertOpen();
      queue.send(data as Payload);
    },
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    get queuedFrames() {
      return queue.length;
    },
    get discardedFrames() {
      return queue.discarded;
    },
    close(code = 1000, reason = ''): void {
      parts.close(code, reason);
    },
  };
}
