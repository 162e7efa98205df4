import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { redactToken } from './auth';
import type { EmulatorContext } from './context';
import { failHandshake, handleRegister } from './handshake';
import { Session } from './session';

/** What the connection layer hands over to the command and gateway layers. */
export interface ConnectionHooks {
  /** A parsed frame (or a parse failure) from a registered session. */
  onCommand(session: Session, frame: unknown, parseError: boolean): void;
  /** The session just registered. */
  onRegistered(session: Session): void;
  /** The session's socket is gone; `clean` = the client closed it with a close frame. */
  onSessionClosed(session: Session, clean: boolean): void;
}

/** Marks sockets the emulator itself closed or terminated (faults, handshake failures, shutdown). */
const closedByServer = new WeakSet<WebSocket>();

/** Records that the server is the one ending this socket (so the close is not "clean"). */
export function markServerClose(ws: WebSocket): void {
  closedByServer.add(ws);
}

function decode(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function recordFrame(ctx: EmulatorContext, session: Session, frame: unknown): void {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return;
  const copy: Record<string, unknown> = { ...(frame as Record<string, unknown>) };
  if ('auth_token' in copy) copy.auth_token = redactToken(copy.auth_token);
  const clientId =
    session.clientId ?? (typeof copy.client_id === 'string' ? copy.client_id : undefined);
  const appId = session.appId ?? (typeof copy.appid === 'string' ? copy.appid : undefined);
  ctx.frames.record({
    at: Date.now(),
    sessionId: session.sessionId,
    ...(clientId === undefined ? {} : { clientId }),
    ...(appId === undefined ? {} : { appId }),
    frame: copy,
  });
}

/**
 * Runs one client socket: greeting with a fresh session id, register deadline, frame parsing,
 * pong bookkeeping and cleanup. Socket errors are logged, never thrown.
 */
export function acceptConnection(
  ctx: EmulatorContext,
  ws: WebSocket,
  hooks: ConnectionHooks,
): Session {
  const session = new Session(randomUUID(), ws);
  ctx.sessions.add(session);
  ctx.logger.debug('socket opened', { session: session.sessionId });

  ws.on('error', (error) => {
    ctx.logger.warn('socket error', { session: session.sessionId, error: error.message });
  });
  ws.on('pong', () => {
    session.awaitingPong = false;
  });
  ws.on('message', (data, isBinary) => {
    if (session.phase === 'closed') return;
    let frame: unknown;
    let parseError = false;
    try {
      frame = isBinary ? undefined : JSON.parse(decode(data));
      parseError = isBinary;
    } catch {
      parseError = true;
    }
    if (!parseError) recordFrame(ctx, session, frame);
    if (session.phase === 'greeting') {
      const registered = !parseError && handleRegister(ctx, session, frame);
      if (parseError) failHandshake(ctx, session, 'expected register');
      if (registered) hooks.onRegistered(session);
      else markServerClose(ws);
      return;
    }
    try {
      hooks.onCommand(session, frame, parseError);
    } catch (error) {
      ctx.logger.error('command handling failed', {
        session: session.sessionId,
        error: String(error),
      });
    }
  });
  ws.on('close', (code) => {
    const wasLive = session.isLive;
    session.phase = 'closed';
    session.cancelRegisterTimeout?.();
    ctx.sessions.remove(session);
    ctx.timers.cancelGroup(session.sessionId);
    const clean = code !== 1006 && !closedByServer.has(ws);
    ctx.logger.info('socket closed', {
      session: session.sessionId,
      clientId: session.clientId,
      code,
      clean,
    });
    if (wasLive) hooks.onSessionClosed(session, clean);
  });

  session.send({ status: 'connected', session_id: session.sessionId });
  // 0 turns the deadline off (like pingIntervalMs: 0), it does not mean "close at once".
  if (ctx.options.registerTimeoutMs > 0) {
    session.cancelRegisterTimeout = ctx.timers.set(
      ctx.options.registerTimeoutMs,
      () => {
        session.cancelRegisterTimeout = undefined;
        if (session.phase !== 'greeting') return;
        markServerClose(ws);
        failHandshake(ctx, session, 'register timeout');
      },
      session.sessionId,
    );
  }
  return session;
}
