import { markServerClose } from './connection';
import type { EmulatorContext } from './context';
import { EmulatorError } from './errors';
import type { ClientFilter, EmulatorFaults } from './types';

/** Default payload of `sendMalformed`: the start of a JSON object that never ends. */
export const DEFAULT_MALFORMED_PAYLOAD = '{"malformed":';

function checkCloseCode(code: number): void {
  const valid =
    code === 1000 || (code >= 1001 && code <= 1014 && ![1004, 1005, 1006].includes(code));
  if (!valid && !(Number.isInteger(code) && code >= 3000 && code <= 4999)) {
    throw new EmulatorError('INVALID_ARGUMENT', `closeClients: ${code} is not a valid close code`);
  }
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
      checkCloseCode(code);
      const sessions = ctx.sessions.match(filter);
      for (const session of sessions) {
        markServerClose(session.ws);
        session.ws.close(code, reason.slice(0, 120));
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
      let count = 0;
      for (const session of ctx.sessions.match(filter)) {
        if (session.sendText(payload)) count += 1;
      }
      return count;
    },
    refuseRegistrations(error: string | null): void {
      if (error !== null && (typeof error !== 'string' || error === '')) {
        throw new EmulatorError(
          'INVALID_ARGUMENT',
          'refuseRegistrations: error must be a non-empty string or null',
        );
      }
      ctx.faults.refuseRegistrations = error;
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
