import type { WebSocketConstructor } from '@callstream/ws';
import { WebSocket as NodeWebSocket } from '@callstream/ws';
import { describe, expect, it } from 'vitest';
import { defaultHeartbeat } from '../../src/cm/heartbeat';

describe('default heartbeat', () => {
  it('is off for a WebSocket that can ping (ws in Node) and on for one that cannot (browsers)', () => {
    expect(defaultHeartbeat(NodeWebSocket)).toBe(false);
    // A constructor like the browser's: the WebSocket constants, no `ping` on its prototype.
    const BrowserLike = Object.assign(function BrowserWebSocket() {}, {
      CONNECTING: 0,
      OPEN: 1,
      CLOSING: 2,
      CLOSED: 3,
    });
    expect(defaultHeartbeat(BrowserLike as unknown as WebSocketConstructor)).toEqual({
      intervalMs: 15_000,
      timeoutMs: 10_000,
    });
  });
});
