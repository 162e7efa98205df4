import type { SessionEnd } from './hangupReason';

/**
 * A command that parsed but failed while executing: reported as
 * `{"event":"error","sender":"command","error":<message>}`; with `end`, the session then ends.
 */
export class CommandFailure extends Error {
  /** How the session ends after the error, when the failure is fatal (call set-up). */
  readonly end: SessionEnd | undefined;

  constructor(message: string, end?: SessionEnd) {
    super(message);
    this.name = 'CommandFailure';
    this.end = end;
  }
}
