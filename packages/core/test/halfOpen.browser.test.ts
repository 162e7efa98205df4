/// <reference path="../../../scripts/provided-context.d.ts" />
import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, inject, it } from 'vitest';
import {
  type CallEvent,
  type CallstreamError,
  type ClientState,
  createClient,
  type RemovedEvent,
} from '../src/index';

const wsUrl = inject('emulatorWsUrl');
const httpUrl = inject('emulatorHttpUrl');
const token = inject('emulatorToken');
const [appId = ''] = inject('emulatorAppIds');
/** The emulator's scenario number "ring, then answer" (+1555010, scenario 0, default delay). */
const answeringNumber = '+155501000000';

/** Switches an emulator fault over its HTTP control route (CORS-enabled, so a page can). */
async function fault(body: unknown): Promise<void> {
  const response = await fetch(`${httpUrl}/v1/emulator/faults`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

/** Issue 11, the fault matrix's half-open case where the WebSocket cannot ping: Chromium. */
describe.skipIf(!wsUrl)('half-open in Chromium', () => {
  it('the heartbeat detects a server that went silent, the client reconnects, the call is reconciled', async () => {
    const clientId = `chromium-half-open-${Date.now()}`;
    const client = createClient({
      url: wsUrl,
      authToken: token,
      clientId,
      appId,
      heartbeat: { intervalMs: 50, timeoutMs: 200 },
      reconnect: { initialDelayMs: 10, maxDelayMs: 50, random: () => 1 },
      staleCallTimeoutMs: 300,
      hangupGraceMs: 300,
    });
    const states: ClientState[] = [];
    const errors: CallstreamError[] = [];
    const events: CallEvent[] = [];
    client.state$.subscribe((state) => states.push(state));
    client.errors$.subscribe((error) => errors.push(error));
    client.events$.subscribe((event) => events.push(event));
    const state = (predicate: (value: ClientState) => boolean) =>
      firstValueFrom(client.state$.pipe(filter(predicate)));

    await client.connect();
    const answered = firstValueFrom(
      client.events$.pipe(filter((event) => event.type === 'answered')),
    );
    const { callId } = await client.dial({ to: answeringNumber, from: '+15551234567' });
    await answered;

    await fault({ stall: { clientId } });
    await state((value) => value.status === 'reconnecting');
    expect(errors.some((error) => error.code === 'liveness-timeout')).toBe(true);
    await fault({ reset: true });
    await state((value) => value.status === 'connected' && value.reconnects >= 1);

    const removed = firstValueFrom(
      client.events$.pipe(
        filter(
          (event): event is RemovedEvent => event.type === 'removed' && event.callId === callId,
        ),
      ),
    );
    await client.hangup(callId).catch(() => undefined);
    expect(['hangup', 'not-found', 'stale']).toContain((await removed).reason);
    await client.close();
    expect(client.activeCalls()).toEqual([]);
    expect(states.at(-1)?.status).toBe('closed');
    expect(events.filter((event) => event.type === 'removed')).toHaveLength(1);
  });
});
