import type { WebSocketLike } from '@callstream/ws';
import type { ResolvedKeepAlive } from './options';

/** Liveness watch over one open socket. */
export interface KeepAlive {
  /** Records an inbound frame: the peer is alive. Cheap enough to call for every frame. */
  touch(): void;
  /** Clears every timer and listener. Idempotent. */
  stop(): void;
}

/**
 * The part of a Node `ws` socket that can ping. Detected on the instance (capability check),
 * never by looking at the runtime: browsers' sockets simply do not have these methods.
 */
interface PingingSocket {
  ping(): void;
  on(event: 'ping' | 'pong', listener: () => void): unknown;
  off?(event: 'ping' | 'pong', listener: () => void): unknown;
  removeListener?(event: 'ping' | 'pong', listener: () => void): unknown;
}

function asPingingSocket(socket: WebSocketLike): PingingSocket | undefined {
  const candidate = socket as unknown as Partial<PingingSocket>;
  return typeof candidate.ping === 'function' && typeof candidate.on === 'function'
    ? (candidate as PingingSocket)
    : undefined;
}

const now = () => performance.now();

/**
 * Starts the liveness timers of an open socket: pings where the socket can send them (a pong,
 * or any other frame, must follow within `pongTimeoutMs`), and the idle timer everywhere.
 * `onTimeout` is called at most once, with a sentence for the error message.
 */
export function startKeepAlive(
  socket: WebSocketLike,
  options: ResolvedKeepAlive,
  onTimeout: (why: string) => void,
): KeepAlive {
  const { pingIntervalMs, pongTimeoutMs, idleTimeoutMs } = options;
  const pinger = asPingingSocket(socket);
  let lastInboundAt = now();
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  /** The watchdogs' timers, by watchdog (ping deadline, idle), while armed. */
  const watchdogs: Array<ReturnType<typeof setTimeout> | undefined> = [];
  let stopped = false;

  // A frame only stores a timestamp; the timers compare against it when they fire, so a busy
  // socket does not pay for clearing and re-arming a timer on every frame. One timestamp per
  // macrotask: the frames of one socket read arrive together, and reading the clock for each
  // of them cost more than the rest of the keep-alive.
  let touched = false;
  const untouch = () => {
    touched = false;
  };
  const touch = () => {
    if (touched) return;
    touched = true;
    lastInboundAt = now();
    queueMicrotask(untouch);
  };

  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (pingTimer !== undefined) clearInterval(pingTimer);
    pingTimer = undefined;
    for (const timer of watchdogs) if (timer !== undefined) clearTimeout(timer);
    watchdogs.length = 0;
    if (pinger !== undefined) {
      const remove = (pinger.off ?? pinger.removeListener)?.bind(pinger);
      remove?.('ping', touch);
      remove?.('pong', touch);
    }
  };

  /** Times out once nothing arrived for `limitMs`; re-arms for the rest of it when something did. */
  const watch = (limitMs: number, why: string) => {
    const slot = watchdogs.length;
    const check = () => {
      const silentMs = now() - lastInboundAt;
      if (silentMs >= limitMs) {
        watchdogs[slot] = undefined;
        stop();
        onTimeout(why);
      } else {
        watchdogs[slot] = setTimeout(check, limitMs - silentMs);
      }
    };
    watchdogs[slot] = setTimeout(check, limitMs);
  };

  const listen =
    pinger !== undefined && (pingIntervalMs !== undefined || idleTimeoutMs !== undefined);
  if (listen) {
    pinger.on('ping', touch);
    pinger.on('pong', touch);
  }

  if (pinger !== undefined && pingIntervalMs !== undefined) {
    pingTimer = setInterval(() => {
      try {
        pinger.ping();
      } catch {
        // The socket is closing; its close event ends the connection.
      }
    }, pingIntervalMs);
    // A ping goes out at most one interval after the last inbound frame, and its answer is due
    // within pongTimeoutMs: so the peer is dead once nothing arrived for interval + timeout.
    // One deadline from the last inbound frame gives that bound exactly, whatever the phase.
    watch(pingIntervalMs + pongTimeoutMs, `nothing arrived within ${pongTimeoutMs} ms of a ping`);
  }

  if (idleTimeoutMs !== undefined) watch(idleTimeoutMs, `no inbound frame for ${idleTimeoutMs} ms`);

  return { touch, stop };
}
