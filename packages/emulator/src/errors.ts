/** Machine-readable reasons an emulator API call can fail. */
export type EmulatorErrorCode =
  /** An option passed to `startEmulator` is out of range or of the wrong type. */
  | 'INVALID_OPTIONS'
  /** A helper argument (scenario parameter, fault count, …) is invalid. */
  | 'INVALID_ARGUMENT'
  /** The HTTP/WS server could not listen (port taken, bad host). */
  | 'LISTEN_FAILED'
  /** The emulator was closed while the operation was pending. */
  | 'CLOSED'
  /** `waitForFrame` saw no matching frame in time. */
  | 'TIMEOUT';

/** Every error the emulator API throws or rejects with. */
export class EmulatorError extends Error {
  /** What went wrong, for programmatic checks. */
  readonly code: EmulatorErrorCode;

  /**
   * @param code - what went wrong
   * @param message - human-readable detail (never contains tokens)
   * @param options - `cause`: the underlying error, if any
   */
  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmulatorError';
    this.code = code;
  }
}
