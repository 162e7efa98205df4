import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorError } from '../errors';
import type { EmulatorLogger } from '../logger';
import type { HttpApi } from './api';
import { serviceLookup, serviceStatus, webhook, websocketStatus } from './cmRoutes';
import { CONTROL_PREFIX, handleControl } from './controlRoutes';
import { BodyError, CORS_HEADERS, sendBodyError, sendJson } from './json';

async function route(api: HttpApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://emulator.local');
  } catch {
    throw new BodyError(400, 'invalid request target');
  }
  const path = url.pathname;
  if (method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
  if (method === 'GET' && path === '/v1/api/websocket-status') return websocketStatus(api, res);
  if (method === 'GET' && path === '/v1/api/service') return serviceStatus(api, url, res);
  if (method === 'POST' && path === '/v1/api/service') return serviceLookup(api, req, res);
  if (method === 'POST' && path === '/webhook') return webhook(api, req, res);
  if (path.startsWith(CONTROL_PREFIX) && (await handleControl(api, method, path, req, res))) return;
  sendJson(res, 404, { error: 'not found' });
}

/** The HTTP request handler: CM endpoints, the control API, CORS; errors become JSON, never crashes. */
export function createRequestHandler(api: HttpApi, logger: EmulatorLogger) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(api, req, res).catch((error: unknown) => {
      if (error instanceof BodyError) {
        sendBodyError(res, error);
      } else if (error instanceof EmulatorError) {
        sendJson(res, 400, { error: error.message, code: error.code });
      } else {
        logger.error('http handler failed', { path: req.url?.slice(0, 200), error: String(error) });
        sendJson(res, 500, { error: 'internal error' });
      }
    });
  };
}
