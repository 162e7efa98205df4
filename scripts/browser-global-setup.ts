/// <reference path="./provided-context.d.ts" />
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startEchoServer } from '../packages/ws/test/support/echo-server';

type Teardown = () => Promise<void>;

/** What the browser tests need from a running emulator. */
interface EmulatorHandle {
  wsUrl: string;
  httpUrl: string;
  token: string;
  appIds: string[];
  close: Teardown;
}

const emulatorEntry = fileURLToPath(new URL('../packages/emulator/src/index.ts', import.meta.url));

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Starts `@callstream/emulator` from source. Its API is read structurally: the emulator is
 * developed alongside, and a browser run must still happen (with `emulatorWsUrl` = '') while
 * it is missing or broken.
 */
async function startEmulatorFromSource(): Promise<EmulatorHandle | string> {
  let mod: Record<string, unknown>;
  try {
    // A variable specifier keeps the emulator's sources out of this file's type-check.
    mod = (await import(emulatorEntry)) as Record<string, unknown>;
  } catch (error) {
    return `importing packages/emulator/src failed: ${String(error)}`;
  }
  const start = mod.startEmulator;
  if (typeof start !== 'function') return 'packages/emulator/src exports no startEmulator()';
  let emulator: Record<string, unknown>;
  try {
    emulator = (await start({ timing: 'fast' })) as Record<string, unknown>;
  } catch (error) {
    return `startEmulator({ timing: 'fast' }) failed: ${String(error)}`;
  }
  const close = emulator.close;
  const appIds = emulator.appIds;
  return {
    wsUrl: asString(emulator.wsUrl),
    httpUrl: asString(emulator.httpUrl),
    token: asString(emulator.token ?? emulator.authToken),
    appIds: Array.isArray(appIds) ? appIds.filter((id) => typeof id === 'string') : [],
    close: async () => {
      if (typeof close === 'function') await close.call(emulator);
    },
  };
}

/** Starts the Active Call emulator from source (fast timing), read structurally like the CM's. */
async function startActiveCallFromSource(): Promise<
  { wsUrl: string; httpUrl: string; close: Teardown } | string
> {
  try {
    const mod = (await import(emulatorEntry)) as Record<string, unknown>;
    const start = mod.startActiveCallEmulator;
    if (typeof start !== 'function')
      return 'packages/emulator/src exports no startActiveCallEmulator()';
    const emulator = (await start({ timing: 'fast' })) as Record<string, unknown>;
    const close = emulator.close;
    return {
      wsUrl: asString(emulator.wsUrl),
      httpUrl: asString(emulator.httpUrl),
      close: async () => {
        if (typeof close === 'function') await close.call(emulator);
      },
    };
  } catch (error) {
    return `starting the Active Call emulator failed: ${String(error)}`;
  }
}

/**
 * globalSetup of the `browser` project. It runs in Node, starts the servers the Chromium tests
 * talk to on 127.0.0.1 with OS-chosen ports, and `provide`s their addresses (tests `inject`
 * them). Returns the teardown that closes them.
 */
export default async function setup(project: TestProject): Promise<Teardown> {
  const echo = await startEchoServer();
  project.provide('echoWsUrl', echo.url);

  const emulator = await startEmulatorFromSource();
  if (typeof emulator === 'string') {
    console.log(`[callstream] browser tests run without the emulator: ${emulator}`);
  }
  const running = typeof emulator === 'string' ? undefined : emulator;
  project.provide('emulatorWsUrl', running?.wsUrl ?? '');
  project.provide('emulatorHttpUrl', running?.httpUrl ?? '');
  project.provide('emulatorToken', running?.token ?? '');
  project.provide('emulatorAppIds', running?.appIds ?? []);

  const activeCall = await startActiveCallFromSource();
  if (typeof activeCall === 'string') console.log(`[callstream] ${activeCall}`);
  const activeCallRunning = typeof activeCall === 'string' ? undefined : activeCall;
  project.provide('activeCallWsUrl', activeCallRunning?.wsUrl ?? '');
  project.provide('activeCallHttpUrl', activeCallRunning?.httpUrl ?? '');

  return async () => {
    // Close them all even if one fails, then report the first failure.
    const results = await Promise.allSettled([
      echo[Symbol.asyncDispose](),
      running?.close(),
      activeCallRunning?.close(),
    ]);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  };
}
