import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorError } from '../../errors';
import type { SimulateTelnyxInboundParams, TelnyxEmulator, TelnyxFaultBudget } from '../types';
import { readJsonBody, sendJson } from './http';

/** What the control API drives: the emulator's own test surface. */
export type ControlApi = Pick<
  TelnyxEmulator,
  | 'calls'
  | 'deliveries'
  | 'requests'
  | 'stats'
  | 'simulateInbound'
  | 'setWebhookUrl'
  | 'reset'
  | 'remote'
  | 'faults'
>;

/** Prefix of the emulator's control API (not part of Telnyx's). */
export const CONTROL_PREFIX = '/emulator/';

function bad(message: string): EmulatorError {
  return new EmulatorError('INVALID_ARGUMENT', message);
}

function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw bad(`${key} must be a string`);
  return value;
}

function number(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw bad(`${key} must be a number`);
  return value;
}

function budget(value: unknown, key: string): TelnyxFaultBudget {
  if (value === 'all' || typeof value === 'number') return value;
  if (value === true) return 1;
  throw bad(`${key} must be a number or "all"`);
}

function inboundParams(body: Record<string, unknown>): SimulateTelnyxInboundParams {
  const params: SimulateTelnyxInboundParams = {};
  const from = text(body, 'from');
  const to = text(body, 'to');
  const callerIdName = text(body, 'callerIdName');
  const digits = text(body, 'digits');
  const hangupAfterMs = number(body, 'hangupAfterMs');
  const cancelAfterMs = number(body, 'cancelAfterMs');
  if (from !== undefined) params.from = from;
  if (to !== undefined) params.to = to;
  if (callerIdName !== undefined) params.callerIdName = callerIdName;
  if (digits !== undefined) params.digits = digits;
  if (hangupAfterMs !== undefined) params.hangupAfterMs = hangupAfterMs;
  if (cancelAfterMs !== undefined) params.cancelAfterMs = cancelAfterMs;
  return params;
}

function requiredId(body: Record<string, unknown>): string {
  const id = text(body, 'call_control_id');
  if (id === undefined || id === '') throw bad('call_control_id is required');
  return id;
}

/** `POST /emulator/faults`: every key present is applied. */
function applyFaults(api: ControlApi, body: Record<string, unknown>): void {
  const { faults } = api;
  if (body.reset === true) faults.reset();
  if (body.revokeApiKey === true) faults.revokeApiKey();
  if ('duplicateWebhooks' in body)
    faults.duplicateWebhooks(budget(body.duplicateWebhooks, 'duplicateWebhooks'));
  if ('reorderWebhooks' in body)
    faults.reorderWebhooks(budget(body.reorderWebhooks, 'reorderWebhooks'));
  if ('dropWebhooks' in body) faults.dropWebhooks(budget(body.dropWebhooks, 'dropWebhooks'));
  if ('corruptSignatures' in body)
    faults.corruptSignatures(budget(body.corruptSignatures, 'corruptSignatures'));
  if ('delayWebhooks' in body) {
    const spec = body.delayWebhooks;
    if (spec === null) faults.delayWebhooks(null);
    else if (typeof spec === 'object' && !Array.isArray(spec)) {
      const fields = spec as Record<string, unknown>;
      const ms = number(fields, 'ms');
      if (ms === undefined) throw bad('delayWebhooks.ms is required');
      faults.delayWebhooks(
        ms,
        fields.count === undefined ? 1 : budget(fields.count, 'delayWebhooks.count'),
      );
    } else throw bad('delayWebhooks must be {"ms":…,"count":…} or null');
  }
  if ('staleTimestamps' in body) {
    const spec = body.staleTimestamps;
    const fields =
      typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>) : {};
    faults.staleTimestamps(
      fields.count === undefined
        ? budget(spec ?? 1, 'staleTimestamps')
        : budget(fields.count, 'staleTimestamps.count'),
      number(fields, 'ageSeconds'),
    );
  }
  if ('failRequests' in body) {
    const spec = body.failRequests;
    const fields =
      typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>) : {};
    const status = number(fields, 'status');
    if (status !== undefined && status !== 500 && status !== 503)
      throw bad('failRequests.status must be 500 or 503');
    faults.failRequests(
      fields.count === undefined
        ? budget(spec ?? 1, 'failRequests')
        : budget(fields.count, 'failRequests.count'),
      { ...(status === undefined ? {} : { status }), afterEffect: fields.afterEffect === true },
    );
  }
}

/**
 * The control API under `/emulator/` for CLI users and tests in other languages: inbound calls,
 * remote parties, faults, logs. Returns false when the route is unknown.
 */
export async function handleControl(
  api: ControlApi,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (!url.pathname.startsWith(CONTROL_PREFIX)) return false;
  const route = `${req.method ?? 'GET'} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  const body = async () => readJsonBody(req, 65536);
  switch (route) {
    case 'GET calls':
      sendJson(res, 200, { calls: api.calls() });
      return true;
    case 'GET deliveries':
      sendJson(res, 200, { deliveries: api.deliveries() });
      return true;
    case 'GET requests':
      sendJson(res, 200, { requests: api.requests() });
      return true;
    case 'GET stats':
      sendJson(res, 200, api.stats());
      return true;
    case 'POST inbound':
      sendJson(res, 200, await api.simulateInbound(inboundParams(await body())));
      return true;
    case 'POST remote/hangup': {
      const fields = await body();
      sendJson(res, 200, { ok: api.remote.hangup(requiredId(fields), text(fields, 'cause')) });
      return true;
    }
    case 'POST remote/dtmf': {
      const fields = await body();
      const digits = text(fields, 'digits');
      if (digits === undefined) throw bad('digits is required');
      sendJson(res, 200, { ok: api.remote.pressDigits(requiredId(fields), digits) });
      return true;
    }
    case 'POST faults':
      applyFaults(api, await body());
      sendJson(res, 200, { ok: true });
      return true;
    case 'POST webhook-url': {
      const url = text(await body(), 'url');
      api.setWebhookUrl(url);
      sendJson(res, 200, { ok: true });
      return true;
    }
    case 'POST reset':
      api.reset();
      sendJson(res, 200, { ok: true });
      return true;
    default:
      return false;
  }
}
