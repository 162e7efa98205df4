import { EmulatorError } from '../errors';
import { realTimeout } from '../timers';
import type { ReceivedCommandFrame } from './types';

/** Most frames kept; older ones are forgotten. */
export const AC_FRAME_LOG_LIMIT = 10_000;
/** Most frame bytes kept (by the size each frame had on the wire). */
export const AC_FRAME_LOG_BYTES = 16 * 1024 * 1024;
/** Raw text kept of a frame that is not JSON. */
export const AC_FRAME_TEXT_LIMIT = 4096;

const SECRET_KEY = /password|secret|token|apikey|api_key|credential/i;

/** A deep copy with every secret-looking field replaced, so the log can be printed safely. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 16) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? '[redacted]' : redactSecrets(field, depth + 1);
  }
  return copy;
}

interface Entry {
  frame: ReceivedCommandFrame;
  bytes: number;
}

interface Waiter {
  predicate: (frame: ReceivedCommandFrame) => boolean;
  resolve: (frame: ReceivedCommandFrame) => void;
  fail: (error: EmulatorError) => void;
}

/**
 * Every text frame sessions received, in arrival order, capped by count and bytes. Secrets in
 * parsed frames are redacted; frames that are not JSON keep their first 4 KiB of text.
 */
export class CommandFrameLog {
  #entries: Entry[] = [];
  #bytes = 0;
  /** Frames recorded since the log was made, however many were trimmed or cleared. */
  total = 0;
  readonly #waiters = new Set<Waiter>();

  /**
   * Records a text frame; `json` is its parsed value (`undefined` when it is not JSON) and
   * `accepted` says whether the server would execute it.
   */
  record(sessionId: string, text: string, json: unknown, accepted: boolean): void {
    const frame: ReceivedCommandFrame = { at: Date.now(), sessionId, accepted };
    if (json === undefined) frame.text = text.slice(0, AC_FRAME_TEXT_LIMIT);
    else frame.frame = redactSecrets(json);
    const bytes = Buffer.byteLength(text);
    this.total += 1;
    this.#entries.push({ frame, bytes });
    this.#bytes += bytes;
    this.#trim();
    for (const waiter of [...this.#waiters]) {
      let matched: boolean;
      try {
        matched = waiter.predicate(frame);
      } catch (error) {
        // A throwing predicate fails its own wait, never the socket that delivered the frame.
        waiter.fail(
          new EmulatorError('INVALID_ARGUMENT', `waitForFrame predicate threw: ${String(error)}`),
        );
        continue;
      }
      if (matched) waiter.resolve(structuredClone(frame));
    }
  }

  #trim(): void {
    let drop = 0;
    while (
      drop < this.#entries.length - 1 &&
      (this.#entries.length - drop > AC_FRAME_LOG_LIMIT || this.#bytes > AC_FRAME_LOG_BYTES)
    ) {
      this.#bytes -= this.#entries[drop]?.bytes ?? 0;
      drop += 1;
    }
    if (drop > 0) this.#entries = this.#entries.slice(drop);
  }

  /** Copies of the frames, oldest first, optionally of one session. */
  list(sessionId?: string): ReceivedCommandFrame[] {
    return this.#entries
      .map((entry) => entry.frame)
      .filter((frame) => sessionId === undefined || frame.sessionId === sessionId)
      .map((frame) => structuredClone(frame));
  }

  /** The first frame, past or future, that matches; rejects `TIMEOUT` or `CLOSED`. */
  wait(
    predicate: (frame: ReceivedCommandFrame) => boolean,
    timeoutMs: number,
  ): Promise<ReceivedCommandFrame> {
    let past: Entry | undefined;
    try {
      past = this.#entries.find((entry) => predicate(entry.frame));
    } catch (error) {
      return Promise.reject(
        new EmulatorError('INVALID_ARGUMENT', `waitForFrame predicate threw: ${String(error)}`),
      );
    }
    if (past) return Promise.resolve(structuredClone(past.frame));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (frame) => {
          done();
          resolve(frame);
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      const cancel = realTimeout(timeoutMs, () =>
        waiter.fail(new EmulatorError('TIMEOUT', `no matching frame within ${timeoutMs} ms`)),
      );
      const done = (): void => {
        cancel();
        this.#waiters.delete(waiter);
      };
      this.#waiters.add(waiter);
    });
  }

  /** Forgets every frame. */
  clear(): void {
    this.#entries = [];
    this.#bytes = 0;
  }

  /** Rejects every pending wait (emulator closing). */
  abortWaits(): void {
    for (const waiter of [...this.#waiters]) {
      waiter.fail(new EmulatorError('CLOSED', 'the emulator was closed'));
    }
  }
}
