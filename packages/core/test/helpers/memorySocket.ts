import type { WebSocketConstructor } from '@callstream/ws';

/** What an in-memory server does with a socket's sent frames. */
export interface MemoryServer {
  /** Every socket created so far, newest last. */
  readonly sockets: MemorySocket[];
  /** Every frame the client sent (parsed), in order, over every socket. */
  readonly sent: Array<Record<string, unknown>>;
  /** Hosts the client tried to open (for transport-security checks). */
  readonly urls: string[];
  /** The WebSocket constructor to inject into `createClient`. */
  readonly WebSocket: WebSocketConstructor;
}

/**
 * A WebSocket that lives in memory: no network, no timers. It opens on the next microtask,
 * greets like a CM and answers `register` (unless `autoRegister` is false); the test then pushes
 * any frame with {@link MemorySocket.receive}, synchronously, which is what property tests need
 * to run tens of thousands of frames in seconds.
 */
export class MemorySocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  readyState = MemorySocket.CONNECTING;
  bufferedAmount = 0;
  binaryType = 'blob';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(
    private readonly server: { sent: Array<Record<string, unknown>> },
    private readonly autoRegister: boolean,
  ) {
    queueMicrotask(() => {
      if (this.readyState !== MemorySocket.CONNECTING) return;
      this.readyState = MemorySocket.OPEN;
      this.onopen?.({});
      if (this.autoRegister) this.receive({ status: 'connected', session_id: 'memory' });
    });
  }

  send(data: unknown): void {
    if (this.readyState !== MemorySocket.OPEN) throw new Error('not open');
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    this.server.sent.push(frame);
    if (this.autoRegister && frame.action === 'register') this.receive({ status: 'registered' });
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === MemorySocket.CLOSED) return;
    this.readyState = MemorySocket.CLOSED;
    queueMicrotask(() => this.onclose?.({ code, reason, wasClean: true }));
  }

  /** Delivers a frame to the client: an object is sent as JSON text, anything else as is. */
  receive(frame: unknown): void {
    if (this.readyState !== MemorySocket.OPEN) return;
    const data =
      typeof frame === 'string' || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame);
    this.onmessage?.({ data });
  }

  /** The server goes away without a close frame. */
  drop(): void {
    if (this.readyState === MemorySocket.CLOSED) return;
    this.readyState = MemorySocket.CLOSED;
    this.onclose?.({ code: 1006, reason: '', wasClean: false });
  }
}

/** A fresh in-memory server; `WebSocket` creates sockets connected to it. */
export function memoryServer(options: { autoRegister?: boolean } = {}): MemoryServer {
  const autoRegister = options.autoRegister ?? true;
  const server = {
    sockets: [] as MemorySocket[],
    sent: [] as Array<Record<string, unknown>>,
    urls: [] as string[],
  };
  class BoundSocket extends MemorySocket {
    constructor(url: string | URL) {
      super(server, autoRegister);
      server.urls.push(String(url));
      server.sockets.push(this);
    }
  }
  return { ...server, WebSocket: BoundSocket as unknown as WebSocketConstructor };
}
