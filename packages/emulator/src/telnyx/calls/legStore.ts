import type { Leg } from './leg';

/**
 * Live legs by `call_control_id`, plus a bounded memory of ended ones so that a late command
 * gets 90018 ("already ended") rather than 90015 ("unknown"), and `GET /calls/{id}` still
 * answers `is_alive: false`.
 */
export class LegStore {
  readonly #live = new Map<string, Leg>();
  readonly #ended = new Map<string, Leg>();
  readonly #maxEnded: number;

  constructor(maxEnded: number) {
    this.#maxEnded = maxEnded;
  }

  add(leg: Leg): void {
    this.#live.set(leg.callControlId, leg);
  }

  /** A live or remembered ended leg. */
  get(callControlId: string): Leg | undefined {
    return this.#live.get(callControlId) ?? this.#ended.get(callControlId);
  }

  /** A live leg only. */
  live(callControlId: string): Leg | undefined {
    return this.#live.get(callControlId);
  }

  /** Moves a leg to the ended memory, forgetting the oldest ended leg beyond the cap. */
  retire(leg: Leg): void {
    if (!this.#live.delete(leg.callControlId)) return;
    this.#ended.set(leg.callControlId, leg);
    if (this.#ended.size > this.#maxEnded) {
      const oldest = this.#ended.keys().next().value;
      if (oldest !== undefined) this.#ended.delete(oldest);
    }
  }

  /** Live legs, oldest first. */
  all(): Leg[] {
    return [...this.#live.values()];
  }

  get size(): number {
    return this.#live.size;
  }

  clear(): void {
    this.#live.clear();
    this.#ended.clear();
  }
}
