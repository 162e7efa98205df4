/// <reference path="../provided-context.d.ts" />
import { describe, expect, inject, it } from 'vitest';

/** Resolves with the first text frame a fresh socket receives, then closes it. */
function firstFrame(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.onmessage = (event) => {
      resolve(String(event.data));
      socket.close();
    };
    socket.onerror = () => reject(new Error(`socket error on ${url}`));
  });
}

const emulatorWsUrl = inject('emulatorWsUrl');

describe('browser project global setup', () => {
  it('provides a loopback echo server on an OS-chosen port', () => {
    expect(inject('echoWsUrl')).toMatch(/^ws:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  // Skipped (and announced by the setup) only while the emulator cannot start.
  it.skipIf(emulatorWsUrl === '')('provides a running emulator that greets Chromium', async () => {
    expect(emulatorWsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/ws\/events$/);
    expect(inject('emulatorHttpUrl')).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(inject('emulatorToken')).not.toBe('');
    expect(inject('emulatorAppIds').length).toBeGreaterThan(0);
    const greeting = JSON.parse(await firstFrame(emulatorWsUrl)) as { status?: unknown };
    expect(greeting.status).toBe('connected');
  });
});
