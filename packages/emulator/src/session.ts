import type { WebSocket } from 'ws';
import { MULTI_APPID } from './constants';
import { markServerClose } from './serverClose';
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
  /** Normalised subscription, in the order given; empty = catch-all. */
  #subscribed: readonly string[] = [];
  /** The same numbers as a set: eligibility is checked per lookup, for every session. */
  #subscribedSet: ReadonlySet<string> = new Set();
  /** Paused by the stall fault: nothing is read or sent. */
  stalled = false;
  /** A server ping is out and its pong has not come back. */
  awaitingPong = false;
  /** Cancels the register deadline. */
  cancelRegisterTimeout: CancelTimer | undefined;
  /** The peer's IP address, for the per-IP session cap. */
  readonly remoteAddress: string;
  /** Bytes that may wait in the socket's send buffer before the client counts as gone. */
  readonly #maxSendBufferBytes: number;
  /** Called once when the socket is terminated as a slow consumer. */
  readonly #onOverflow: ((session: Session) => void) | undefined;

  /**
   * @param sessionId - the greeting's `session_id`
   * @param ws - the server side of the socket
   * @param options - `remoteAddress` (default ''), `maxSendBufferBytes` (default unlimited) and
   *   `onOverflow`, told when a client that stopped reading is terminated
   */
  constructor(
    sessionId: string,
    ws: WebSocket,
    options: {
      remoteAddress?: string;
      maxSendBufferBytes?: number;
      onOverflow?: (session: Session) => void;
    } = {},
  ) {
    this.sessionId = sessionId;
    this.ws = ws;
    this.remoteAddress = options.remoteAddress ?? '';
    this.#maxSendBufferBytes = options.maxSendBufferBytes ?? Number.POSITIVE_INFINITY;
    this.#onOverflow = options.onOverflow;
  }

  /** Normalised subscription, in the order given; empty = catch-all. */
  get subscribed(): readonly string[] {
    return this.#subscribed;
  }

  /** Replaces the subscription (normalised numbers). */
  set subscribed(numbers: readonly string[]) {
    this.#subscribed = [...numbers];
    this.#subscribedSet = new Set(numbers);
  }

  /** Whether the session subscribed to this (normalised) number; O(1). */
  isSubscribedTo(did: string): boolean {
    return this.#subscribedSet.has(did);
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

  /**
   * Sends a raw text frame; false when the socket cannot take it. A client whose unread data
   * would pass the send-buffer cap is terminated instead: the emulator keeps no unbounded queue.
   */
  sendText(text: string): boolean {
    if (this.phase === 'closed' || this.stalled || this.ws.readyState !== this.ws.OPEN) {
      return false;
    }
    if (this.ws.bufferedAmount + text.length > this.#maxSendBufferBytes) {
      markServerClose(this.ws);
      this.ws.terminate();
      this.#onOverflow?.(this);
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
