import { describe, expect, it } from 'vitest';
import WsWebSocket from 'ws';
import { WebSocketUnavailableError } from '../src/browser';
import type { WebSocketConstructor } from '../src/types';
import { unavailableWebSocket } from '../src/unavailable';

// Compile-time contract (checked by `tsc -p packages/ws`): both real implementations fit the
// interface WITHOUT a cast, so users can inject either one.
const fromWs: WebSocketConstructor = WsWebSocket;
const fromDom: WebSocketConstructor | undefined = (
  globalThis as { WebSocket?: typeof globalThis.WebSocket }
).WebSocket;

describe('WebSocketConstructor', () => {
  it('is satisfied by the ws class, which opens with the standard readyState values', () => {
    expect([fromWs.CONNECTING, fromWs.OPEN, fromWs.CLOSING, fromWs.CLOSED]).toEqual([0, 1, 2, 3]);
    // Node 20 has no global WebSocket unless --experimental-websocket; the browser test covers it.
    if (fromDom) expect(fromDom.OPEN).toBe(1);
  });
});

describe('the stand-in for a missing global', () => {
  it('throws a typed error with an actionable message and no secrets', () => {
    let thrown: unknown;
    try {
      new unavailableWebSocket('ws://127.0.0.1:1/v1/ws/events?auth=secret-token');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WebSocketUnavailableError);
    expect(thrown).toBeInstanceOf(Error);
    const error = thrown as WebSocketUnavailableError;
    expect(error.code).toBe('ERR_WEBSOCKET_UNAVAILABLE');
    expect(error.name).toBe('WebSocketUnavailableError');
    expect(error.message).toMatch(/`WebSocket` option/);
    expect(error.message).not.toContain('secret-token');
  });

  it('looks like a real constructor, so structural checks defer the failure to `new`', () => {
    expect(typeof unavailableWebSocket).toBe('function');
    expect([
      unavailableWebSocket.CONNECTING,
      unavailableWebSocket.OPEN,
      unavailableWebSocket.CLOSING,
      unavailableWebSocket.CLOSED,
    ]).toEqual([0, 1, 2, 3]);
    expect(typeof unavailableWebSocket.prototype.send).toBe('function');
    expect(typeof unavailableWebSocket.prototype.close).toBe('function');
  });

  it('passes a cause through', () => {
    const cause = new Error('root');
    expect(new WebSocketUnavailableError({ cause }).cause).toBe(cause);
  });
});
