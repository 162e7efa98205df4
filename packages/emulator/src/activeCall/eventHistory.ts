import type { ReplayKind } from './types';

/** Where an event stands in a call's life: a replay of a lower phase is a late event. */
const PHASES: Readonly<Record<string, number>> = { ringing: 1, answer: 2, hangup: 3 };

/**
 * What a session keeps of the events it sent, for the `replayEvent` fault: the most recent
 * event, and the most recent event of each phase (`ringing`, `answer`, `hangup`). Four texts at
 * most, whatever the length of the call.
 */
export class EventHistory {
  #latest: string | undefined;
  readonly #byPhase = new Map<number, string>();
  #phase = 0;

  /** Records an event the session sent (`name` its `event` field, `text` its frame). */
  record(name: string, text: string): void {
    this.#latest = text;
    const phase = PHASES[name];
    if (phase === undefined) return;
    this.#byPhase.set(phase, text);
    this.#phase = Math.max(this.#phase, phase);
  }

  /**
   * The frame a replay of `kind` sends: the most recent event (`duplicate`), or the most recent
   * event of the latest phase before the call's current one (`earlier`: `ringing` after the
   * answer, the answer after the hangup). Undefined when there is none.
   */
  pick(kind: ReplayKind): string | undefined {
    if (kind === 'duplicate') return this.#latest;
    for (let phase = this.#phase - 1; phase > 0; phase -= 1) {
      const text = this.#byPhase.get(phase);
      if (text !== undefined) return text;
    }
    return undefined;
  }
}
