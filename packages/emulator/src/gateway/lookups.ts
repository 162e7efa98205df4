import type { CancelTimer } from '../timers';
import type { LookupOutcome } from '../types';

/** A lookup the CM holds while WebSocket sessions decide (§9.5). */
export interface HeldLookup {
  /** The inbound (B-leg) call id. */
  readonly callid: string;
  /** Looked-up DID, digits (the routing key). */
  readonly did: string;
  /** The DID as the gateway or the dialling leg gave it (`+` kept): the inbound call's `to`. */
  readonly number: string;
  /** Caller number. */
  readonly from: string;
  readonly pin: string;
  /** The A-leg, when this lookup comes from a loopback dial. */
  readonly aLegCallid: string | undefined;
  /** Sessions that got `call_incoming`. */
  readonly notified: Set<string>;
  readonly createdAt: number;
  /** Answers the gateway side; called exactly once. */
  readonly settle: (outcome: LookupOutcome) => void;
  cancelExpiry: CancelTimer;
}

/** Held lookups by callid. */
export class LookupStore {
  readonly #lookups = new Map<string, HeldLookup>();

  add(lookup: HeldLookup): void {
    this.#lookups.set(lookup.callid, lookup);
  }

  get(callid: string): HeldLookup | undefined {
    return this.#lookups.get(callid);
  }

  /** Removes and returns a lookup, stopping its expiry; undefined if it was already taken. */
  take(callid: string): HeldLookup | undefined {
    const lookup = this.#lookups.get(callid);
    if (!lookup) return undefined;
    this.#lookups.delete(callid);
    lookup.cancelExpiry();
    return lookup;
  }

  /** The lookup whose A-leg is `aLegCallid`, if any. */
  forALeg(aLegCallid: string): HeldLookup | undefined {
    for (const lookup of this.#lookups.values()) {
      if (lookup.aLegCallid === aLegCallid) return lookup;
    }
    return undefined;
  }

  all(): HeldLookup[] {
    return [...this.#lookups.values()];
  }

  get size(): number {
    return this.#lookups.size;
  }
}
