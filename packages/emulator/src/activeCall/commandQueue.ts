import type { Command } from './commands';

/**
 * Executes a session's commands strictly one at a time, in arrival order: a command whose
 * execution waits (`invite`, `accept`, `refer`) holds back every later one.
 */
export class CommandQueue {
  readonly #execute: (command: Command) => Promise<void> | undefined;
  readonly #limit: number;
  #items: Command[] = [];
  #running = false;
  #cancelled = false;

  /**
   * `execute` returns a promise only for a command that waits (and that promise never rejects:
   * it reports its own failures); `limit` caps the commands waiting behind it.
   */
  constructor(execute: (command: Command) => Promise<void> | undefined, limit: number) {
    this.#execute = execute;
    this.#limit = limit;
  }

  /** Queues a command; false when the session ended or the queue is full (it is dropped). */
  push(command: Command): boolean {
    if (this.#cancelled || this.#items.length >= this.#limit) return false;
    this.#items.push(command);
    if (!this.#running) this.#drain();
    return true;
  }

  /** Runs commands until one has to wait; the rest resume when it is done. */
  #drain(): void {
    while (this.#items.length > 0 && !this.#cancelled) {
      const waiting = this.#execute(this.#items.shift() as Command);
      if (waiting) {
        this.#running = true;
        void waiting.then(() => {
          this.#running = false;
          this.#drain();
        });
        return;
      }
    }
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
