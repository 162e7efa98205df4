/** Text shown in the dashboard, computed from SDK values. Pure, so it is unit-tested in Node. */
import { type CallEvent, type ClientState, isCallstreamError } from '@callstream/core';

/** How many characters of a call id the table and the log show (the full id is in a tooltip). */
const SHORT_ID_LENGTH = 8;

/** A call id short enough for a table cell. */
export function shortId(callId: string): string {
  return callId.length <= SHORT_ID_LENGTH ? callId : callId.slice(0, SHORT_ID_LENGTH);
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `m:ss` below an hour, `h:mm:ss` above; negative spans count as 0. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** Local wall-clock time with milliseconds, for the event log. */
export function formatClock(epochMs: number): string {
  const at = new Date(epochMs);
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

/** An error as the dashboard shows it: the SDK's stable code first, then its message. */
export interface ErrorText {
  /** The `CallstreamError` code, or `unexpected` for anything else. */
  readonly code: string;
  readonly message: string;
}

/** Turns anything thrown into {@link ErrorText}; SDK errors keep their typed `code`. */
export function describeError(error: unknown): ErrorText {
  if (isCallstreamError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'unexpected', message: error.message };
  return { code: 'unexpected', message: String(error) };
}

/** One line for the connection badge's detail, e.g. `session 1f3a…` or `attempt 2 in 1.5 s`. */
export function describeState(state: ClientState): string {
  switch (state.status) {
    case 'idle':
      return 'not connected';
    case 'connecting':
      return `attempt ${state.attempt}`;
    case 'connected':
      return `session ${shortId(state.sessionId)}${state.reconnects > 0 ? `, ${state.reconnects} reconnect(s)` : ''}`;
    case 'reconnecting':
      return `attempt ${state.attempt} in ${(state.delayMs / 1000).toFixed(1)} s`;
    case 'closed':
      return state.error === undefined ? 'closed' : `stopped: ${describeError(state.error).code}`;
  }
}

/** The detail column of an event-log row. */
export function describeEvent(event: CallEvent): string {
  switch (event.type) {
    case 'incoming':
    case 'initiated':
    case 'ringing':
    case 'answered':
      return `${event.call.from || '?'} → ${event.call.to || '?'}`;
    case 'bridged':
      return `${event.rebridge ? 'moved to ' : ''}channel ${event.call.channel} uid ${event.call.uid}`;
    case 'unbridged':
      return event.rebridge ? 'leaving channel (rebridge)' : `left channel ${event.call.channel}`;
    case 'bridge-failed':
      return event.reason ?? 'bridge failed';
    case 'hangup':
      return [event.hangupCause, event.billsec === undefined ? '' : `billsec ${event.billsec}`]
        .filter(Boolean)
        .join(', ');
    case 'dtmf':
      return `digits ${event.digits}`;
    case 'removed':
      return `left the table: ${event.reason}`;
    case 'unknown':
      return `unknown event ${event.event}`;
  }
}
