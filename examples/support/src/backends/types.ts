import type { CallControl } from '@callstream/core';
import type { EmulatorOptions } from '@callstream/emulator';

/** The backends the portable examples can run on. */
export type BackendName = 'cm' | 'telnyx';

/**
 * The outside world of an emulated backend: callers that call in, press keys and hang up. Self
 * tests and the demo drive programs with it; a real backend has none.
 */
export interface RemoteWorld {
  /**
   * A caller (`from`) calls this program; resolves once the call is on its way (its offer
   * arrives on `incoming$`, carrying `from`).
   */
  ringIn(from: string): Promise<void>;
  /** The remote party of `callId` presses `digits`. */
  pressDigits(callId: string, digits: string): Promise<void>;
  /** The remote party of `callId` hangs up. */
  hangup(callId: string): Promise<void>;
}

/** One backend, opened for a program: its client plus what the program needs around it. */
export interface BackendSession {
  /** Which backend. */
  readonly name: BackendName;
  /** The client, not connected yet. Portable programs use only its `CallControl` surface. */
  readonly client: CallControl;
  /** `emulator` when an embedded emulator was started, else `real`. */
  readonly source: 'emulator' | 'real';
  /** Where the client connects, for the log (never a secret). */
  readonly where: string;
  /** Caller id for outbound calls (throws `missing-config` when a real backend has none set). */
  readonly from: string;
  /**
   * The number to dial. On the emulator: a remote party that answers, then presses `digits`;
   * on a real backend: the configured number (someone there presses the digits).
   */
  dialTarget(digits: string): string;
  /**
   * The callers of an emulator. On a real backend `ringIn` calls the program's own number
   * (a loopback call) where the backend allows it, and pressing keys or hanging up for the
   * remote party fails with `emulator-required`.
   */
  readonly remote: RemoteWorld;
  /** Values to keep out of every printed line (tokens, keys). */
  readonly secrets: readonly string[];
  /** Stops the embedded emulator, if any (after the client was closed). Idempotent. */
  close(): Promise<void>;
}

/** What opening a backend needs from the program. */
export interface OpenOptions {
  /** The environment (real-backend settings). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The command line (`--fast`, `--quirks`, `--rtc-token`). */
  readonly argv: readonly string[];
  /** Timing of an embedded emulator when `--fast` is not given. */
  readonly timing?: EmulatorOptions['timing'];
  /** Client id prefix. */
  readonly clientId: string;
  /** Default command and connect timeout of the client. */
  readonly timeoutMs: number;
  /** Where human-readable notes go. */
  readonly log: (message: string) => void;
}

/** A backend the portable examples know how to open. */
export interface BackendProfile {
  /** Its name, as `--backend` takes it. */
  readonly name: BackendName;
  /** One line for `--help`. */
  readonly summary: string;
  /** Environment variables that point it at a real service instead of the embedded emulator. */
  readonly env: Readonly<Record<string, string>>;
  /** Opens it: a client plus, without real-service settings, an embedded emulator. */
  open(options: OpenOptions): Promise<BackendSession>;
}
