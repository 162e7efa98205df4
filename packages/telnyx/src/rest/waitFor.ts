import type { CallstreamError } from '@callstream/core';
import { telnyxError } from '../codes';
import type { FailureContext } from './problem';

/** How long and until what a caller waits for a request. */
export interface WaitLimits {
  /** Give up after this many ms (`Infinity`: no limit). */
  readonly timeoutMs: number;
  /** Give up when it fires. */
  readonly signal?: AbortSignal | undefined;
}

/** A request's result as its caller sees it, plus whether the caller is still waiting. */
export interface Waiting<T> {
  /** Settles with the operation, or rejects `command-timeout` / `aborted` when the caller gives up. */
  readonly result: Promise<T>;
  /** False once the caller gave up (timeout or abort): retries should stop. */
  readonly wanted: () => boolean;
}

/**
 * Lets a caller stop waiting for an operation that keeps running (a dial whose answer comes
 * late is still tracked). Every timer and listener is released when either side settles.
 */
export function waitWithin<T>(
  start: (wanted: () => boolean) => Promise<T>,
  limits: WaitLimits,
  context: FailureContext,
): Waiting<T> {
  let waiting = true;
  const wanted = () => waiting;
  const details = {
    action: context.action,
    requestId: context.requestId,
    ...(context.callId === undefined ? {} : { callId: context.callId }),
  };
  const result = new Promise<T>((resolve, reject) => {
    const { signal, timeoutMs } = limits;
    const stop = (error: CallstreamError) => {
      if (!waiting) return;
      waiting = false;
      cleanup();
      reject(error);
    };
    const onAbort = () =>
      stop(
        telnyxError('aborted', `${context.action} aborted before Telnyx answered`, {
          ...details,
          cause: signal?.reason,
        }),
      );
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(
          () =>
            stop(
              telnyxError(
                'command-timeout',
                `${context.action}: no answer from Telnyx within ${timeoutMs} ms (the command may still run)`,
                details,
              ),
            ),
          timeoutMs,
        )
      : undefined;
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    start(wanted).then(
      (value) => {
        if (!waiting) return;
        waiting = false;
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        if (!waiting) return;
        waiting = false;
        cleanup();
        reject(error);
      },
    );
  });
  return { result, wanted };
}
