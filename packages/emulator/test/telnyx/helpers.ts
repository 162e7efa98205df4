import { createServer, type Server } from 'node:http';
import Telnyx from 'telnyx';
import {
  startTelnyxEmulator,
  type TelnyxEmulator,
  type TelnyxEmulatorOptions,
} from '../../src/index';

/** One webhook as the receiver got it: the raw body (for signatures) and its parse. */
export interface ReceivedWebhook {
  readonly raw: string;
  /** The request headers (single-valued ones), as `webhooks.unwrap` takes them. */
  readonly headers: Record<string, string>;
  readonly eventType: string;
  readonly eventId: string;
  readonly payload: Record<string, unknown>;
  readonly attempt: number;
}

type Responder = (webhook: ReceivedWebhook) => number | Promise<number>;

/**
 * A tiny local webhook receiver on 127.0.0.1 port 0: keeps every request it got (raw bodies
 * included), answers 200 unless told otherwise, and lets tests await a webhook by predicate.
 */
export class WebhookReceiver implements AsyncDisposable {
  readonly received: ReceivedWebhook[] = [];
  readonly #server: Server;
  readonly url: string;
  #respond: Responder = () => 200;
  readonly #waiters = new Set<() => void>();

  private constructor(server: Server, url: string) {
    this.#server = server;
    this.url = url;
  }

  static async start(path = '/hooks'): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = JSON.parse(raw) as {
          data: { event_type: string; id: string; payload: Record<string, unknown> };
          meta: { attempt: number };
        };
        const webhook: ReceivedWebhook = {
          raw,
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(
              (entry): entry is [string, string] => typeof entry[1] === 'string',
            ),
          ),
          eventType: envelope.data.event_type,
          eventId: envelope.data.id,
          payload: envelope.data.payload,
          attempt: envelope.meta.attempt,
        };
        const self = receiver as WebhookReceiver;
        self.received.push(webhook);
        for (const wake of self.#waiters) wake();
        Promise.resolve(self.#respond(webhook)).then((status) => {
          res.writeHead(status, { 'Content-Type': 'text/plain' });
          res.end('ok');
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${address.port}${path}`);
    return receiver;
  }

  /** Sets the status (or a function of the webhook) the receiver answers with. */
  respondWith(responder: number | Responder): void {
    this.#respond = typeof responder === 'number' ? () => responder : responder;
  }

  /** Webhooks of one call (by `call_control_id`, or `call_leg_id` for recordings). */
  forCall(callControlId: string): ReceivedWebhook[] {
    return this.received.filter((webhook) => webhook.payload.call_control_id === callControlId);
  }

  /** Event types of one call, in arrival order. */
  typesFor(callControlId: string): string[] {
    return this.forCall(callControlId).map((webhook) => webhook.eventType);
  }

  /** Resolves with the first received webhook (past or future) that matches. */
  waitFor(
    predicate: (webhook: ReceivedWebhook) => boolean,
    timeoutMs = 3000,
  ): Promise<ReceivedWebhook> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.received.find(predicate);
        if (found === undefined) return false;
        finish();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        const seen = this.received.map((webhook) => webhook.eventType).join(', ');
        reject(new Error(`no matching webhook within ${timeoutMs} ms; received: ${seen}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      const wake = () => {
        check();
      };
      this.#waiters.add(wake);
      check();
    });
  }

  /** Waits for an event of a call. */
  waitForEvent(
    callControlId: string,
    eventType: string,
    timeoutMs?: number,
  ): Promise<ReceivedWebhook> {
    return this.waitFor(
      (webhook) =>
        webhook.eventType === eventType && webhook.payload.call_control_id === callControlId,
      timeoutMs,
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A fast-timing Telnyx emulator delivering to `receiver`, closed by `await using`. */
export function fastTelnyx(
  receiver: WebhookReceiver | undefined,
  options: TelnyxEmulatorOptions = {},
): Promise<TelnyxEmulator> {
  return startTelnyxEmulator({
    timing: 'fast',
    ...(receiver === undefined ? {} : { webhookUrl: receiver.url }),
    ...options,
  });
}

/** The official SDK pointed at the emulator, without its own retries unless asked. */
export function sdkFor(
  emulator: TelnyxEmulator,
  options: { maxRetries?: number; apiKey?: string } = {},
): Telnyx {
  return new Telnyx({
    apiKey: options.apiKey ?? emulator.apiKey,
    baseURL: emulator.apiBase,
    publicKey: emulator.publicKey,
    maxRetries: options.maxRetries ?? 0,
  });
}

/** Polls `check` each event-loop turn until it holds (for server-side counters). */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Stats of an idle emulator. */
export const IDLE = { calls: 0, timers: 0, queuedWebhooks: 0, inFlightWebhooks: 0 } as const;

/** Base64 of a JSON value: the `client_state` convention. */
export function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}
