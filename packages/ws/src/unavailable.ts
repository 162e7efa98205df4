import { WebSocketUnavailableError } from './errors';
import type { WebSocketConstructor } from './types';

/**
 * Stands in for the missing global. Importing must not throw (a module graph shared with
 * server-side rendering would break before any socket is wanted), so the failure is deferred
 * to the first `new`, where it is a typed, actionable error. It has the statics and prototype
 * methods of a real constructor so that structural checks of injected constructors pass it
 * through to that `new`, instead of blaming an option the user never set.
 */
class UnavailableWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  constructor(_url: string | URL, _protocols?: string | string[]) {
    throw new WebSocketUnavailableError();
  }

  send(_data: unknown): void {
    throw new WebSocketUnavailableError();
  }

  close(_code?: number, _reason?: string): void {
    throw new WebSocketUnavailableError();
  }
}

/**
 * The constructor exported where the runtime has no WebSocket; every `new` throws. The cast is
 * sound in practice: no instance can ever exist, so no caller can observe a missing member.
 */
export const unavailableWebSocket = UnavailableWebSocket as unknown as WebSocketConstructor;
