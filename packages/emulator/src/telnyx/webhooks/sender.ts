import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { realTimeout } from '../../timers';

/** What one POST of a webhook came to. */
export type SendResult =
  | { kind: 'answered'; status: number }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

/** Most bytes of a receiver's answer read (and thrown away) before the socket is dropped. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs webhooks over its own keep-alive agents, so that `close()` can destroy every socket it
 * opened and abort every request in flight: the emulator never keeps a process alive.
 */
export class WebhookSender {
  readonly #http = new HttpAgent({ keepAlive: true, maxSockets: 16 });
  readonly #https = new HttpsAgent({ keepAlive: true, maxSockets: 16 });
  readonly #inFlight = new Set<AbortController>();

  /** Requests in flight. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  post(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<SendResult> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const controller = new AbortController();
    this.#inFlight.add(controller);
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const settle = (result: SendResult) => {
        if (settled) return;
        settled = true;
        cancelTimer();
        this.#inFlight.delete(controller);
        resolve(result);
      };
      // Real time even under a test's fake timers: the receiver lives on real time too.
      const cancelTimer = realTimeout(timeoutMs, () => {
        settle({ kind: 'timeout' });
        controller.abort();
      });
      const send = secure ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          method: 'POST',
          agent: secure ? this.#https : this.#http,
          signal: controller.signal,
          headers: {
            ...headers,
            'Content-Type': 'application/json',
            'Content-Length': String(Buffer.byteLength(body)),
            'User-Agent': 'telnyx-webhooks',
          },
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) res.destroy();
          });
          res.on('error', () => {});
          // The status is what counts; settle once the answer was consumed (or cut off).
          res.on('close', () => settle({ kind: 'answered', status: res.statusCode ?? 0 }));
        },
      );
      req.on('error', (error) => settle({ kind: 'error', message: error.message }));
      req.end(body);
    });
  }

  /** Aborts every request in flight (each settles as an error). */
  abortAll(): void {
    for (const controller of this.#inFlight) controller.abort();
    this.#inFlight.clear();
  }

  /** Aborts every request in flight and destroys every socket. */
  close(): void {
    this.abortAll();
    this.#http.destroy();
    this.#https.destroy();
  }
}
