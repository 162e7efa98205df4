import WebSocket from 'ws';

/** A JSON event from the server. */
export type AcEvent = Record<string, unknown> & { event: string };

/** Query parameters of a session URL (values sent verbatim). */
export type AcQuery = Record<string, string>;

/**
 * A bare `ws` client written from the protocol reference (no SDK logic): every text frame,
 * binary frame and ping is kept in arrival order; waits look at past and future frames.
 */
export class AcClient implements AsyncDisposable {
  readonly ws: WebSocket;
  readonly events: AcEvent[] = [];
  /** Text frames that were not JSON objects with an `event`. */
  readonly otherTexts: string[] = [];
  readonly binaries: Buffer[] = [];
  readonly pings: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #listeners = new Set<() => void>();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data, isBinary) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      if (isBinary) {
        this.binaries.push(buffer);
      } else {
        const text = buffer.toString('utf8');
        try {
          const parsed = JSON.parse(text) as AcEvent;
          if (typeof parsed.event === 'string') this.events.push(parsed);
          else this.otherTexts.push(text);
        } catch {
          this.otherTexts.push(text);
        }
      }
      this.#notify();
    });
    ws.on('ping', (payload) => {
      this.pings.push(payload.toString('utf8'));
      this.#notify();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.#notify();
      });
    });
    ws.on('error', () => {});
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** Opens `base + path` (+ query) and waits for the upgrade. */
  static async open(base: string, path = '/call/sip', query: AcQuery = {}): Promise<AcClient> {
    const search = new URLSearchParams(query).toString();
    const client = new AcClient(
      new WebSocket(`${base}${path}${search === '' ? '' : `?${search}`}`),
    );
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('error', reject);
      client.ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode}`)),
      );
    });
    return client;
  }

  /** Sends a command object as one text frame. */
  send(command: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(command));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Event names in arrival order (optionally only those matching). */
  names(predicate: (event: AcEvent) => boolean = () => true): string[] {
    return this.events.filter(predicate).map((event) => event.event);
  }

  /** Resolves once `check` holds, re-checked on every frame; rejects after `timeoutMs`. */
  until<T>(check: () => T | undefined, timeoutMs = 3000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const first = check();
      if (first !== undefined) return resolve(first);
      const listener = (): void => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timeout waiting for ${what}; events: ${JSON.stringify(this.names())}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      this.#listeners.add(listener);
    });
  }

  /** The first event (past or future) named `name` that matches. */
  waitFor(
    name: string,
    predicate: (event: AcEvent) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<AcEvent> {
    return this.until(
      () => this.events.find((event) => event.event === name && predicate(event)),
      timeoutMs,
      `event ${name}`,
    );
  }

  /** Resolves with the close code once the server closed the socket. */
  async waitClosed(timeoutMs = 3000): Promise<{ code: number; reason: string }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`socket not closed; events: ${JSON.stringify(this.names())}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    if (this.ws.readyState !== WebSocket.CLOSING) this.ws.close(1000);
    await this.closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    await this.closed;
  }
}

/** Tries an upgrade and resolves with the HTTP status of the refusal (or 101). */
export function upgradeStatus(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.terminate();
      resolve({ status: 101, body: '' });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (error) => {
      if (!/Unexpected server response/.test(String(error))) reject(error);
    });
  });
}
