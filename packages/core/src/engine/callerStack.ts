/**
 * Re-points a timeout error's stack at the code awaiting it. A timeout is detected in a timer
 * callback, whose stack says nothing useful; called in the `catch` of an async function, V8's
 * async stack traces make the new stack end at the user's own line. Building the error lazily
 * (only when a timer fires) keeps the happy path free of stack captures. Engines without
 * `Error.captureStackTrace` keep the original stack.
 */
export function pointAtCaller<E>(error: E): E {
  const capture = (Error as { captureStackTrace?: (target: object) => void }).captureStackTrace;
  if (error instanceof Error && typeof capture === 'function') capture(error);
  return error;
}
