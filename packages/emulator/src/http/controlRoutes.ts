import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_CALLER } from '../constants';
import { dtmfProblem } from '../dtmf';
import type { LookupOutcome } from '../types';
import type { HttpApi } from './api';
import { optionalText, readBody, requiredText } from './body';
import { applyFaultsBody } from './faultRoute';
import { BodyError, sendJson } from './json';

/** Prefix of the emulator's own control API (not part of the CM). */
export const CONTROL_PREFIX = '/v1/emulator/';

/** 503 for routes that schedule work while the timer cap is reached. */
function checkTimers(api: HttpApi): void {
  if (api.pendingTimers() >= api.limits.maxTimers) {
    throw new BodyError(
      503,
      `emulator busy: ${api.limits.maxTimers} timers pending (limits.maxTimers)`,
    );
  }
}

/** Why nobody got `call_incoming`, for a lookup that was answered at once. */
function inboundWarning(did: string, outcome: LookupOutcome): string | undefined {
  if (outcome.status === 200) return undefined;
  if (outcome.status === 500 && outcome.body.error === 'not found') {
    return `no live session can receive calls on ${did}: nobody got call_incoming`;
  }
  return `the lookup was answered ${outcome.status} (${String(outcome.body.error)}): nobody got call_incoming`;
}

/**
 * `POST /v1/emulator/inbound`: starts a gateway lookup and answers at once with what happened:
 * how many sessions were offered the call, and when it was answered at once (nobody eligible,
 * pinlookup, a cap) that answer and a warning.
 */
async function inbound(api: HttpApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(api.limits, req);
  const max = api.limits.maxFieldLength;
  const did = requiredText(body, 'did', max);
  const callid = optionalText(body, 'callid', max) ?? randomUUID();
  const from = optionalText(body, 'from', max) ?? DEFAULT_CALLER;
  const pin = optionalText(body, 'pin', max) ?? '';
  checkTimers(api);
  let immediate: LookupOutcome | undefined;
  // The lookup runs on in the background; its outcome shows in events and `calls`.
  const { offeredTo } = api.lookup({ did, from, callid, pin }, (outcome) => {
    immediate ??= outcome;
  });
  const warning = immediate === undefined ? undefined : inboundWarning(did, immediate);
  sendJson(res, 200, {
    callid,
    offeredTo,
    ...(immediate === undefined
      ? {}
      : { lookup: { status: immediate.status, body: immediate.body } }),
    ...(warning === undefined ? {} : { warning }),
  });
}

async function remoteHangup(
  api: HttpApi,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(api.limits, req);
  const max = api.limits.maxFieldLength;
  const callid = requiredText(body, 'callid', max);
  const cause = optionalText(body, 'cause', max) ?? 'NORMAL_CLEARING';
  if (api.remote.hangup(callid, cause)) {
    sendJson(res, 200, { ok: true, callid, cause });
  } else {
    sendJson(res, 200, {
      ok: false,
      callid,
      error: 'no live call or held lookup with this callid',
    });
  }
}

async function remoteDtmf(api: HttpApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(api.limits, req);
  const callid = requiredText(body, 'callid', api.limits.maxFieldLength);
  const digits = body.digits;
  if (digits === undefined || digits === null || digits === '') {
    throw new BodyError(400, 'missing parameters: digits');
  }
  const problem = dtmfProblem(digits);
  if (problem !== undefined) throw new BodyError(400, problem);
  checkTimers(api);
  if (api.remote.pressDigits(callid, digits as string)) {
    sendJson(res, 200, { ok: true, callid, digits });
  } else {
    sendJson(res, 200, { ok: false, callid, error: 'no live call with this callid' });
  }
}

/**
 * The control API under `/v1/emulator/` for CLI users, browser tests and dashboards. Every
 * answer says what was applied. Returns false when the route is unknown.
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
    case 'GET faults':
      sendJson(res, 200, { faults: api.faults.settings() });
      return true;
    case 'POST inbound':
      await inbound(api, req, res);
      return true;
    case 'POST remote/hangup':
      await remoteHangup(api, req, res);
      return true;
    case 'POST remote/dtmf':
      await remoteDtmf(api, req, res);
      return true;
    case 'POST quirks': {
      const body = await readBody(api.limits, req);
      if (typeof body.on !== 'boolean') throw new BodyError(400, 'on must be a boolean');
      api.setQuirks(body.on);
      sendJson(res, 200, { quirks: api.quirks() });
      return true;
    }
    case 'POST faults': {
      const body = await readBody(api.limits, req);
      sendJson(res, 200, applyFaultsBody(api.faults, body, api.limits.maxFieldLength));
      return true;
    }
    default:
      return false;
  }
}
