import type { RawData, WebSocket } from 'ws';
import { commandFrom } from './commands';
import type { AcContext } from './context';
import type { CallQuery, CallType } from './query';
import { AcSession, type SessionHooks } from './session';
import { abandonSession } from './teardown';

function decode(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

/**
 * Runs one session socket: text frames are logged and, when the server would accept them,
 * queued as commands (anything else is dropped without a word); binary frames are client audio,
 * counted in `/call` mode and ignored elsewhere; a closed socket ends the session silently.
 */
export function acceptSession(
  ctx: AcContext,
  ws: WebSocket,
  query: CallQuery,
  callType: CallType,
  hooks: SessionHooks,
): AcSession {
  const session = new AcSession(ctx, ws, query, callType, hooks);
  ctx.sessions.set(session.id, session);
  ctx.logger.info('session opened', { session: session.id, callType });

  ws.on('error', (error) => {
    ctx.logger.warn('socket error', { session: session.id, error: error.message });
  });
  ws.on('message', (data, isBinary) => {
    if (session.closed) return;
    const bytes = decode(data);
    if (isBinary) {
      if (callType === 'websocket') session.audioBytesReceived += bytes.length;
      return;
    }
    const text = bytes.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const command = commandFrom(json);
    ctx.frames.record(session.id, text, json, command !== undefined);
    if (command === undefined) {
      ctx.logger.debug('unparseable command dropped', { session: session.id, bytes: bytes.length });
      return;
    }
    if (session.ending) return;
    if (!session.queue.push(command)) {
      ctx.logger.warn('command queue full: command dropped', {
        session: session.id,
        command: command.command,
      });
    }
  });
  ws.on('close', () => abandonSession(ctx, session));
  return session;
}
