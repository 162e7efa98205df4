import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorError } from '../errors';
import { BodyError, CORS_HEADERS, MAX_BODY_BYTES, readJsonObject, sendJson } from '../http/json';
import type { EmulatorLogger } from '../logger';
import type { IceServer } from './options';
import { CALL_PATHS } from './query';
import type {
  ActiveCallFaults,
  ActiveCallRemote,
  ActiveCallSessionSnapshot,
  ActiveCallStats,
  InboundOutcome,
  ReceivedCommandFrame,
  SimulateInboundParams,
  SimulateInboundResult,
} from './types';

/** What the HTTP routes need from the emulator. */
export interface AcHttpApi {
  /** Entries of `GET /list`. */
  list(): unknown[];
  kill(id: string): boolean;
  iceServers(): readonly IceServer[];
  sessions(): ActiveCallSessionSnapshot[];
  frames(sessionId?: string): ReceivedCommandFrame[];
  stats(): ActiveCallStats;
  simulateInbound(params: SimulateInboundParams): Promise<SimulateInboundResult>;
  inboundOutcome(dialogId: string): InboundOutcome | undefined;
  readonly remote: ActiveCallRemote;
  readonly faults: ActiveCallFaults;
}

/** Prefix of the emulator's own control API (not part of RustPBX). */
export const AC_CONTROL_PREFIX = '/v1/emulator/';

function text(body: Record<string, unknown>, key: string, required: true): string;
function text(body: Record<string, unknown>, key: string, required: false): string | undefined;
function text(body: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new BodyError(400, `${key} must be a non-empty string`);
  }
  return value;
}

/** `true` (every session) or `{ sessionId?, code? }`. */
function faultTarget(value: unknown): { sessionId?: string; code?: number } {
  if (value === true) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BodyError(400, 'expected true or { "sessionId": "…" }');
  }
  const { sessionId, code } = value as Record<string, unknown>;
  if (sessionId !== undefined && typeof sessionId !== 'string') {
    throw new BodyError(400, 'sessionId must be a string');
  }
  if (code !== undefined && typeof code !== 'number')
    throw new BodyError(400, 'code must be a number');
  return {
    ...(sessionId === undefined ? {} : { sessionId }),
    ...(code === undefined ? {} : { code }),
  };
}

/** `POST /v1/emulator/faults`: every key present is applied, `reset` first. */
function applyFaults(
  faults: ActiveCallFaults,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (body.reset === true) {
    faults.reset();
    result.reset = true;
  }
  if ('dropEvents' in body) {
    const count = body.dropEvents;
    if (count !== 'all' && typeof count !== 'number') {
      throw new BodyError(400, 'dropEvents must be a number or "all"');
    }
    faults.dropEvents(count);
  }
  if ('delayEvents' in body) {
    const ms = body.delayEvents;
    if (ms !== null && typeof ms !== 'number') {
      throw new BodyError(400, 'delayEvents must be a number or null');
    }
    faults.delayEvents(ms);
  }
  if ('stall' in body) result.stalled = faults.stallSessions(faultTarget(body.stall).sessionId);
  if ('drop' in body) result.dropped = faults.dropSessions(faultTarget(body.drop).sessionId);
  if ('replay' in body) {
    const replay = body.replay;
    if (typeof replay !== 'object' || replay === null || Array.isArray(replay)) {
      throw new BodyError(
        400,
        'replay must be { "sessionId": "…", "kind": "duplicate" | "earlier" }',
      );
    }
    const fields = replay as Record<string, unknown>;
    const kind = fields.kind;
    if (kind !== 'duplicate' && kind !== 'earlier') {
      throw new BodyError(400, 'replay.kind must be "duplicate" or "earlier"');
    }
    result.replayed = faults.replayEvent(text(fields, 'sessionId', true), kind);
  }
  if ('close' in body) {
    const { code, sessionId } = faultTarget(body.close);
    result.closed = faults.closeSessions(code, sessionId);
  }
  return result;
}

async function control(
  api: AcHttpApi,
  route: string,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): Promise<boolean> {
  switch (route) {
    case 'GET sessions':
      sendJson(res, 200, { sessions: api.sessions() });
      return true;
    case 'GET frames': {
      const sessionId = url.searchParams.get('sessionId') ?? undefined;
      sendJson(res, 200, { frames: api.frames(sessionId) });
      return true;
    }
    case 'GET stats':
      sendJson(res, 200, api.stats());
      return true;
    case 'POST inbound': {
      const body = await readJsonObject(req);
      const params: SimulateInboundParams = {};
      const caller = text(body, 'caller', false);
      const callee = text(body, 'callee', false);
      const webhookUrl = text(body, 'webhookUrl', false);
      if (caller !== undefined) params.caller = caller;
      if (callee !== undefined) params.callee = callee;
      if (webhookUrl !== undefined) params.webhookUrl = webhookUrl;
      sendJson(res, 200, await api.simulateInbound(params));
      return true;
    }
    case 'POST remote/hangup': {
      const body = await readJsonObject(req);
      sendJson(res, 200, { ok: api.remote.hangup(text(body, 'id', true)) });
      return true;
    }
    case 'POST remote/dtmf': {
      const body = await readJsonObject(req);
      sendJson(res, 200, {
        ok: api.remote.pressDigits(text(body, 'id', true), text(body, 'digits', true)),
      });
      return true;
    }
    case 'POST remote/speak': {
      const body = await readJsonObject(req);
      const options: { partials?: number; confidence?: number } = {};
      if (typeof body.partials === 'number') options.partials = body.partials;
      if (typeof body.confidence === 'number') options.confidence = body.confidence;
      sendJson(res, 200, {
        ok: api.remote.speak(text(body, 'id', true), text(body, 'text', true), options),
      });
      return true;
    }
    case 'POST remote/hold': {
      const body = await readJsonObject(req);
      if (typeof body.onHold !== 'boolean') throw new BodyError(400, 'onHold must be a boolean');
      sendJson(res, 200, { ok: api.remote.hold(text(body, 'id', true), body.onHold) });
      return true;
    }
    case 'POST faults':
      sendJson(res, 200, applyFaults(api.faults, await readJsonObject(req)));
      return true;
    default:
      if (route.startsWith('GET inbound/')) {
        const dialogId = decodeURIComponent(route.slice('GET inbound/'.length));
        const outcome = api.inboundOutcome(dialogId);
        if (outcome) sendJson(res, 200, outcome);
        else sendJson(res, 404, { error: 'unknown dialog id', dialogId });
        return true;
      }
      return false;
  }
}

/**
 * A body announced larger than the limit gets 413 at once (and the connection closed), before
 * anything is read; its bytes are discarded, up to a bound past which the socket is cut.
 */
function tooLarge(req: IncomingMessage, res: ServerResponse): boolean {
  const announced = Number(req.headers['content-length'] ?? 0);
  if (!(announced > MAX_BODY_BYTES)) return false;
  res.setHeader('Connection', 'close');
  sendJson(res, 413, { error: `body too large (limit ${MAX_BODY_BYTES} bytes)` });
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > 8 * MAX_BODY_BYTES) req.destroy();
  });
  return true;
}

async function route(api: AcHttpApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const path = url.pathname;
  if (method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
  if (tooLarge(req, res)) return;
  if (path.startsWith(AC_CONTROL_PREFIX)) {
    const handled = await control(
      api,
      `${method} ${path.slice(AC_CONTROL_PREFIX.length)}`,
      req,
      url,
      res,
    );
    if (!handled) sendJson(res, 404, { error: 'not found' });
    return;
  }
  const isServerRoute = path === '/list' || path === '/iceservers' || path.startsWith('/kill/');
  if (isServerRoute && method !== 'GET') {
    sendJson(res, 405, { error: 'method not allowed' });
    return;
  }
  if (path === '/list') return sendJson(res, 200, { active_calls: api.list() });
  if (path === '/iceservers') return sendJson(res, 200, api.iceServers());
  if (CALL_PATHS.has(path)) {
    sendJson(res, 426, { error: 'WebSocket upgrade required' });
    return;
  }
  if (path.startsWith('/kill/') && path.length > '/kill/'.length) {
    const id = decodeURIComponent(path.slice('/kill/'.length));
    sendJson(res, 200, { status: api.kill(id) ? 'killed' : 'not_found', id });
    return;
  }
  sendJson(res, 404, { error: 'not found' });
}

/** The HTTP handler: RustPBX's REST routes, the control API, CORS; errors become JSON. */
export function createAcRequestHandler(api: AcHttpApi, logger: EmulatorLogger) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(api, req, res).catch((error: unknown) => {
      if (error instanceof BodyError) {
        sendJson(res, error.status, { error: error.message });
      } else if (error instanceof EmulatorError) {
        sendJson(res, 400, { error: error.message, code: error.code });
      } else if (error instanceof URIError) {
        sendJson(res, 400, { error: 'malformed percent-encoding in the path' });
      } else {
        logger.error('http handler failed', { path: req.url, error: String(error) });
        sendJson(res, 500, { error: 'internal error' });
      }
    });
  };
}
