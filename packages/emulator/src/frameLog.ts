import { delayProblem, isDelay } from './duration';
import { EmulatorError } from './errors';
import { realTimeout } from './timers';
import type { ClientFilter, ReceivedFrame } from './types';

/** Default number of frames kept; the oldest are forgotten past it. */
export const FRAME_LOG_LIMIT = 50_000;

/** Default number of bytes (wire size) kept; the oldest frames are forgotten past it. */
export const FRAME_LOG_BYTES = 16 * 1024 * 1024;

/** The fields a logged record may carry for {@link ClientFilter} matching. */
export interface LoggedFrame {
  readonly sessionId?: string;
  readonly clientId?: string;
  readonly appId?: string;
}

/** Caps of a {@link FrameLog}. */
export interface FrameLogLimits {
  /** Most frames kept. @default FRAME_LOG_LIMIT (50,000) */
  maxFrames: number;
  /** Most bytes kept (the sizes given to `record`). @default FRAME_LOG_BYTES (16 MiB) */
  maxBytes: number;
}

/** What a frame log holds now, and what it had to forget. */
export interface FrameLogStats {
  /** Frames kept. */
  frames: number;
  /** Bytes kept (wire size of the kept frames). */
  bytes: number;
  /** Frames forgotten since the log was created or cleared (oldest out, or too big to keep). */
  dropped: number;
  /** The frame cap. */
  maxFrames: number;
  /** The byte cap. */
  maxBytes: number;
}

interface Entry<T> {
  readonly record: T;
  readonly bytes: number;
}

function matches(record: LoggedFrame, filter: ClientFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.sessionId !== undefined && filter.sessionId !== record.sessionId) return false;
  if (filter.clientId !== undefined && filter.clientId !== record.clientId) return false;
  if (filter.appId !== undefined && filter.appId !== record.appId) return false;
  return true;
}

/** A record's size when the caller did not give one: the length of its JSON text. */
function estimateBytes(record: unknown): number {
  try {
    return JSON.stringify(record)?.length ?? 0;
  } catch {
    return 0;
  }
}

/**
 * Keeps received frames for inspection, with a live tap and waiters. Bounded by frame count and
 * by bytes: the oldest frames go first, and {@link FrameLog.stats} counts what was forgotten.
 * Backend-neutral: any record with optional `sessionId`/`clientId`/`appId` can be logged.
 */
export class FrameLog<T extends LoggedFrame = ReceivedFrame> {
  /**
   * Kept entries from `#head` on. Evicted slots are emptied at once (so their frames can be
   * collected) and the empty prefix is cut off from time to time.
   */
  #entries: (Entry<T> | undefined)[] = [];
  #head = 0;
  #bytes = 0;
  #dropped = 0;
  readonly #maxFrames: number;
  readonly #maxBytes: number;
  readonly #listeners = new Set<(frame: T) => void>();
  readonly #waiters = new Set<(error: EmulatorError) => void>();

  constructor(limits: Partial<FrameLogLimits> = {}) {
    this.#maxFrames = limits.maxFrames ?? FRAME_LOG_LIMIT;
    this.#maxBytes = limits.maxBytes ?? FRAME_LOG_BYTES;
  }

  /** Logs a frame of `bytes` (its wire size; estimated from its JSON when absent) and taps it. */
  record(frame: T, bytes: number = estimateBytes(frame)): void {
    if (bytes > this.#maxBytes) {
      // Keeping it would evict everything else and still break the cap.
      this.#dropped += 1;
    } else {
      this.#entries.push({ record: frame, bytes });
      this.#bytes += bytes;
      this.#evict();
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(frame);
      } catch {
        // A faulty tap must not break frame handling.
      }
    }
  }

  #evict(): void {
    while (this.#entries.length - this.#head > this.#maxFrames || this.#bytes > this.#maxBytes) {
      const oldest = this.#entries[this.#head];
      if (!oldest) break;
      this.#bytes -= oldest.bytes;
      this.#entries[this.#head] = undefined;
      this.#head += 1;
      this.#dropped += 1;
    }
    // Amortised O(1): the array is copied only once half of it is dead.
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /** The kept frames, oldest first, optionally filtered by sender. */
  list(filter?: ClientFilter): T[] {
    const result: T[] = [];
    for (let i = this.#head; i < this.#entries.length; i += 1) {
      const record = (this.#entries[i] as Entry<T>).record;
      if (matches(record, filter)) result.push(record);
    }
    return result;
  }

  /** Counts and caps. */
  stats(): FrameLogStats {
    return {
      frames: this.#entries.length - this.#head,
      bytes: this.#bytes,
      dropped: this.#dropped,
      maxFrames: this.#maxFrames,
      maxBytes: this.#maxBytes,
    };
  }

  /** Live tap on every recorded frame (kept or not); returns the unsubscribe function. */
  subscribe(listener: (frame: T) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * The first kept or future frame matching `predicate`; rejects with `TIMEOUT` after
   * `timeoutMs`, `CLOSED` on {@link FrameLog.abortWaits}, `INVALID_ARGUMENT` for a bad timeout.
   */
  wait(predicate: (frame: T) => boolean, timeoutMs: number): Promise<T> {
    if (!isDelay(timeoutMs)) {
      return Promise.reject(
        new EmulatorError('INVALID_ARGUMENT', delayProblem('waitForFrame: timeoutMs', timeoutMs)),
      );
    }
    for (let i = this.#head; i < this.#entries.length; i += 1) {
      const record = (this.#entries[i] as Entry<T>).record;
      if (predicate(record)) return Promise.resolve(record);
    }
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

  /** Forgets every frame and resets the counters (the emulator frees its log on close). */
  clear(): void {
    this.#entries = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#dropped = 0;
  }
}
