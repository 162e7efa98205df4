import { scenario } from '@callstream/emulator';
import { createTelnyxClient } from '@callstream/telnyx';
import type { FaultProbeFactory } from '../faults';
import type { ProbeFactory } from '../suite';

interface ProbeConfig {
  apiBase: string;
  httpUrl: string;
  apiKey: string;
  connectionId: string;
  publicKey: string;
}

/**
 * The exit probe's Telnyx client (see `exitProbe.ts`): its own webhook server (`webhook.listen`),
 * made the application's URL through the emulator's control API. `close()` must stop the
 * server, abort every request and clear every timer for the process to exit.
 */
export const probe: ProbeFactory = async (config) => {
  const { apiBase, httpUrl, apiKey, connectionId, publicKey } = config as ProbeConfig;
  const client = createTelnyxClient({
    apiKey,
    baseURL: apiBase,
    connectionId,
    publicKey,
    webhook: { listen: { port: 0 } },
  });
  await client.connect();
  const answer = await fetch(`${httpUrl}/emulator/webhook-url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: client.webhookAddress }),
  });
  await answer.arrayBuffer();
  return { client, to: scenario.answer(), from: '+15551230000' };
};

/**
 * The fault exit probe's Telnyx client (see `faultExitProbe.ts`): like {@link probe}, with fast
 * retries and status checks; `drop()` makes the emulator lose every webhook and answer every
 * request 503 from then on (Telnyx down), so commands retry and checks fail until `close()`.
 */
export const faultProbe: FaultProbeFactory = async (config) => {
  const { apiBase, httpUrl, apiKey, connectionId, publicKey } = config as ProbeConfig;
  const client = createTelnyxClient({
    apiKey,
    baseURL: apiBase,
    connectionId,
    publicKey,
    webhook: { listen: { port: 0 } },
    retry: { attempts: 10, initialDelayMs: 50, maxDelayMs: 200 },
    reconcile: { intervalMs: 200, graceMs: 50 },
  });
  return {
    client,
    // The webhook server listens once connected: only then can the emulator be told where.
    connected: () => control(httpUrl, 'webhook-url', { url: client.webhookAddress }),
    to: scenario.answer(),
    from: '+15551230000',
    drop: () =>
      control(httpUrl, 'faults', {
        dropWebhooks: 'all',
        failRequests: { count: 'all', status: 503 },
      }),
  };
};

async function control(httpUrl: string, route: string, body: unknown): Promise<void> {
  const answer = await fetch(`${httpUrl}/emulator/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify(body),
  });
  await answer.arrayBuffer();
}
