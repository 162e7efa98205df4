import type { CallstreamError, CommandOptions } from '@callstream/core';
import { requireTimeout } from '@callstream/core/engine';
import { acError } from '../codes';
import { type CommandFrame, encodeHangup, type HangupParams } from '../protocol/commands';
import type { AcAnswerEvent, ActiveCallEvent } from '../protocol/events';
import type { SessionClosure, Verdict, WaitSpec } from './waiters';

/** The reason text of `reject` when `accept` finds no pending call (reference §3.2). */
export const NO_PENDING_CALL = 'no pending call';

/**
 * Checks a command's `{ signal, timeoutMs }` and returns the timeout to use. An already
 * aborted signal is refused here, before anything is sent.
 */
export function requireCommandOptions(
  options: CommandOptions,
  fallbackMs: number,
  action: string,
): number {
  if (typeof options !== 'object' || options === null) {
    throw acError('invalid-argument', `${action}: options must be an object`);
  }
  const { signal } = options;
  if (
    signal !== undefined &&
    (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')
  ) {
    throw acError('invalid-argument', `${action}: options.signal must be an AbortSignal`);
  }
  if (signal?.aborted) {
    throw acError('aborted', `${action} was aborted before it was sent`, {
      action,
      cause: signal.reason,
    });
  }
  if (options.timeoutMs === undefined) return fallbackMs;
  try {
    return requireTimeout(options.timeoutMs, `${action}: options.timeoutMs`, true);
  } catch (error) {
    throw acError('invalid-argument', (error as Error).message);
  }
}

/** `hangup` with its parameters checked. */
export function encodeHangupChecked(params: HangupParams): CommandFrame {
  return encodeHangup(params);
}

function isReferLeg(event: ActiveCallEvent): boolean {
  return event.refer === true;
}

function closedVerdict(
  action: string,
  callId: string,
  closure: SessionClosure,
  localEnd: boolean,
): { readonly reject: CallstreamError } {
  if (closure.error) {
    return {
      reject: acError(closure.error.code, `${action}: ${closure.error.message}`, {
        callId,
        action,
        cause: closure.error,
      }),
    };
  }
  const why =
    closure.by === 'server'
      ? 'the server ended the session before the answer'
      : localEnd
        ? 'this client hung up before the answer'
        : 'the session was closed before the answer';
  return { reject: acError('call-ended', `${action}: ${why}`, { callId, action }) };
}

/**
 * How `invite` and `accept` settle (reference §8.7, §12): the first `answer` (not a refer
 * leg's) resolves; `reject`, a set-up `error`, `hangup` or the socket's end reject, typed.
 */
export function setupSpec(
  action: string,
  callId: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  localEnd: () => boolean,
): WaitSpec<AcAnswerEvent> {
  return {
    action,
    callId,
    timeoutMs,
    signal,
    onGiveUp: 'close',
    judge(event): Verdict<AcAnswerEvent> {
      if ('unknown' in event && event.unknown === true) return undefined;
      if (isReferLeg(event)) return undefined;
      switch (event.event) {
        case 'answer':
          return { resolve: event as AcAnswerEvent };
        case 'reject': {
          const code = typeof event.code === 'number' ? event.code : undefined;
          const reason = String(event.reason);
          const details = {
            callId,
            action,
            serverError: reason,
            ...(code === undefined ? {} : { statusCode: code }),
          };
          if (action === 'accept' && reason === NO_PENDING_CALL) {
            return {
              reject: acError(
                'call-not-found',
                `accept: the server has no pending call ${callId} (it was taken, timed out or the caller hung up)`,
                details,
              ),
            };
          }
          return {
            reject: acError(
              'call-rejected',
              `${action}: the call was rejected${code === undefined ? '' : ` with ${code}`} (${reason})`,
              details,
            ),
          };
        }
        case 'error': {
          const sender = String(event.sender);
          if (!['invite', 'accept', 'ringing', 'command'].includes(sender)) return undefined;
          return {
            reject: acError('call-failed', `${action}: the server failed the call (${sender})`, {
              callId,
              action,
              serverError: String(event.error),
            }),
          };
        }
        case 'hangup':
          return {
            reject: acError('call-ended', `${action}: the call ended before it was answered`, {
              callId,
              action,
              ...(typeof event.reason === 'string' ? { serverError: event.reason } : {}),
            }),
          };
        default:
          return undefined;
      }
    },
    closed: (closure) => closedVerdict(action, callId, closure, localEnd()),
  };
}

/** How `refer` settles: its leg's `answer` resolves; its `reject`, a command error or the end reject. */
export function referSpec(
  callId: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): WaitSpec<AcAnswerEvent> {
  return {
    action: 'refer',
    callId,
    timeoutMs,
    signal,
    judge(event): Verdict<AcAnswerEvent> {
      if ('unknown' in event && event.unknown === true) return undefined;
      const leg = isReferLeg(event);
      if (event.event === 'answer' && leg) return { resolve: event as AcAnswerEvent };
      if (event.event === 'reject' && leg) {
        const code = typeof event.code === 'number' ? event.code : undefined;
        return {
          reject: acError(
            'call-rejected',
            `refer: the transfer leg was rejected (${String(event.reason)})`,
            {
              callId,
              action: 'refer',
              serverError: String(event.reason),
              ...(code === undefined ? {} : { statusCode: code }),
            },
          ),
        };
      }
      if (event.event === 'error' && event.sender === 'command') {
        return {
          reject: acError('call-failed', 'refer: the server refused the transfer', {
            callId,
            action: 'refer',
            serverError: String(event.error),
          }),
        };
      }
      if (event.event === 'hangup' && !leg) {
        return {
          reject: acError('call-ended', 'refer: the call ended before the transfer was answered', {
            callId,
            action: 'refer',
          }),
        };
      }
      return undefined;
    },
    closed: (closure) => closedVerdict('refer', callId, closure, false),
  };
}
