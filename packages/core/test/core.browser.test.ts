/// <reference path="../../../scripts/provided-context.d.ts" />
import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, inject, it } from 'vitest';
import { type CallEvent, createClient } from '../src/index';

const wsUrl = inject('emulatorWsUrl');
const token = inject('emulatorToken');
const [appId = ''] = inject('emulatorAppIds');
/** The emulator's scenario number "ring, then answer" (+1555010, scenario 0, default delay). */
const answeringNumber = '+155501000000';

describe.skipIf(!wsUrl)('@callstream/core in Chromium', () => {
  it('dials, exchanges DTMF and hangs up through the browser WebSocket', async () => {
    await using client = createClient({
      url: wsUrl,
      authToken: token,
      clientId: 'chromium-test',
      appId,
    });
    const events: CallEvent[] = [];
    client.events$.subscribe((event) => events.push(event));
    const next = (type: CallEvent['type']) =>
      firstValueFrom(client.events$.pipe(filter((event) => event.type === type)));

    const { sessionId } = await client.connect();
    expect(sessionId).not.toBe('');
    const bridged = next('bridged');
    const { callId } = await client.dial({
      to: answeringNumber,
      from: '+15551234567',
      channel: 'chromium',
      uid: 42,
    });
    await bridged;
    const echo = next('dtmf');
    await client.sendDtmf(callId, '42#');
    expect(await echo).toMatchObject({ callId, digits: '42#' });
    const removed = next('removed');
    await client.hangup(callId);
    expect(await removed).toMatchObject({ callId, reason: 'hangup' });
    expect(client.activeCalls()).toEqual([]);
    expect(events.filter((event) => event.callId === callId).map((event) => event.type)).toEqual([
      'initiated',
      'ringing',
      'answered',
      'bridged',
      'dtmf',
      'unbridged',
      'hangup',
      'removed',
    ]);
  });
});
