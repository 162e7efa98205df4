import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { redactToken } from './auth';
import type { EmulatorContext } from './context';
import { failHandshake, handleRegister } from './handshake';
import { depthProblem, frameCost, scanJson } from './jsonDepth';
import { cmError } from './replies';
import { sendReply } from './routing';
import { isServerClose, markServerClose } from './serverClose';
import { Session } from './session';

export { markServerClose } from './serverClose';

/** What the connection layer hands over to the command and gateway layers. */
export interface ConnectionHooks {
  /** A parsed frame (or a parse failure) from a registered session. */
  onCommand(session: Session, frame: unknown, parseError: boolean): void;
  /** The session just registered. */
  onRegistered(session: Session): void;
  /** The session's socket is gone; `clean` = the client closed it with a close frame. */
  onSessionClosed(session: Session, clean: boolean): void;
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

function recordFrame(ctx: EmulatorContext, session: Session, frame: unknown, bytes: number): void {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return;
  const copy: Record<string, unknown> = { ...(frame as Record<string, unknown>) };
  if ('auth_token' in copy) copy.auth_token = redactToken(copy.auth_token);
  const clientId =
    session.clientId ?? (typeof copy.client_id === 'string' ? copy.client_id : undefined);
  const appId = session.appId ?? (typeof copy.appid === 'string' ? copy.appid : undefined);
  ctx.frames.record(
    {
      at: Date.now(),
      sessionId: session.sessionId,
      ...(clientId === undefined ? {} : { clientId }),
      ...(appId === undefined ? {} : { appId }),
      frame: copy,
    },
    bytes,
  );
}

/**
 * What a text frame decodes to: the parsed value and what it costs in the frame log, or why it
 * could not be used.
 */
type Decoded =
  | { ok: true; frame: unknown; cost: number }
  | { ok: false; problem: 'invalid' | 'deep' };

function decodeFrame(ctx: EmulatorContext, buffer: Buffer): Decoded {
  const text = buffer.toString('utf8');
  const scan = scanJson(text, ctx.options.limits.maxJsonDepth);
  if (scan.tooDeep) return { ok: false, problem: 'deep' };
  try {
    return { ok: true, frame: JSON.parse(text), cost: frameCost(buffer.length, scan) };
  } catch {
    return { ok: false, problem: 'invalid' };
  }
}

function handleMessage(
  ctx: EmulatorContext,
  session: Session,
  hooks: ConnectionHooks,
  data: RawData,
  isBinary: boolean,
): void {
  const buffer = toBuffer(data);
  const decoded: Decoded = isBinary ? { ok: false, problem: 'invalid' } : decodeFrame(ctx, buffer);
  if (decoded.ok) recordFrame(ctx, session, decoded.frame, decoded.cost);
  if (session.phase === 'greeting') {
    const registered = decoded.ok && handleRegister(ctx, session, decoded.frame);
    if (!decoded.ok) failHandshake(ctx, session, 'expected register');
    if (registered) hooks.onRegistered(session);
    else markServerClose(session.ws);
    return;
  }
  if (!decoded.ok && decoded.problem === 'deep') {
    sendReply(ctx, session, cmError(depthProblem(ctx.options.limits.maxJsonDepth)), undefined);
    return;
  }
  hooks.onCommand(session, decoded.ok ? decoded.frame : undefined, !decoded.ok);
}

/**
 * Runs one client socket: greeting with a fresh session id, register deadline, frame parsing,
 * pong bookkeeping and cleanup. Socket errors and handler failures are logged, never thrown:
 * an exception here would escape into `ws` and end the process.
 */
export function acceptConnection(
  ctx: EmulatorContext,
  ws: WebSocket,
  hooks: ConnectionHooks,
  remoteAddress = '',
): Session {
  const session = new Session(randomUUID(), ws, {
    remoteAddress,
    maxSendBufferBytes: ctx.options.limits.maxSendBufferBytes,
    onOverflow: (slow) =>
      ctx.logger.warn('slow consumer terminated: send buffer full', {
        session: slow.sessionId,
        maxSendBufferBytes: ctx.options.limits.maxSendBufferBytes,
      }),
  });
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
    try {
      handleMessage(ctx, session, hooks, data, isBinary);
    } catch (error) {
      ctx.logger.error('frame handling failed', {
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
    const clean = code !== 1006 && !isServerClose(ws);
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
