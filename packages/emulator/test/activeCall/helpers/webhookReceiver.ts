import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** One webhook POST as received. */
export interface WebhookRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

/** A tiny HTTP receiver on 127.0.0.1 port 0 for the inbound-call webhook. */
export interface WebhookReceiver extends AsyncDisposable {
  readonly url: string;
  readonly requests: WebhookRequest[];
  /** Status to answer with from now on. @default 200 */
  status: number;
  /** Called for each request before answering (e.g. to connect first, like a fast app). */
  onRequest: ((request: WebhookRequest) => Promise<void> | void) | undefined;
  /** Resolves with the `count`-th request (1-based), past or future. */
  nth(count: number, timeoutMs?: number): Promise<WebhookRequest>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: WebhookRequest[] = [];
  const waiters = new Set<() => void>();
  const receiver: WebhookReceiver = {
    url: '',
    requests,
    status: 200,
    onRequest: undefined,
    nth(count, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const request = requests[count - 1];
          if (!request) return false;
          clearTimeout(timer);
          waiters.delete(listener);
          resolve(request);
          return true;
        };
        const listener = (): void => {
          check();
        };
        const timer = setTimeout(() => {
          waiters.delete(listener);
          reject(new Error(`no webhook request #${count}`));
        }, timeoutMs);
        if (!check()) waiters.add(listener);
      });
    },
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: WebhookRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
      };
      requests.push(request);
      for (const waiter of [...waiters]) waiter();
      void Promise.resolve(receiver.onRequest?.(request)).then(() => {
        res.writeHead(receiver.status, { 'Content-Type': 'application/json' });
        res.end('{"message":"OK"}');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  (receiver as { url: string }).url = `http://127.0.0.1:${address.port}/webhook`;
  return receiver;
}
