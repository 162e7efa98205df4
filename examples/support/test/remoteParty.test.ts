import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '@callstream/core';
import { DEFAULT_DIDS, type Emulator, startEmulator } from '@callstream/emulator';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type RemoteParty, remoteParty } from '../src/index';

/** A caller rings a connected client, then gives up before anyone answers. */
async function callAndGiveUp(
  emulator: Emulator,
  remote: RemoteParty,
  callid: string,
): Promise<void> {
  await using client = createClient({
    url: emulator.wsUrl,
    authToken: emulator.token,
    clientId: 'remote-party-test',
    appId: emulator.appIds[0]!,
  });
  await client.connect();
  const offered = firstValueFrom(client.incoming$);
  await remote.call({ did: DEFAULT_DIDS[0], from: '+14155550100', callid });
  expect(await offered).toMatchObject({ callId: callid, from: '+14155550100' });
  expect(emulator.stats().heldLookups).toBe(1);
  // Nobody accepted: there is no leg to press keys on, but the caller can give up.
  await expect(remote.pressDigits(callid, '1')).rejects.toMatchObject({ code: 'step-failed' });
  await remote.hangup(callid);
  expect(emulator.stats().heldLookups).toBe(0);
}

describe('remoteParty', () => {
  it('drives an emulator in another process through its control routes', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await callAndGiveUp(
      emulator,
      remoteParty({ emulator: undefined, url: emulator.wsUrl }),
      'remote-http-1',
    );
  });

  it('fails with emulator-required (exit 2) against a server without control routes', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const remote = remoteParty({
        emulator: undefined,
        url: `ws://127.0.0.1:${port}/v1/ws/events`,
      });
      await expect(
        remote.call({ did: '+18005551234', from: '+1', callid: 'x' }),
      ).rejects.toMatchObject({
        code: 'emulator-required',
        exitCode: 2,
        message: expect.stringContaining('answered 404'),
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('uses the API of an embedded emulator', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await callAndGiveUp(emulator, remoteParty({ emulator, url: emulator.wsUrl }), 'remote-api-1');
  });
});
