import { EmulatorError } from './errors';
import type { EmulatorLogger } from './logger';
import { realTimeout } from './timers';

const ignore = (): void => {};

/** The longest `outage()` an emulator takes, in ms (a longer one is surely a unit mistake). */
export const MAX_OUTAGE_MS = 600_000;

/** What an emulator's server does at each step of its life. */
export interface LifecycleSteps {
  /** Binds the port (the configured one, or the same one again) and starts taking connections. */
  bind(): Promise<void>;
  /** Drops everything like a crash: every socket cut, every call, timer and fault forgotten. */
  teardown(): Promise<void>;
  /** What `close()` does after the teardown (e.g. forget the logs). */
  finish(): Promise<void> | void;
  /** The error of an operation that came after `close()`. */
  closedError(): EmulatorError;
  readonly logger: EmulatorLogger;
  /** Prefix of the lifecycle log lines (`emulator`, `active-call emulator`). */
  readonly name: string;
}

/**
 * Listen, restart, outage and close of one emulator, run one at a time in call order, whatever
 * their outcome: a close queued behind a restart lets it finish (or give up) first, so the port
 * is closed once `close()` resolves, and nothing binds after it.
 */
export class ServerLifecycle {
  readonly #steps: LifecycleSteps;
  #tail: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;
  /** Ends an outage's wait early (close() does not wait out an outage). */
  #wake: (() => void) | undefined;

  constructor(steps: LifecycleSteps) {
    this.#steps = steps;
  }

  /** Whether `close()` was called. */
  get closing(): boolean {
    return this.#closing !== undefined;
  }

  /** Binds the port; rejects with `CLOSED` once `close()` was called. */
  listen(): Promise<void> {
    if (this.#closing) return Promise.reject(this.#steps.closedError());
    return this.#enqueue(() => this.#bind());
  }

  /** Drops everything like a crash, then listens again on the same port. */
  restart(): Promise<void> {
    return this.#down(0, 'restarting');
  }

  /**
   * Drops everything like a crash, stays unbound for `ms` (connections are refused) and, when
   * given, until `until` settles, then listens again on the same port with nothing of before.
   * Rejects with `INVALID_ARGUMENT` for an `ms` that is not a whole number from 0 to
   * {@link MAX_OUTAGE_MS}, or an `until` that is not a promise.
   */
  outage(ms: number, until?: PromiseLike<unknown>): Promise<void> {
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_OUTAGE_MS) {
      return Promise.reject(
        new EmulatorError(
          'INVALID_ARGUMENT',
          `outage: ms must be a whole number from 0 to ${MAX_OUTAGE_MS} (got ${String(ms)})`,
        ),
      );
    }
    if (until !== undefined && typeof (until as { then?: unknown })?.then !== 'function') {
      return Promise.reject(
        new EmulatorError('INVALID_ARGUMENT', 'outage: until must be a promise'),
      );
    }
    // Watched from now on: a rejection while the outage waits in the queue is not unhandled.
    const settled = until === undefined ? undefined : Promise.resolve(until).then(ignore, ignore);
    return this.#down(ms, 'down', settled);
  }

  /** Stops for good; idempotent. */
  close(): Promise<void> {
    this.#wake?.();
    this.#closing ??= this.#enqueue(async () => {
      await this.#steps.teardown();
      await this.#steps.finish();
      this.#steps.logger.info(`${this.#steps.name} closed`);
    });
    return this.#closing;
  }

  #down(ms: number, what: string, until?: PromiseLike<unknown>): Promise<void> {
    if (this.#closing) return Promise.reject(this.#steps.closedError());
    return this.#enqueue(async () => {
      if (this.#closing) throw this.#steps.closedError();
      this.#steps.logger.info(`${this.#steps.name} ${what}`, ms > 0 ? { ms } : undefined);
      await this.#steps.teardown();
      // A close() that came during the teardown ends the outage before it began.
      if ((ms > 0 || until !== undefined) && !this.#closing) await this.#wait(ms, until);
      await this.#bind();
    });
  }

  /** Resolves once `ms` passed and `until` settled, or at once when close() wakes it. */
  #wait(ms: number, until: PromiseLike<unknown> | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      let pending = until === undefined ? 1 : 2;
      const done = (): void => {
        pending -= 1;
        if (pending === 0) this.#wake?.();
      };
      const cancel = realTimeout(ms, done);
      until?.then(done, done);
      this.#wake = () => {
        this.#wake = undefined;
        cancel();
        resolve();
      };
    });
  }

  async #bind(): Promise<void> {
    // close() may have been called while this operation waited in the queue or was down.
    if (this.#closing) throw this.#steps.closedError();
    await this.#steps.bind();
  }

  /** Runs `operation` after every operation queued before it, whatever their outcome. */
  #enqueue(operation: () => Promise<void>): Promise<void> {
    const run = this.#tail.then(operation);
    this.#tail = run.catch(() => {});
    return run;
  }
}
