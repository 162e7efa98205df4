/**
 * `@callstream/active-call/node`: the webhook intake's Node `http` adapter. On its own entry so
 * that browser bundles of `@callstream/active-call` never include `node:http`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActiveCallClient } from './client';
import { isActiveCallError } from './codes';
import { MAX_WEBHOOK_BYTES } from './webhook/payload';

/** Options of {@link createWebhookListener}. */
export interface WebhookListenerOptions {
  /** Only POSTs to this path are taken (others get 404); `undefined` takes every path. @default undefined */
  path?: string;
  /** Largest body read; larger ones are answered 413. @default 262144 */
  maxBodyBytes?: number;
  /** How long reading a body may take before the request is answered 408. @default 10000 */
  bodyTimeoutMs?: number;
}

/** A Node request handler for `http.createServer` (or Express, Fastify's raw handler…). */
export type WebhookListener = (request: IncomingMessage, response: ServerResponse) => void;

function reply(response: ServerResponse, status: number, message: string): void {
  if (response.headersSent) return;
  const body = JSON.stringify({ message });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/**
 * A Node `http` handler for the server's webhook: reads the body (bounded), hands it to
 * `client.handleWebhook`, and answers 200 `{"message":"OK"}` as soon as the offer is on
 * `incoming$`: 400/413 for a bad body, 503 when the client takes no calls, 405 for other
 * methods, 404 for other paths.
 */
export function createWebhookListener(
  client: ActiveCallClient,
  options: WebhookListenerOptions = {},
): WebhookListener {
  const maxBytes = options.maxBodyBytes ?? MAX_WEBHOOK_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;
  if (!Number.isInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError('createWebhookListener: maxBodyBytes must be a whole number >= 1');
  }
  if (!Number.isInteger(bodyTimeoutMs) || bodyTimeoutMs < 1) {
    throw new RangeError('createWebhookListener: bodyTimeoutMs must be a whole number >= 1');
  }
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (options.path !== undefined && path !== options.path) {
      reply(response, 404, 'not found');
      request.resume();
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      reply(response, 405, 'only POST');
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (status: number, message: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reply(response, status, message);
    };
    const timer = setTimeout(() => {
      finish(408, 'the body did not arrive in time');
      request.destroy();
    }, bodyTimeoutMs);
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        finish(413, `the body is larger than ${maxBytes} bytes`);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', () => finish(400, 'the request failed'));
    request.on('end', () => {
      if (done) return;
      client.handleWebhook(Buffer.concat(chunks)).then(
        () => finish(200, 'OK'),
        (error: unknown) => {
          const status =
            isActiveCallError(error) && error.statusCode !== undefined ? error.statusCode : 500;
          finish(status, error instanceof Error ? error.message : 'failed');
        },
      );
    });
  };
}

/** A running webhook server: `await using` (or `close()`) stops it. */
export interface WebhookServer extends AsyncDisposable {
  /** `http://host:port<path>`: the URL to configure as the server's webhook handler. */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** Stops listening and drops open connections. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link listenForWebhooks}. */
export interface ListenOptions extends WebhookListenerOptions {
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface. @default '127.0.0.1' */
  host?: string;
}

/**
 * Starts an `http` server that feeds the server's webhooks to `client`. Resolves once it
 * listens; the URL to give the server (`--handler URL`, `[handler] url`) is `url`.
 */
export async function listenForWebhooks(
  client: ActiveCallClient,
  options: ListenOptions = {},
): Promise<WebhookServer> {
  const { port = 0, host = '127.0.0.1', ...listener } = options;
  const server: Server = createServer(createWebhookListener(client, listener));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return {
    url: `http://${shownHost}:${bound}${listener.path ?? '/'}`,
    port: bound,
    close,
    [Symbol.asyncDispose]: close,
  };
}
