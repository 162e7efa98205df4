import type { WebSocket } from 'ws';
import { MULTI_APPID } from './constants';
import type { CancelTimer } from './timers';
import type { ClientFilter } from './types';

/** Where a session is in its life: waiting for `register`, registered, or gone. */
export type SessionPhase = 'greeting' | 'registered' | 'closed';

/** One client WebSocket and what it registered. */
export class Session {
  /** Greeting `session_id`, fresh per socket. */
  readonly sessionId: string;
  /** The server side of the socket. */
  readonly ws: WebSocket;
  /** Accept time, ms since the epoch. */
  readonly connectedAt = Date.now();
  phase: SessionPhase = 'greeting';
  clientId: string | undefined;
  appId: string | undefined;
  /** Normalised subscription; empty = catch-all. */
  subscribed: string[] = [];
  /** Paused by the stall fault: nothing is read or sent. */
  stalled = false;
  /** A server ping is out and its pong has not come back. */
  awaitingPong = false;
  /** Cancels the register deadline. */
  cancelRegisterTimeout: CancelTimer | undefined;

  constructor(sessionId: string, ws: WebSocket) {
    this.sessionId = sessionId;
    this.ws = ws;
  }

  /** Registered with `appid: "MULTI"`. */
  get isMulti(): boolean {
    return this.appId === MULTI_APPID;
  }

  /** Registered and not closed. */
  get isLive(): boolean {
    return this.phase === 'registered';
  }

  /** Sends a JSON message; false when the socket cannot take it (closed, closing, stalled). */
  send(message: Record<string, unknown>): boolean {
    return this.sendText(JSON.stringify(message));
  }

  /** Sends a raw text frame; false when the socket cannot take it. */
  sendText(text: string): boolean {
    if (this.phase === 'closed' || this.stalled || this.ws.readyState !== this.ws.OPEN) {
      return false;
    }
    this.ws.send(text);
    return true;
  }

  /** Whether this session matches a client filter. */
  matches(filter: ClientFilter | undefined): boolean {
    if (this.phase === 'closed') return false;
    if (!filter) return true;
    if (filter.sessionId !== undefined && filter.sessionId !== this.sessionId) return false;
    if (filter.clientId !== undefined && filter.clientId !== this.clientId) return false;
    if (filter.appId !== undefined && filter.appId !== this.appId) return false;
    return true;
  }
}
