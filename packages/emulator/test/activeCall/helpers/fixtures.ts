import {
  AC_FAST_TIMING,
  type ActiveCallEmulator,
  type ActiveCallEmulatorOptions,
  startActiveCallEmulator,
} from '../../../src/index';

/**
 * An emulator with the fast timing preset (single delays in `options.timing` laid over it),
 * closed by `await using`.
 */
export function fastActiveCall(
  options: ActiveCallEmulatorOptions = {},
): Promise<ActiveCallEmulator> {
  const overrides = typeof options.timing === 'object' ? options.timing : {};
  return startActiveCallEmulator({ ...options, timing: { ...AC_FAST_TIMING, ...overrides } });
}

/** Every counter of an idle emulator. */
export const AC_IDLE = { sessions: 0, pendingInbound: 0, timers: 0, webhooksInFlight: 0 } as const;

/** Polls `check` on each turn of the event loop until it holds (for server-side counters). */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A TTS option, required by the server for every `tts` command. */
export const TTS = { provider: 'tencent', speaker: '601003' } as const;
