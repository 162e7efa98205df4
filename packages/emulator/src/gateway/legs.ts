import type { CancelTimer } from '../timers';
import type { EmulatorLeg, EmulatorLegState } from '../types';

/** A simulated call leg, as the gateway and the CM track it. */
export interface Leg {
  readonly callid: string;
  readonly direction: 'outbound' | 'inbound';
  appid: string;
  channel: string;
  uid: string;
  from: string;
  to: string;
  video: boolean;
  state: EmulatorLegState;
  bridged: boolean;
  /** Session that dialled (A) or accepted (B) the leg. */
  ownerSessionId: string;
  ownerClientId: string;
  peerCallid?: string;
  did?: string;
  /** The accepter gave its own `webhook_url`: events go there, not to the WebSocket (§11.4). */
  externalWebhook: boolean;
  createdAt: number;
  answeredAt?: number;
  /** Start of the current bridge segment, for `segment_billsec`. */
  bridgedAt?: number;
  /** Pending hang-up of a leg whose owner vanished; cancelled when the client comes back. */
  cancelOrphanTimer?: CancelTimer;
}

/** Live legs by callid, plus the `appid:channel:uid` key the CM also uses (§6.3). */
export class LegStore {
  readonly #legs = new Map<string, Leg>();

  add(leg: Leg): void {
    this.#legs.set(leg.callid, leg);
  }

  get(callid: string): Leg | undefined {
    return this.#legs.get(callid);
  }

  has(callid: string): boolean {
    return this.#legs.has(callid);
  }

  delete(callid: string): void {
    this.#legs.delete(callid);
  }

  /** The live (not ending) leg currently on `appid:channel:uid`. */
  byKey(appid: string, channel: string, uid: string): Leg | undefined {
    for (const leg of this.#legs.values()) {
      if (leg.state === 'ending') continue;
      if (leg.appid === appid && leg.channel === channel && leg.uid === uid) return leg;
    }
    return undefined;
  }

  /**
   * The leg a callid names: its own callid, or else a composite `appid:channel:uid` (what quirk
   * mode puts on A-leg hangups, §6.3) resolved to the live leg on that key.
   */
  find(callid: string): Leg | undefined {
    const byId = this.#legs.get(callid);
    if (byId) return byId;
    const parts = callid.split(':');
    if (parts.length !== 3) return undefined;
    const [appid = '', channel = '', uid = ''] = parts;
    return this.byKey(appid, channel, uid);
  }

  /** Legs owned by a session. */
  ownedBy(sessionId: string): Leg[] {
    return this.all().filter((leg) => leg.ownerSessionId === sessionId);
  }

  all(): Leg[] {
    return [...this.#legs.values()];
  }

  clear(): void {
    this.#legs.clear();
  }

  get size(): number {
    return this.#legs.size;
  }
}

/** The `appid:channel:uid` composite key (quirk-mode hangup callid, webhook routing). */
export function compositeKey(leg: Pick<Leg, 'appid' | 'channel' | 'uid'>): string {
  return `${leg.appid}:${leg.channel}:${leg.uid}`;
}

/** An immutable public snapshot of a leg. */
export function snapshotLeg(leg: Leg, ownerConnected: boolean): EmulatorLeg {
  const snapshot: EmulatorLeg = {
    callid: leg.callid,
    direction: leg.direction,
    appid: leg.appid,
    channel: leg.channel,
    uid: leg.uid,
    from: leg.from,
    to: leg.to,
    video: leg.video,
    state: leg.state,
    bridged: leg.bridged,
    clientId: leg.ownerClientId,
    sessionId: leg.ownerSessionId,
    ownerConnected,
    externalWebhook: leg.externalWebhook,
    createdAt: leg.createdAt,
  };
  if (leg.peerCallid !== undefined) snapshot.peerCallid = leg.peerCallid;
  if (leg.did !== undefined) snapshot.did = leg.did;
  if (leg.answeredAt !== undefined) snapshot.answeredAt = leg.answeredAt;
  return snapshot;
}
