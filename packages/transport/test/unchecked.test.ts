import type { WebSocketConstructor } from '@callstream/ws';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import {
  type Connection,
  openSocketUnchecked,
  type SocketOptions,
  type SocketState,
} from '../src/index';
import { resolveSocketOptions, withDefaults } from '../src/options';
import { startServer } from './fixtures/server';

describe('openSocketUnchecked', () => {
  const onState = () => {};
  it.each<[string, SocketOptions]>([
    ['only a url', { url: 'ws://127.0.0.1:8080/v1/ws?token=SECRET' }],
    ['a URL object and protocols', { url: new URL('wss://example.test/a'), protocols: ['cm'] }],
    ['keep-alive off', { url: 'ws://127.0.0.1/', keepAlive: false, onState }],
    [
      'timers switched off with Infinity',
      {
        url: 'ws://127.0.0.1/',
        openTimeoutMs: Number.POSITIVE_INFINITY,
        keepAlive: { pingIntervalMs: Number.POSITIVE_INFINITY, idleTimeoutMs: 30_000 },
      },
    ],
    [
      'every option set',
      {
        url: 'ws://127.0.0.1/',
        WebSocket: WsWebSocket as unknown as WebSocketConstructor,
        openTimeoutMs: 1_500,
        keepAlive: { pingIntervalMs: 100, pongTimeoutMs: 200, idleTimeoutMs: 300 },
        backpressure: {
          highWaterMark: 0,
          strategy: 'reject',
          maxQueuedFrames: 5,
          pollIntervalMs: 2,
        },
      },
    ],
  ])('resolves valid options (%s) exactly as openSocket does', (_name, options) => {
    expect(withDefaults(options)).toEqual(resolveSocketOptions(options));
  });

  it('opens a socket that reports its states with the query redacted and carries frames', async () => {
    await using server = await startServer();
    const states: SocketState[] = [];
    // firstValueFrom would unsubscribe, closing the socket: keep the subscription.
    const connection = await new Promise<Connection>((resolve, reject) => {
      openSocketUnchecked({
        url: `${server.url}/v1?token=SECRET`,
        onState: (state) => states.push(state),
      }).subscribe({ next: resolve, error: reject });
    });
    const peer = await server.connection(0);
    const got = new Promise((resolve) =>
      peer.socket.once('message', (data) => resolve(data.toString())),
    );
    connection.send({ via: 'unchecked' });
    expect(await got).toBe('{"via":"unchecked"}');
    connection.close();
    expect(await peer.closed).toEqual({ code: 1000, reason: '' });
    expect(JSON.stringify(states)).not.toContain('SECRET');
    expect(states[0]).toEqual({ status: 'connecting', url: `${server.url}/v1?…` });
  });

  it('errors (does not throw or hang) when the url cannot be parsed', async () => {
    await expect(firstValueFrom(openSocketUnchecked({ url: 'nope' }))).rejects.toBeInstanceOf(
      TypeError,
    );
  });
});
