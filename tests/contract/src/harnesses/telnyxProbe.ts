import { scenario } from '@callstream/emulator';
import { createTelnyxClient } from '@callstream/telnyx';
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
