/// <reference path="../../../scripts/provided-context.d.ts" />
import { implementation, WebSocket } from '@callstream/ws';
import { describe, expect, inject, it } from 'vitest';

/** Opens a socket, sends `text`, resolves with the first frame back, then closes. */
function roundTrip(url: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.onopen = () => socket.send(text);
    socket.onmessage = (event: { data: unknown }) => {
      resolve(String(event.data));
      socket.close();
    };
    socket.onerror = () => reject(new Error(`socket error on ${url}`));
  });
}

describe('@callstream/ws in Chromium', () => {
  it('resolves the browser entry: the global WebSocket', () => {
    expect(implementation).toBe('global');
    expect(WebSocket).toBe(globalThis.WebSocket);
  });

  it('talks to a loopback echo server started by the global setup', async () => {
    const url = inject('echoWsUrl');
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    await expect(roundTrip(url, 'hello from chromium')).resolves.toBe('hello from chromium');
  });
});
