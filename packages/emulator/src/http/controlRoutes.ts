import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_CALLER } from '../constants';
import type { ClientFilter } from '../types';
import type { HttpApi } from './api';
import { BodyError, readJsonObject, sendJson } from './json';

/** Prefix of the emulator's own control API (not part of the CM). */
export const CONTROL_PREFIX = '/v1/emulator/';

function filterFrom(value: unknown): ClientFilter | undefined {
  if (value === true || value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new BodyError(400, 'a client filter must be an object');
  const source = value as Record<string, unknown>;
  const filter: ClientFilter = {};
  if (typeof source.clientId === 'string') filter.clientId = source.clientId;
  if (typeof source.sessionId === 'string') filter.sessionId = source.sessionId;
  if (typeof source.appId === 'string') filter.appId = source.appId;
  return filter;
}

function budget(value: unknown, name: string): number | 'all' {
  if (value === 'all') return value;
  if (typeof value === 'number') return value;
  throw new BodyError(400, `${name} must be a number or "all"`);
}

/** `POST /v1/emulator/faults`: every key present is applied, in the order of the contract. */
function applyFaults(
  api: HttpApi,
  body: Record<string, unknown>,
): Record<string, number | boolean> {
  const result: Record<string, number | boolean> = {};
  const { faults } = api;
  if (body.reset === true) {
    faults.reset();
    result.reset = true;
  }
  if ('drop' in body) result.dropped = faults.dropClients(filterFrom(body.drop));
  if ('close' in body) {
    const spec = body.close;
    const filter = filterFrom(spec);
    const source =
      typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>) : {};
    const code = typeof source.code === 'number' ? source.code : undefined;
    const reason = typeof source.reason === 'string' ? source.reason : undefined;
    result.closed = faults.closeClients(filter, code, reason);
  }
  if ('stall' in body) result.stalled = faults.stallClients(filterFrom(body.stall));
  if ('malformed' in body) {
    const spec = body.malformed;
    const payload =
      typeof spec === 'object' &&
      spec !== null &&
      typeof (spec as Record<string, unknown>).payload === 'string'
        ? ((spec as Record<string, unknown>).payload as string)
        : undefined;
    result.malformed = faults.sendMalformed(filterFrom(spec), payload);
  }
  if ('delayReplies' in body) {
    const ms = body.delayReplies;
    if (ms !== null && typeof ms !== 'number')
      throw new BodyError(400, 'delayReplies must be a number or null');
    faults.delayReplies(ms);
  }
  if ('dropReplies' in body) faults.dropReplies(budget(body.dropReplies, 'dropReplies'));
  if ('dropEvents' in body) faults.dropEvents(budget(body.dropEvents, 'dropEvents'));
  if ('refuseRegistrations' in body) {
    const error = body.refuseRegistrations;
    if (error !== null && typeof error !== 'string') {
      throw new BodyError(400, 'refuseRegistrations must be a string or null');
    }
    faults.refuseRegistrations(error);
  }
  return result;
}

function requireString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '')
    throw new BodyError(400, `missing parameters: ${key}`);
  return value;
}

/**
 * The control API under `/v1/emulator/` for CLI users, browser tests and dashboards. Returns
 * false when the route is unknown.
 */
export async function handleControl(
  api: HttpApi,
  method: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'GET calls':
      sendJson(res, 200, { calls: api.calls() });
      return true;
    case 'GET stats':
      sendJson(res, 200, api.stats());
      return true;
    case 'POST inbound': {
      const body = await readJsonObject(req);
      const did = requireString(body, 'did');
      const callid =
        typeof body.callid === 'string' && body.callid !== '' ? body.callid : randomUUID();
      const from = typeof body.from === 'string' && body.from !== '' ? body.from : DEFAULT_CALLER;
      const pin = typeof body.pin === 'string' ? body.pin : '';
      // The lookup runs in the background; its outcome is visible through calls and events.
      api.lookup({ did, from, callid, pin }, () => {});
      sendJson(res, 200, { callid });
      return true;
    }
    case 'POST remote/hangup': {
      const body = await readJsonObject(req);
      const callid = requireString(body, 'callid');
      const cause = typeof body.cause === 'string' && body.cause !== '' ? body.cause : undefined;
      sendJson(res, 200, { ok: api.remote.hangup(callid, cause) });
      return true;
    }
    case 'POST remote/dtmf': {
      const body = await readJsonObject(req);
      const callid = requireString(body, 'callid');
      const digits = requireString(body, 'digits');
      sendJson(res, 200, { ok: api.remote.pressDigits(callid, digits) });
      return true;
    }
    case 'POST quirks': {
      const body = await readJsonObject(req);
      if (typeof body.on !== 'boolean') throw new BodyError(400, 'on must be a boolean');
      api.setQuirks(body.on);
      sendJson(res, 200, { quirks: body.on });
      return true;
    }
    case 'POST faults': {
      const body = await readJsonObject(req);
      sendJson(res, 200, applyFaults(api, body));
      return true;
    }
    default:
      return false;
  }
}
