import { type EmulatorTiming, startEmulator, startTraffic } from '@callstream/emulator';

/** A running emulator with its traffic generator. */
export interface LocalEmulator {
  readonly wsUrl: string;
  readonly httpUrl: string;
  /** The emulator's own development token (accepted for every app id). */
  readonly token: string;
  readonly appIds: readonly string[];
  readonly dids: readonly string[];
  /** Stops the traffic, then the emulator. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link startLocalEmulator}. */
export interface LocalEmulatorOptions {
  /** Time between two generated inbound calls. @default 4000 */
  readonly trafficIntervalMs?: number;
  /** Emulator timing. @default 'realistic' (calls visibly ring and answer) */
  readonly timing?: 'realistic' | 'fast' | Partial<EmulatorTiming>;
}

/**
 * Starts the emulator in this process (loopback only, OS-chosen port) with a steady flow of
 * inbound calls, as `callstream-emulator --traffic` does.
 */
export async function startLocalEmulator(
  options: LocalEmulatorOptions = {},
): Promise<LocalEmulator> {
  const emulator = await startEmulator({ timing: options.timing ?? 'realistic' });
  const traffic = startTraffic(emulator, { intervalMs: options.trafficIntervalMs ?? 4000 });
  let closing: Promise<void> | undefined;
  return {
    wsUrl: emulator.wsUrl,
    httpUrl: emulator.httpUrl,
    token: emulator.token,
    appIds: emulator.appIds,
    dids: emulator.options.dids,
    close: () => {
      closing ??= (async () => {
        traffic.stop();
        await emulator.close();
      })();
      return closing;
    },
  };
}
