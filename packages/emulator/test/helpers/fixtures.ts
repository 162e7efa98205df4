import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/index';
import { RawClient, type RegisterOptions } from './rawClient';

/** An emulator with near-instant timing and pings off, closed by `await using`. */
export async function fastEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ timing: 'fast', pingIntervalMs: 0, ...options });
}

/** Connect + register a raw client to an emulator. */
export function client(emulator: Emulator, options: RegisterOptions = {}): Promise<RawClient> {
  return RawClient.registered(emulator.wsUrl, options);
}

/** Polls `check` on each turn of the event loop until it holds (for server-side counters). */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Everything an idle emulator should report. */
export const IDLE_STATS = { sessions: 0, calls: 0, heldLookups: 0, timers: 0 } as const;

/** A JSON fetch helper. */
export async function fetchJson(
  url: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...(init.body === undefined
      ? {}
      : { body: JSON.stringify(init.body), headers: { 'Content-Type': 'application/json' } }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    headers: response.headers,
  };
}
