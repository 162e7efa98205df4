import { createClient } from '@callstream/core';
import { scenario } from '@callstream/emulator';
import type { ProbeFactory } from '../suite';

/** The exit probe's CM client (see `exitProbe.ts`). */
export const probe: ProbeFactory = async (config) => {
  const { url, token, appId } = config as { url: string; token: string; appId: string };
  return {
    client: createClient({ url, authToken: token, clientId: `probe-${process.pid}`, appId }),
    to: scenario.answer(),
    from: '+15551230000',
  };
};
