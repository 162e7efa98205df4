import { type KeyObject, randomUUID, sign } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TelnyxClient } from '@callstream/telnyx';

/**
 * The requests of the Telnyx SDK instances a fixture hands out (their `fetch`): held before they
 * are sent until released, or failed like a reset connection.
 */
export class RequestGate {
  private holding = false;
  private held: Array<{ resume: () => void; fail: (error: Error) => void }> = [];

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (this.holding) {
      await new Promise<void>((resume, fail) => this.held.push({ resume, fail }));
    }
    return fetch(input, init);
  };

  /** Holds every request from now on; the returned function sends the held ones. */
  hold(): () => void {
    this.holding = true;
    return () => {
      this.holding = false;
      for (const request of this.held.splice(0)) request.resume();
    };
  }

  /** Fails every held request as a reset connection would (`fetch failed`). */
  drop(): void {
    for (const request of this.held.splice(0)) request.fail(new TypeError('fetch failed'));
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The application's webhook endpoint of a fixture (see {@link startReceiver}). */
export interface WebhookReceiver {
  /** Its URL (the emulator's application webhook URL). */
  readonly url: string;
  /** Destroys every delivery for `ms` (the emulator retries, then gives up). */
  down(ms: number): void;
  /** Hands one webhook to every client, as a delivery to the URL would (no HTTP). */
  dispatch(body: Buffer, headers: IncomingHttpHeaders): void;
  close(): Promise<void>;
}

/**
 * The application's webhook URL: hands every webhook (raw body, headers) to every client of the
 * fixture, as several processes behind one URL would see them; a client ignores legs it does not
 * know. While `down`, connections are destroyed.
 */
export async function startReceiver(clients: readonly TelnyxClient[]): Promise<WebhookReceiver> {
  let downUntil = 0;
  const dispatch = (body: Buffer, headers: IncomingHttpHeaders) => {
    const answers = clients.map((client) => client.webhookHandler({ body, headers }));
    return answers.find((item) => item.status === 200) ?? answers[0];
  };
  const server: Server = createServer(async (req, res) => {
    if (Date.now() < downUntil) {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req).catch(() => undefined);
    if (body === undefined) return;
    const answer = dispatch(body, req.headers);
    res.writeHead(answer?.status ?? 503, answer?.headers ?? {});
    res.end(answer?.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/telnyx`,
    down(ms) {
      downUntil = Date.now() + ms;
    },
    dispatch(body, headers) {
      dispatch(body, headers);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * `body` (a webhook as the emulator sent it) as a new event: a fresh `data.id` and timestamp,
 * signed with the emulator's private key the way Telnyx signs (`timestamp|body`), so the client's
 * dedupe by event id does not hide it and only its own ordering rules can.
 */
export function resignedAsNew(
  body: string,
  privateKey: KeyObject,
): { body: Buffer; headers: IncomingHttpHeaders } {
  const envelope = JSON.parse(body) as { data: { id: string } };
  envelope.data.id = randomUUID();
  const text = JSON.stringify(envelope);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(`${timestamp}|${text}`, 'utf8'), privateKey);
  return {
    body: Buffer.from(text, 'utf8'),
    headers: {
      'content-type': 'application/json',
      'telnyx-timestamp': timestamp,
      'telnyx-signature-ed25519': signature.toString('base64'),
    },
  };
}
