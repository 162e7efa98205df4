import type { EmulatorContext } from './context';
import { EmulatorError } from './errors';
import { markServerClose } from './serverClose';
import { MAX_CLOSE_REASON_BYTES, truncateUtf8 } from './text';
import type { ClientFilter, EmulatorFaults, FaultSettings } from './types';

/** Default payload of `sendMalformed`: the start of a JSON object that never ends. */
export const DEFAULT_MALFORMED_PAYLOAD = '{"malformed":';

/** Why `code` cannot be sent in a close frame, or undefined when it can. */
export function closeCodeProblem(code: unknown): string | undefined {
  const valid =
    typeof code === 'number' &&
    Number.isInteger(code) &&
    (code === 1000 ||
      (code >= 1001 && code <= 1014 && ![1004, 1005, 1006].includes(code)) ||
      (code >= 3000 && code <= 4999));
  return valid ? undefined : `closeClients: ${String(code)} is not a valid close code`;
}

/** Why `error` cannot be the text registrations are refused with, or undefined when it can. */
export function refusalProblem(error: unknown, maxLength: number): string | undefined {
  if (error === null) return undefined;
  if (typeof error !== 'string' || error === '' || error.length > maxLength) {
    return `refuseRegistrations: error must be a string of 1 to ${maxLength} characters, or null`;
  }
  return undefined;
}

function fail(problem: string | undefined): void {
  if (problem !== undefined) throw new EmulatorError('INVALID_ARGUMENT', problem);
}

/** Builds the `faults` control surface over the shared context. */
export function createFaults(ctx: EmulatorContext): EmulatorFaults {
  return {
    dropClients(filter?: ClientFilter): number {
      const sessions = ctx.sessions.match(filter);
      for (const session of sessions) {
        markServerClose(session.ws);
        session.ws.terminate();
      }
      if (sessions.length > 0)
        ctx.logger.warn('fault: dropped clients', { count: sessions.length });
      return sessions.length;
    },
    closeClients(filter?: ClientFilter, code = 1001, reason = 'emulator fault'): number {
      fail(closeCodeProblem(code));
      if (typeof reason !== 'string') {
        throw new EmulatorError('INVALID_ARGUMENT', 'closeClients: reason must be a string');
      }
      // A close frame holds 123 bytes of reason; ws throws on more.
      const fitted = truncateUtf8(reason, MAX_CLOSE_REASON_BYTES);
      const sessions = ctx.sessions.match(filter);
      for (const session of sessions) {
        markServerClose(session.ws);
        session.ws.close(code, fitted);
      }
      if (sessions.length > 0)
        ctx.logger.warn('fault: closed clients', { count: sessions.length, code });
      return sessions.length;
    },
    stallClients(filter?: ClientFilter): number {
      const sessions = ctx.sessions.match(filter).filter((session) => !session.stalled);
      for (const session of sessions) {
        session.stalled = true;
        // ws pauses the TCP socket: nothing is read, so client pings stay unanswered.
        session.ws.pause();
      }
      if (sessions.length > 0)
        ctx.logger.warn('fault: stalled clients', { count: sessions.length });
      return sessions.length;
    },
    delayReplies(ms: number | null): void {
      ctx.faults.setDelayReplies(ms);
    },
    dropReplies(count: number | 'all' | 0): void {
      ctx.faults.setDropReplies(count);
    },
    dropEvents(count: number | 'all' | 0): void {
      ctx.faults.setDropEvents(count);
    },
    sendMalformed(filter?: ClientFilter, payload = DEFAULT_MALFORMED_PAYLOAD): number {
      if (typeof payload !== 'string') {
        throw new EmulatorError('INVALID_ARGUMENT', 'sendMalformed: payload must be a string');
      }
      let count = 0;
      for (const session of ctx.sessions.match(filter)) {
        if (session.sendText(payload)) count += 1;
      }
      return count;
    },
    refuseRegistrations(error: string | null): void {
      fail(refusalProblem(error, ctx.options.limits.maxFieldLength));
      ctx.faults.refuseRegistrations = error;
    },
    settings(): FaultSettings {
      let stalledSessions = 0;
      for (const session of ctx.sessions.all()) if (session.stalled) stalledSessions += 1;
      return { ...ctx.faults.snapshot(), stalledSessions };
    },
    reset(): void {
      ctx.faults.reset();
      for (const session of ctx.sessions.all()) {
        if (!session.stalled) continue;
        session.stalled = false;
        session.ws.resume();
      }
    },
  };
}
