/**
 * Named one-shot timers, so every timer the client starts can be found, replaced and cleared
 * (on close nothing is left behind).
 */
export class Timers {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Starts (or restarts) the timer `name`. */
  set(name: string, delayMs: number, run: () => void): void {
    this.clear(name);
    this.timers.set(
      name,
      setTimeout(
        () => {
          this.timers.delete(name);
          run();
        },
        Math.max(0, delayMs),
      ),
    );
  }

  /** Stops the timer `name` if it is pending. */
  clear(name: string): void {
    const timer = this.timers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(name);
  }

  /** Stops every timer whose name starts with `prefix` (all when omitted). */
  clearAll(prefix = ''): void {
    for (const name of [...this.timers.keys()]) {
      if (name.startsWith(prefix)) this.clear(name);
    }
  }
}
