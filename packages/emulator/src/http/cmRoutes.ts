import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpApi } from './api';
import { readJsonObject, sendJson } from './json';

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

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * `POST /v1/api/service` `{"action":"lookup",…}` (§9.4, §11.2): the request is held until a
 * session accepts (200 bundle) or rejects (404), the hold expires (404), or at once 500 when
 * nobody can take the DID. A gateway that hangs up its request cancels the lookup.
 */
export async function serviceLookup(
  api: HttpApi,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readJsonObject(req);
  if (body.action !== 'lookup') {
    sendJson(res, 400, { error: 'unknown action' });
    return;
  }
  const did = text(body.did);
  if (did === '') {
    sendJson(res, 400, { error: 'missing parameters: did' });
    return;
  }
  let answered = false;
  const cancel = api.lookup(
    {
      did,
      from: text(body.callerid),
      callid: text(body.callid) || randomUUID(),
      pin: text(body.pin),
    },
    (outcome) => {
      answered = true;
      sendJson(res, outcome.status, outcome.body);
    },
  );
  res.on('close', () => {
    if (!answered) cancel();
  });
}

/** `POST /webhook`: a gateway event for the owner of the leg it names. */
export async function webhook(
  api: HttpApi,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const event = await readJsonObject(req);
  sendJson(res, 200, { delivered: api.injectEvent(event) });
}
