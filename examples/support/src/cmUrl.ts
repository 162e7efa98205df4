import { ExampleError } from './errors';

/** The Call Manager's only WebSocket path. */
export const CM_WS_PATH = '/v1/ws/events';

/**
 * The WebSocket URL for a `CM_HOST` value, the way the Go SDK examples read it: a bare host
 * (`sipcm.agora.io`, `host:7360`) becomes `wss://HOST/v1/ws/events`; a full `ws://` or `wss://`
 * URL is used as it is. An `http(s)://` origin is accepted too and mapped to `ws(s)://`.
 */
export function cmUrl(host: string): string {
  const value = host.trim();
  if (value === '') throw new ExampleError('missing-config', 'CM_HOST is empty');
  if (/^wss?:\/\//i.test(value)) return value;
  const http = /^(https?):\/\/([^/]+)\/*$/i.exec(value);
  if (http) return `${http[1]?.toLowerCase() === 'https' ? 'wss' : 'ws'}://${http[2]}${CM_WS_PATH}`;
  if (value.includes('/') || /\s/.test(value)) {
    throw new ExampleError(
      'missing-config',
      `CM_HOST must be a host name (like sipcm.agora.io) or a ws:// / wss:// URL, not ${JSON.stringify(value)}`,
    );
  }
  return `wss://${value}${CM_WS_PATH}`;
}

/**
 * The HTTP origin serving the same Call Manager as a WebSocket URL (`wss://h/…` → `https://h`),
 * where `GET /v1/api/websocket-status` and, on the emulator, `/v1/emulator/*` live.
 */
export function httpOrigin(wsUrl: string): string {
  const url = new URL(wsUrl);
  const protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return `${protocol}//${url.host}`;
}
