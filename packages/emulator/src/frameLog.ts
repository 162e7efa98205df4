import { EmulatorError } from './errors';
import { realTimeout } from './timers';
import type { ClientFilter, ReceivedFrame } from './types';

/** Oldest frames are forgotten past this count, so long runs do not grow without bound. */
export const FRAME_LOG_LIMIT = 50_000;

function matches(record: ReceivedFrame, filter: ClientFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.sessionId !== undefined && filter.sessionId !== record.sessionId) return false;
  if (filter.clientId !== undefined && filter.clientId !== record.clientId) return false;
  if (filter.appId !== undefined && filter.appId !== record.appId) return false;
  return true;
}

/** Keeps frames for inspection, with a live tap and waiters. */
export class FrameLog {
  #frames: ReceivedFrame[] = [];
  readonly #listeners = new Set<(frame: ReceivedFrame) => void>();
  readonly #waiters = new Set<(error: EmulatorError) => void>();

  record(frame: ReceivedFrame): void {
    this.#frames.push(frame);
    if (this.#frames.length > FRAME_LOG_LIMIT) {
      this.#frames = this.#frames.slice(-Math.floor(FRAME_LOG_LIMIT * 0.9));
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(frame);
      } catch {
        // A faulty tap must not break frame handling.
      }
    }
  }

  list(filter?: ClientFilter): ReceivedFrame[] {
    return this.#frames.filter((frame) => matches(frame, filter));
  }

  subscribe(listener: (frame: ReceivedFrame) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  wait(predicate: (frame: ReceivedFrame) => boolean, timeoutMs: number): Promise<ReceivedFrame> {
    const past = this.#frames.find(predicate);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        unsubscribe();
        cancel();
        this.#waiters.delete(fail);
      };
      const fail = (error: EmulatorError): void => {
        finish();
        reject(error);
      };
      const unsubscribe = this.subscribe((frame) => {
        if (!predicate(frame)) return;
        finish();
        resolve(frame);
      });
      const cancel = realTimeout(timeoutMs, () =>
        fail(new EmulatorError('TIMEOUT', `no matching frame within ${timeoutMs} ms`)),
      );
      this.#waiters.add(fail);
    });
  }

  /** Rejects every pending wait (emulator closing). */
  abortWaits(): void {
    for (const fail of [...this.#waiters]) {
      fail(new EmulatorError('CLOSED', 'the emulator was closed'));
    }
  }
}
