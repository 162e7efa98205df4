import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookRequest, WebhookResponse } from './intake';

/** A Node `http` request listener (also usable as Express/Connect middleware's last handler). */
export type NodeWebhookListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Options of {@link nodeWebhookListener}. */
export interface NodeListenerOptions {
  /** Largest body read; a larger one is answered 413 and the connection closed. */
  readonly maxBodyBytes: number;
  /** Answer 404 to other paths (query strings ignored). @default any path */
  readonly path?: string;
}

function send(res: ServerResponse, response: WebhookResponse, close = false): void {
  if (res.headersSent) return;
  res.writeHead(response.status, {
    ...response.headers,
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(response.body);
}

function plain(status: number, message: string): WebhookResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: { message } }),
  };
}

/**
 * Adapts a webhook handler to Node's `http` (and to frameworks that expose the Node request):
 * reads the raw body (bounded), hands it over with the headers, writes the answer. When a
 * middleware already read the body (`req.body` set, as `express.raw()` does) that is used
 * instead; an already parsed JSON body is refused with a clear message by the handler.
 */
export function nodeWebhookListener(
  handle: (request: WebhookRequest) => WebhookResponse,
  options: NodeListenerOptions,
): NodeWebhookListener {
  return (req, res) => {
    if (options.path !== undefined && (req.url ?? '').split('?')[0] !== options.path) {
      send(res, plain(404, 'not found'));
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      send(res, plain(405, 'webhooks are POSTed'));
      req.resume();
      return;
    }
    const preread = (req as IncomingMessage & { body?: unknown }).body;
    if (preread !== undefined || req.readableEnded) {
      send(res, handle({ body: preread, headers: req.headers }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > options.maxBodyBytes) {
        refused = true;
        chunks.length = 0;
        send(res, plain(413, `the body is larger than ${options.maxBodyBytes} bytes`), true);
        res.on('finish', () => req.destroy());
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      refused = true;
    });
    req.on('end', () => {
      if (!refused) send(res, handle({ body: Buffer.concat(chunks), headers: req.headers }));
    });
  };
}

/** The client's own webhook server (`webhook.listen`): one `http` server, closed with the client. */
export class WebhookServer {
  private constructor(
    private readonly server: Server,
    /** Where it listens, e.g. `http://127.0.0.1:43817/telnyx/webhooks`. */
    readonly url: string,
  ) {}

  /** Starts listening; rejects with the listen error (port in use, bad host). */
  static async start(
    listener: NodeWebhookListener,
    host: string,
    port: number,
    path: string,
  ): Promise<WebhookServer> {
    const server = createServer(listener);
    // A webhook answer is small and quick: do not keep idle sockets open for long.
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return new WebhookServer(server, `http://${shown}:${address.port}${path}`);
  }

  /** Stops listening and closes every connection. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
