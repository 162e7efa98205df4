import type { WebSocketConstructor } from '@callstream/ws';
import { WebSocket as NodeWebSocket } from '@callstream/ws';
import { describe, expect, it } from 'vitest';
import { defaultHeartbeat } from '../../src/client/heartbeat';

describe('default heartbeat', () => {
  it('is off for a WebSocket that can ping (ws in Node) and on for one that cannot (browsers)', () => {
    expect(defaultHeartbeat(NodeWebSocket)).toBe(false);
    class BrowserLike {
      static readonly CONNECTING = 0;
      static readonly OPEN = 1;
      static readonly CLOSING = 2;
      static readonly CLOSED = 3;
    }
    expect(defaultHeartbeat(BrowserLike as unknown as WebSocketConstructor)).toEqual({
      intervalMs: 15_000,
      timeoutMs: 10_000,
    });
  });
});
