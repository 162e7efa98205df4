import { createActiveCallClient } from '@callstream/active-call';
import { scenario } from '@callstream/emulator';
import type { FaultProbeFactory } from '../faults';
import type { ProbeFactory } from '../suite';
import { post } from './controlPost';

/** The exit probe's Active Call client (see `exitProbe.ts`). */
export const probe: ProbeFactory = async (config) => {
  const { endpoint } = config as { endpoint: string };
  return {
    client: createActiveCallClient({ endpoint }),
    to: scenario.answer(),
    from: '+15551230000',
  };
};

/**
 * The fault exit probe's Active Call client (see `faultExitProbe.ts`): fast keep-alive and
 * timeouts; `drop()` asks the emulator, over its HTTP control route, to cut every session
 * socket without a close frame (the probe's are the only ones).
 */
export const faultProbe: FaultProbeFactory = async (config) => {
  const { endpoint, httpUrl } = config as { endpoint: string; httpUrl: string };
  return {
    client: createActiveCallClient({
      endpoint,
      keepAlive: { pingIntervalMs: 50, pongTimeoutMs: 200 },
      openTimeoutMs: 1_000,
      commandTimeoutMs: 1_000,
    }),
    to: scenario.answer(),
    from: '+15551230000',
    drop: () => post(`${httpUrl}/v1/emulator/faults`, { drop: true }),
  };
};
