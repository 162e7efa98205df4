import type { Session } from './session';
import type { ClientFilter, WebsocketStatus } from './types';

/** Every open session, in connection order. */
export class SessionRegistry {
  readonly #sessions = new Map<string, Session>();
  /** Open sessions per remote address, for the per-IP cap. */
  readonly #perAddress = new Map<string, number>();

  add(session: Session): void {
    if (this.#sessions.has(session.sessionId)) return;
    this.#sessions.set(session.sessionId, session);
    const address = session.remoteAddress;
    this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
  }

  remove(session: Session): void {
    if (!this.#sessions.delete(session.sessionId)) return;
    const left = (this.#perAddress.get(session.remoteAddress) ?? 1) - 1;
    if (left > 0) this.#perAddress.set(session.remoteAddress, left);
    else this.#perAddress.delete(session.remoteAddress);
  }

  /** Open sessions (registered or not) from one remote address. */
  countFrom(address: string): number {
    return this.#perAddress.get(address) ?? 0;
  }

  get(sessionId: string): Session | undefined {
    return this.#sessions.get(sessionId);
  }

  /** Every open session (registered or not). */
  all(): Session[] {
    return [...this.#sessions.values()];
  }

  /** Registered sessions only. */
  live(): Session[] {
    return this.all().filter((session) => session.isLive);
  }

  /** Sessions matching a filter. */
  match(filter: ClientFilter | undefined): Session[] {
    return this.all().filter((session) => session.matches(filter));
  }

  /** The most recently registered live session with this `client_id` (reconnects replace older ones). */
  latestForClient(clientId: string): Session | undefined {
    let latest: Session | undefined;
    for (const session of this.#sessions.values()) {
      if (session.isLive && session.clientId === clientId) latest = session;
    }
    return latest;
  }

  /** Every number some live session subscribed to (normalised). */
  subscribedNumbers(): Set<string> {
    const numbers = new Set<string>();
    for (const session of this.#sessions.values()) {
      if (!session.isLive) continue;
      for (const number of session.subscribed) numbers.add(number);
    }
    return numbers;
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** The `websocket-status` body. */
  status(): WebsocketStatus {
    const clients = this.live().map((session) => ({
      client_id: session.clientId ?? '',
      subscribed_numbers: [...session.subscribed],
      appid: session.appId ?? '',
      session_id: session.sessionId,
      connected_at: Math.floor(session.connectedAt / 1000),
    }));
    return { client_count: clients.length, clients };
  }
}
