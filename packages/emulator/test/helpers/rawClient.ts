import WebSocket from 'ws';
import { DEFAULT_APP_IDS, DEFAULT_TOKEN } from '../../src/index';

/** A JSON message from the server. */
export type Message = Record<string, unknown>;

/** Options of {@link RawClient.register}. */
export interface RegisterOptions {
  clientId?: string;
  appid?: string;
  token?: string;
  subscribeNumbers?: string[];
}

let clientCounter = 0;

/**
 * A bare `ws` client for the emulator tests: no SDK logic, every frame kept in arrival order,
 * waits that look at past and future messages, and no sleeps.
 */
export class RawClient implements AsyncDisposable {
  readonly ws: WebSocket;
  /** Every parsed JSON message, in order. */
  readonly messages: Message[] = [];
  /** Every text frame that was not JSON. */
  readonly rawTexts: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  greeting: Message = {};
  clientId = '';
  #requestCounter = 0;
  readonly #listeners = new Set<() => void>();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const text = data.toString();
      try {
        this.messages.push(JSON.parse(text) as Message);
      } catch {
        this.rawTexts.push(text);
      }
      for (const listener of [...this.#listeners]) listener();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const listener of [...this.#listeners]) listener();
      });
    });
    ws.on('error', () => {});
  }

  /** Opens a socket and waits for the greeting. */
  static async connect(url: string): Promise<RawClient> {
    const client = new RawClient(new WebSocket(url));
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('error', reject);
    });
    client.greeting = await client.waitFor((m) => 'status' in m && m.status === 'connected');
    return client;
  }

  /** Connects and registers with the default token and first default appid unless told otherwise. */
  static async registered(url: string, options: RegisterOptions = {}): Promise<RawClient> {
    const client = await RawClient.connect(url);
    const reply = await client.register(options);
    if (reply.status !== 'registered') throw new Error(`register failed: ${JSON.stringify(reply)}`);
    return client;
  }

  /** Sends `register` and resolves with the register answer. */
  async register(options: RegisterOptions = {}): Promise<Message> {
    clientCounter += 1;
    this.clientId = options.clientId ?? `rawtest_${process.pid}_${clientCounter}`;
    const frame: Message = {
      action: 'register',
      auth_token: options.token ?? DEFAULT_TOKEN,
      client_id: this.clientId,
      appid: options.appid ?? DEFAULT_APP_IDS[0],
    };
    if (options.subscribeNumbers) frame.subscribe_numbers = options.subscribeNumbers;
    const index = this.messages.length;
    this.send(frame);
    return this.waitFor((m, i) => i >= index && 'status' in m);
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  sendRaw(text: string | Buffer): void {
    this.ws.send(text);
  }

  /** Sends a command with a fresh `request_id` and resolves with the reply that echoes it. */
  async command(action: string, fields: Message = {}, timeoutMs?: number): Promise<Message> {
    this.#requestCounter += 1;
    const requestId = `${action}_${this.#requestCounter}`;
    this.send({ action, ...fields, request_id: requestId });
    return this.waitFor((m) => m.request_id === requestId, timeoutMs);
  }

  /** Events (messages with an `event` field). */
  events(predicate: (m: Message) => boolean = () => true): Message[] {
    return this.messages.filter((m) => typeof m.event === 'string' && predicate(m));
  }

  /** Event names for one callid (or any of several), in order. */
  eventNames(...callids: string[]): string[] {
    return this.events((m) => callids.includes(String(m.callid))).map((m) => String(m.event));
  }

  /** First message (past or future) matching the predicate. */
  waitFor(predicate: (m: Message, index: number) => boolean, timeoutMs = 3000): Promise<Message> {
    return this.waitForCount(predicate, 1, timeoutMs).then((list) => list[0] as Message);
  }

  /** Resolves once `count` messages match. */
  waitForCount(
    predicate: (m: Message, index: number) => boolean,
    count: number,
    timeoutMs = 3000,
  ): Promise<Message[]> {
    return new Promise((resolve, reject) => {
      const found: Message[] = [];
      let scanned = 0;
      // Scans only messages not seen before, so long waits stay linear.
      const check = (): boolean => {
        for (; scanned < this.messages.length && found.length < count; scanned += 1) {
          const message = this.messages[scanned] as Message;
          if (predicate(message, scanned)) found.push(message);
        }
        if (found.length < count) return false;
        resolve(found);
        return true;
      };
      if (check()) return;
      const listener = (): void => {
        if (!check()) return;
        cleanup();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `timeout waiting for ${count} message(s); got ${JSON.stringify(this.messages.slice(-5))}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      this.#listeners.add(listener);
    });
  }

  /** Resolves with the event named `event` on `callid`. */
  waitForEvent(event: string, callid?: string, timeoutMs?: number): Promise<Message> {
    return this.waitFor(
      (m) => m.event === event && (callid === undefined || m.callid === callid),
      timeoutMs,
    );
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    if (this.ws.readyState !== WebSocket.CLOSING) this.ws.close(1000);
    await this.closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.ws.terminate();
    await this.closed;
  }
}
