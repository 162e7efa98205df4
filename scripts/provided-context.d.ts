// Values the browser project's globalSetup (browser-global-setup.ts, Node side) hands to tests
// running in Chromium through `inject()`. Reference this file from a test folder that injects:
//   /// <reference path="<relative>/scripts/provided-context.d.ts" />
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `ws://127.0.0.1:<port>` of a plain echo server (every text frame comes back). */
    echoWsUrl: string;
    /** `ws://…/v1/ws/events` of a running emulator, or `''` when it could not start. */
    emulatorWsUrl: string;
    /** `http://…` of the emulator's HTTP side, or `''`. */
    emulatorHttpUrl: string;
    /** An auth token the emulator accepts for every app id in `emulatorAppIds` and MULTI. */
    emulatorToken: string;
    /** App ids configured in the emulator. */
    emulatorAppIds: string[];
    /** `ws://127.0.0.1:<port>` of a running Active Call emulator (its endpoint), or `''`. */
    activeCallWsUrl: string;
    /** `http://…` of the Active Call emulator's HTTP side (control API, CORS), or `''`. */
    activeCallHttpUrl: string;
  }
}
