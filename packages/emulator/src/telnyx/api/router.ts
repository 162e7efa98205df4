import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorError } from '../../errors';
import type { BoundedLog } from '../boundedLog';
import type { TelnyxContext } from '../context';
import type { TelnyxApiRequest } from '../types';
import type { ApiAnswer, RequestFacts } from './answer';
import type { ApiState } from './apiState';
import { activeCalls, dial, retrieveCall } from './callRoutes';
import { type ControlApi, handleControl } from './controlRoutes';
import { apiError, TelnyxApiError } from './errors';
import { readJsonBody, sendJson } from './http';
import { redactBody } from './redact';
import { runAction } from './runAction';

/** What the HTTP handler needs. */
export interface RouterDeps {
  readonly ctx: TelnyxContext;
  readonly api: ApiState;
  readonly apiKey: string;
  readonly requests: BoundedLog<TelnyxApiRequest>;
  readonly control: ControlApi;
}

function bearerMatches(header: string | undefined, apiKey: string): boolean {
  if (header === undefined) return false;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (match === null) return false;
  const given = Buffer.from(match[1] ?? '', 'utf8');
  const expected = Buffer.from(apiKey, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function segments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .slice(2)
      .map((part) => decodeURIComponent(part));
  } catch {
    return undefined;
  }
}

/** Picks the `/v2` route; undefined when none matches (404). */
function route(
  deps: RouterDeps,
  method: string,
  parts: readonly string[],
  query: URLSearchParams,
  body: Record<string, unknown>,
  facts: RequestFacts,
): ApiAnswer | undefined {
  const { ctx, api } = deps;
  const [resource, id, sub, verb, ...rest] = parts;
  if (rest.length > 0 || id === '') return undefined;
  if (resource === 'calls') {
    if (id === undefined) return method === 'POST' ? dial(ctx, api, body, facts) : undefined;
    if (sub === undefined) return method === 'GET' ? retrieveCall(ctx, id, facts) : undefined;
    if (sub === 'actions' && verb !== undefined && (method === 'POST' || method === 'PUT')) {
      const expected = verb === 'client_state_update' ? 'PUT' : 'POST';
      return method === expected ? runAction(ctx, api, verb, id, body, facts) : undefined;
    }
    return undefined;
  }
  if (
    resource === 'connections' &&
    id !== undefined &&
    sub === 'active_calls' &&
    verb === undefined
  ) {
    return method === 'GET' ? activeCalls(ctx, id, query, facts) : undefined;
  }
  return undefined;
}

async function handleApi(
  deps: RouterDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { ctx, api } = deps;
  const method = req.method ?? 'GET';
  const facts: RequestFacts = {};
  const authorized =
    !ctx.faults.keyRevoked && bearerMatches(req.headers.authorization, deps.apiKey);
  let body: Record<string, unknown> | undefined;
  let status = 500;
  let errorCode: string | undefined;
  try {
    if (!authorized) throw apiError.unauthorized();
    const general = api.apiLimiter?.take();
    if (general !== undefined && !general.ok) throw apiError.rateLimited(general.retryAfterSeconds);
    body = await readJsonBody(req, ctx.options.maxBodyBytes);
    const parts = segments(url.pathname);
    const { faults } = ctx;
    const failing = faults.failRequest.take();
    if (failing && !faults.failAfterEffect) throw apiError.serverError(faults.failStatus);
    const answer =
      parts === undefined ? undefined : route(deps, method, parts, url.searchParams, body, facts);
    if (answer === undefined) throw apiError.notFound();
    // The effect happened; only the answer is lost (a client must retry with the same command_id).
    if (failing) throw apiError.serverError(faults.failStatus);
    status = answer.status;
    const send = () => sendJson(res, answer.status, answer.body, answer.headers);
    if (answer.delayMs !== undefined && answer.delayMs > 0) ctx.timers.set(answer.delayMs, send);
    else send();
  } catch (error) {
    let failure: TelnyxApiError;
    if (error instanceof TelnyxApiError) failure = error;
    else {
      ctx.logger.error('telnyx api handler failed', { path: url.pathname, error: String(error) });
      failure = apiError.serverError();
    }
    status = failure.status;
    errorCode = failure.code;
    sendJson(res, failure.status, failure.toBody(), failure.headers);
  }
  deps.requests.push(
    Object.freeze({
      at: Date.now(),
      method,
      path: url.pathname,
      status,
      ...(errorCode === undefined ? {} : { errorCode }),
      authorized,
      ...(facts.callControlId === undefined ? {} : { callControlId: facts.callControlId }),
      ...(facts.action === undefined ? {} : { action: facts.action }),
      ...(facts.commandId === undefined ? {} : { commandId: facts.commandId }),
      replayed: facts.replayed === true,
      ...(body === undefined ? {} : { body: redactBody(body) as Record<string, unknown> }),
    }),
  );
  ctx.logger.debug('telnyx api', {
    method,
    path: url.pathname,
    status,
    ...(errorCode === undefined ? {} : { errorCode }),
  });
}

/** The HTTP handler: `/v2` (Telnyx's API), `/emulator/` (control API), 404 elsewhere. */
export function createTelnyxHandler(deps: RouterDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const work = url.pathname.startsWith('/v2/')
      ? handleApi(deps, req, res, url)
      : handleControl(deps.control, req, res, url).then((handled) => {
          if (!handled) sendJson(res, 404, apiError.notFound().toBody());
        });
    work.catch((error: unknown) => {
      if (error instanceof EmulatorError) {
        sendJson(res, 400, { error: error.message, code: error.code });
        return;
      }
      if (error instanceof TelnyxApiError) {
        sendJson(res, error.status, error.toBody());
        return;
      }
      deps.ctx.logger.error('telnyx http handler failed', {
        path: url.pathname,
        error: String(error),
      });
      sendJson(res, 500, apiError.serverError().toBody());
    });
  };
}
