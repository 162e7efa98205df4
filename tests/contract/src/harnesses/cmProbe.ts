import { createClient } from '@callstream/core';
import { scenario } from '@callstream/emulator';
import type { FaultProbeFactory } from '../faults';
import type { ProbeFactory } from '../suite';
import { post } from './controlPost';

/** The exit probe's CM client (see `exitProbe.ts`). */
export const probe: ProbeFactory = async (config) => {
  const { url, token, appId } = config as { url: string; token: string; appId: string };
  return {
    client: createClient({ url, authToken: token, clientId: `probe-${process.pid}`, appId }),
    to: scenario.answer(),
    from: '+15551230000',
  };
};

/**
 * The fault exit probe's CM client (see `faultExitProbe.ts`): fast reconnects, and `drop()` asks
 * the emulator, over its HTTP control route, to cut this client's sockets.
 */
export const faultProbe: FaultProbeFactory = async (config) => {
  const { url, httpUrl, token, appId } = config as {
    url: string;
    httpUrl: string;
    token: string;
    appId: string;
  };
  const clientId = `fault-probe-${process.pid}`;
  return {
    client: createClient({
      url,
      authToken: token,
      clientId,
      appId,
      reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
      keepAlive: { pingIntervalMs: 50, pongTimeoutMs: 200 },
      hangupGraceMs: 200,
    }),
    to: scenario.answer(),
    from: '+15551230000',
    drop: () => post(`${httpUrl}/v1/emulator/faults`, { drop: { clientId } }),
  };
};
