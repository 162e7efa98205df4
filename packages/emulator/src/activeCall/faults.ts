import { EmulatorError } from '../errors';
import type { AcContext } from './context';
import type { AcSession } from './session';
import type { ActiveCallFaults } from './types';

function checkCloseCode(code: number): void {
  const valid =
    code === 1000 || (code >= 1001 && code <= 1014 && ![1004, 1005, 1006].includes(code));
  if (!valid && !(Number.isInteger(code) && code >= 3000 && code <= 4999)) {
    throw new EmulatorError('INVALID_ARGUMENT', `closeSessions: ${code} is not a valid close code`);
  }
}

function targets(ctx: AcContext, sessionId: string | undefined): AcSession[] {
  const all = [...ctx.sessions.values()].filter(
    (session) => session.ws.readyState === session.ws.OPEN,
  );
  return sessionId === undefined ? all : all.filter((session) => session.id === sessionId);
}

/** Builds the `faults` control surface over the shared context. */
export function createAcFaults(ctx: AcContext): ActiveCallFaults {
  return {
    dropEvents(count) {
      ctx.faults.setDropEvents(count);
    },
    delayEvents(ms) {
      ctx.faults.setDelayEvents(ms);
    },
    stallSessions(sessionId) {
      const stalled = targets(ctx, sessionId).filter((session) => !session.stalled);
      for (const session of stalled) {
        session.stalled = true;
        // Nothing is read any more, so client pings and commands go unanswered.
        session.ws.pause();
      }
      if (stalled.length > 0) ctx.logger.warn('fault: stalled sessions', { count: stalled.length });
      return stalled.length;
    },
    closeSessions(code = 1001, sessionId) {
      checkCloseCode(code);
      const closing = targets(ctx, sessionId);
      for (const session of closing) session.ws.close(code, 'emulator fault');
      if (closing.length > 0)
        ctx.logger.warn('fault: closed sessions', { count: closing.length, code });
      return closing.length;
    },
    dropSessions(sessionId) {
      const dropped = targets(ctx, sessionId);
      for (const session of dropped) session.ws.terminate();
      if (dropped.length > 0) ctx.logger.warn('fault: dropped sessions', { count: dropped.length });
      return dropped.length;
    },
    replayEvent(sessionId, kind) {
      if (kind !== 'duplicate' && kind !== 'earlier') {
        throw new EmulatorError(
          'INVALID_ARGUMENT',
          `replayEvent: kind must be 'duplicate' or 'earlier' (got ${JSON.stringify(String(kind))})`,
        );
      }
      const session = ctx.sessions.get(sessionId);
      if (session === undefined || session.ws.readyState !== session.ws.OPEN) return false;
      const replayed = session.replay(kind);
      if (replayed) ctx.logger.warn('fault: replayed an event', { session: sessionId, kind });
      return replayed;
    },
    reset() {
      ctx.faults.reset();
      for (const session of ctx.sessions.values()) {
        if (!session.stalled) continue;
        session.stalled = false;
        session.ws.resume();
      }
    },
  };
}
