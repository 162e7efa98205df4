import { scenario } from '@callstream/emulator';
import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/index';
import { connectedClient, EventLog, emulator, Recorder } from '../helpers/fixtures';
import { startScriptedCm } from '../helpers/scriptedCm';

const from = '+15551234567';
const incoming = (callid: string) => ({
  event: 'call_incoming',
  callid,
  from: '+14155550100',
  to: '+18005551234',
  direction: 'inbound',
});

/** Issue 11, findings 1 and 2: every call has a way out of calls$. */
describe('ghost calls', () => {
  it('a command the server answers with "callid not found" removes the call as not-found', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const log = new EventLog(client);
    const { callId } = await client.dial({ to: scenario.answer(), from, channel: 'g1', uid: 1 });
    await log.waitFor(callId, 'bridged');
    emu.faults.dropEvents('all'); // the remote hangup below never reaches the client
    emu.remote.hangup(callId);
    await expect.poll(() => emu.calls().length).toBe(0);
    expect(client.getCall(callId)?.state).toBe('bridged');

    await expect(client.sendDtmf(callId, '1')).rejects.toMatchObject({ code: 'call-not-found' });
    const removed = await log.waitFor(callId, 'removed');
    expect(removed).toMatchObject({ reason: 'not-found', call: { endReason: 'not-found' } });
    expect(client.activeCalls()).toEqual([]);
    // Later commands explain why the call is gone.
    await expect(client.hangup(callId)).rejects.toMatchObject({ code: 'call-not-found' });
    expect(log.sequence(callId).filter((type) => type === 'removed')).toHaveLength(1);
  });

  it('hangup() on a call the server forgot removes it at once (not-found)', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const log = new EventLog(client);
    const { callId } = await client.dial({ to: scenario.answer(), from, channel: 'g2', uid: 2 });
    await log.waitFor(callId, 'bridged');
    emu.faults.dropEvents('all');
    emu.remote.hangup(callId);
    await expect.poll(() => emu.calls().length).toBe(0);
    await expect(client.hangup(callId)).rejects.toMatchObject({ code: 'call-not-found' });
    expect(client.getCall(callId)).toBeUndefined();
    expect((await log.waitFor(callId, 'removed')) as { reason: string }).toMatchObject({
      reason: 'not-found',
    });
  });

  it('the hangup grace timer runs from sending, so a hangup whose reply never comes still ends the call', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu, { hangupGraceMs: 100 });
    const log = new EventLog(client);
    const { callId } = await client.dial({ to: scenario.answer(), from, channel: 'g3', uid: 3 });
    await log.waitFor(callId, 'bridged');
    emu.faults.dropEvents('all');
    emu.faults.dropReplies('all');
    await expect(client.hangup(callId, { timeoutMs: 30 })).rejects.toMatchObject({
      code: 'command-timeout',
    });
    expect(await log.waitFor(callId, 'removed', 2000)).toMatchObject({ reason: 'hangup' });
    expect(client.activeCalls()).toEqual([]);
  });

  it('an offer answered without our accept still expires at its deadline', async () => {
    await using cm = await startScriptedCm();
    await using client = scriptedClient(cm.url, 'ghost');
    await client.connect();
    const log = new EventLog(client);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      cm.send(incoming('offer-1'));
      await log.waitFor('offer-1', 'incoming');
      cm.send({ event: 'call_answered', callid: 'offer-1' });
      await log.waitFor('offer-1', 'answered');
      expect(client.getCall('offer-1')).toMatchObject({ state: 'answered' });
      vi.advanceTimersByTime(INCOMING_TIMEOUT_MS);
    } finally {
      vi.useRealTimers();
    }
    expect(await log.waitFor('offer-1', 'removed')).toMatchObject({ reason: 'expired' });
    expect(client.activeCalls()).toEqual([]);
  });

  it('an accept whose reply comes after its timeout claims the call after all (late-accept)', async () => {
    await using cm = await startScriptedCm();
    await using client = scriptedClient(cm.url, 'late-accept');
    await client.connect();
    const log = new EventLog(client);
    const errors = new Recorder(client.errors$);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      cm.send(incoming('offer-2'));
      await log.waitFor('offer-2', 'incoming');
      const accepting = client.accept('offer-2', { channel: 'late', uid: 5 }, { timeoutMs: 30 });
      const accept = await cm.nextCommand('accept');
      vi.advanceTimersByTime(30);
      await expect(accepting).rejects.toMatchObject({ code: 'command-timeout' });
      accept.reply({
        response: 'accept',
        status_code: 200,
        data: { success: true },
        request_id: accept.frame.request_id,
      });
      const late = await errors.next((error) => error.code === 'late-accept');
      expect(late).toMatchObject({ callId: 'offer-2', action: 'accept' });
      expect(client.getCall('offer-2')).toMatchObject({ claimed: true, channel: 'late', uid: '5' });
      cm.send({ event: 'call_answered', callid: 'offer-2' });
      await log.waitFor('offer-2', 'answered');
      // Claimed: the deadline no longer applies.
      vi.advanceTimersByTime(INCOMING_TIMEOUT_MS * 10);
    } finally {
      vi.useRealTimers();
    }
    expect(client.getCall('offer-2')?.state).toBe('answered');
    expect(log.sequence('offer-2')).not.toContain('removed');
  });
});

const INCOMING_TIMEOUT_MS = 100;

/** A client of the scripted CM with a short claim window. */
function scriptedClient(url: string, clientId: string) {
  return createClient({
    url,
    authToken: 'Basic c2NyaXB0ZWQ=',
    clientId,
    appId: 'app',
    incomingTimeoutMs: INCOMING_TIMEOUT_MS,
    keepAlive: false,
  });
}
