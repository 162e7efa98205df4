import type { WebSocketConstructor } from '@callstream/ws';
import { ConnectionError, isCallstreamError } from '../errors';

/** Options of the application-level heartbeat (for runtimes whose WebSocket cannot ping). */
export interface HeartbeatOptions {
  /** How often to send the heartbeat command. @default 15000 */
  intervalMs?: number;
  /** How long its reply may take before the connection counts as dead. @default 10000 */
  timeoutMs?: number;
}

/** Heartbeat settings with defaults applied. */
export interface ResolvedHeartbeat {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/** Interval and reply timeout of the heartbeat when not configured. */
export const HEARTBEAT_DEFAULTS: ResolvedHeartbeat = { intervalMs: 15_000, timeoutMs: 10_000 };

/**
 * The default: a heartbeat only where the WebSocket implementation has no `ping` (browsers,
 * workers, Deno, Bun). Decided from the constructor the client will use, a capability check,
 * never by looking at the runtime.
 */
export function defaultHeartbeat(
  WebSocket: WebSocketConstructor | undefined,
): ResolvedHeartbeat | false {
  const prototype = (WebSocket as { prototype?: { ping?: unknown } } | undefined)?.prototype;
  return typeof prototype?.ping === 'function' ? false : HEARTBEAT_DEFAULTS;
}

/**
 * Runs one heartbeat loop for a registered connection: every `intervalMs`, `beat()` sends a
 * command that changes nothing on the server (it may return `false` to skip a beat); when its
 * reply times out, `onDead` gets a `liveness-timeout` error. Returns the stop function.
 */
export function startHeartbeat(
  options: ResolvedHeartbeat,
  beat: (timeoutMs: number) => Promise<unknown> | false,
  onDead: (error: ConnectionError) => void,
): () => void {
  const timer = setInterval(() => {
    const sent = beat(options.timeoutMs);
    if (sent === false) return;
    sent.catch((error: unknown) => {
      if (!isCallstreamError(error, 'command-timeout')) return;
      onDead(
        new ConnectionError(
          'liveness-timeout',
          `the server did not answer a heartbeat within ${options.timeoutMs} ms`,
          { cause: error },
        ),
      );
    });
  }, options.intervalMs);
  return () => clearInterval(timer);
}
