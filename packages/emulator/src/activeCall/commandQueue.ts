import type { Command } from './commands';

/**
 * Executes a session's commands strictly one at a time, in arrival order: a command whose
 * execution waits (`invite`, `accept`, `refer`) holds back every later one.
 */
export class CommandQueue {
  readonly #execute: (command: Command) => Promise<void>;
  readonly #limit: number;
  #items: Command[] = [];
  #running = false;
  #cancelled = false;

  /** `execute` never rejects (it reports its own failures); `limit` caps waiting commands. */
  constructor(execute: (command: Command) => Promise<void>, limit: number) {
    this.#execute = execute;
    this.#limit = limit;
  }

  /** Queues a command; false when the session ended or the queue is full (it is dropped). */
  push(command: Command): boolean {
    if (this.#cancelled || this.#items.length >= this.#limit) return false;
    this.#items.push(command);
    if (!this.#running) void this.#drain();
    return true;
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#items.length > 0 && !this.#cancelled) {
      await this.#execute(this.#items.shift() as Command);
    }
    this.#running = false;
  }

  /** Drops every waiting command and refuses new ones (the session is ending). */
  cancel(): void {
    this.#cancelled = true;
    this.#items = [];
  }

  /** Commands waiting behind the one executing. */
  get waiting(): number {
    return this.#items.length;
  }
}
