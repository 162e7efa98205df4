import { createActiveCallClient } from '@callstream/active-call';
import { scenario } from '@callstream/emulator';
import type { ProbeFactory } from '../suite';

/** The exit probe's Active Call client (see `exitProbe.ts`). */
export const probe: ProbeFactory = async (config) => {
  const { endpoint } = config as { endpoint: string };
  return {
    client: createActiveCallClient({ endpoint }),
    to: scenario.answer(),
    from: '+15551230000',
  };
};
