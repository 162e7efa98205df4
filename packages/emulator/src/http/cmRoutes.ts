import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpApi } from './api';
import { optionalText, readBody } from './body';
import { sendJson } from './json';

/** `GET /v1/api/websocket-status` (§11.1): registered sessions, no auth. */
export function websocketStatus(api: HttpApi, res: ServerResponse): void {
  sendJson(res, 200, api.status());
}

/** `GET /v1/api/service?action=status&auth=…`: a small status page. */
export function serviceStatus(api: HttpApi, url: URL, res: ServerResponse): void {
  if (url.searchParams.get('action') !== 'status') {
    sendJson(res, 400, { error: 'unknown action' });
    return;
  }
  if (!api.isKnownToken(url.searchParams.get('auth') ?? '')) {
    sendJson(res, 401, { error: 'unauthorized' });
    return;
  }
  const stats = api.stats();
  sendJson(res, 200, { status: 'ok', emulator: true, ...stats, quirks: api.quirks() });
}

/**
 * `POST /v1/api/service` `{"action":"lookup",…}` (§9.4, §11.2): the request is held until a
 * session accepts (200 bundle) or rejects (404), the hold expires (404), or at once 500 when
 * nobody can take the DID (503 past `limits.maxHeldLookups`). A gateway that hangs up its
 * request cancels the lookup. String fields longer than `limits.maxFieldLength` get 400.
 */
export async function serviceLookup(
  api: HttpApi,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(api.limits, req);
  if (body.action !== 'lookup') {
    sendJson(res, 400, { error: 'unknown action' });
    return;
  }
  const max = api.limits.maxFieldLength;
  const did = optionalText(body, 'did', max);
  if (did === undefined) {
    sendJson(res, 400, { error: 'missing parameters: did' });
    return;
  }
  const request = {
    did,
    from: optionalText(body, 'callerid', max) ?? '',
    callid: optionalText(body, 'callid', max) ?? randomUUID(),
    pin: optionalText(body, 'pin', max) ?? '',
  };
  let answered = false;
  const lookup = api.lookup(request, (outcome) => {
    answered = true;
    sendJson(res, outcome.status, outcome.body);
  });
  res.on('close', () => {
    if (!answered) lookup.cancel();
  });
}

/** `POST /webhook`: a gateway event for the owner of the leg it names. */
export async function webhook(
  api: HttpApi,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const event = await readBody(api.limits, req);
  sendJson(res, 200, { delivered: api.injectEvent(event) });
}
