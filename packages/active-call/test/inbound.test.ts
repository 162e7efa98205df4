import { describe, expect, it } from 'vitest';
import { type ActiveCallIncomingCall, isActiveCallError } from '../src/index';
import { eventually, fixture, next, removed, ringIn } from './helpers';

describe('inbound calls from the webhook', () => {
  it('the offer arrives on incoming$ with the webhook facts and a deadline; accept answers it', async () => {
    await using f = await fixture({ acceptTimeoutMs: 30_000 });
    const offered = next(f.client.incoming$, () => true, 'an offer');
    const dialogId = await ringIn(f, 'sip:+14155550100@127.0.0.1');
    const offer = await offered;
    expect(offer).toMatchObject({
      callId: dialogId,
      state: 'incoming',
      direction: 'inbound',
      from: '+14155550100',
      to: '2000',
      details: {
        callType: 'sip',
        caller: 'sip:+14155550100@127.0.0.1',
        callee: 'sip:2000@127.0.0.1',
      },
    });
    expect(offer.expiresAt).toBeGreaterThan(Date.now() + 25_000);
    expect(offer.details?.headers?.some((line) => line.startsWith('Call-ID:'))).toBe(true);
    expect(offer.details?.offer).toMatch(/^v=0/);
    const result = await offer.accept({ option: { asr: { provider: 'emulator' } } });
    expect(result.answer.event).toBe('answer');
    expect(f.client.getCall(dialogId)).toMatchObject({ state: 'answered', claimed: true });
    expect(f.client.getCall(dialogId)?.expiresAt).toBeUndefined();
    expect(f.emulator.inboundOutcome(dialogId)?.state).toBe('accepted');
    expect(f.frames(dialogId)).toEqual([
      { command: 'accept', option: { asr: { provider: 'emulator' } } },
    ]);
    // The caller hangs up: initiator caller, ended remotely.
    f.emulator.remote.hangup(dialogId);
    const gone = await removed(f, dialogId);
    expect(gone.call).toMatchObject({
      outcome: 'completed',
      endedBy: 'remote',
      hangupCause: 'Some(ByCaller)',
    });
  });

  it('ringing before accept: 180 then the answer; the offer helper opens the session', async () => {
    await using f = await fixture();
    const offered = next(f.client.incoming$, () => true, 'an offer');
    const dialogId = await ringIn(f);
    const offer: ActiveCallIncomingCall = await offered;
    await offer.ringing({ earlyMedia: true });
    await eventually(
      () => f.emulator.inboundOutcome(dialogId)?.state === 'ringing',
      'the server to ring',
    );
    expect(f.emulator.inboundOutcome(dialogId)?.earlyMedia).toBe(true);
    expect(f.client.getCall(dialogId)?.state).toBe('incoming');
    await offer.accept();
    expect(f.client.getCall(dialogId)?.state).toBe('answered');
    expect(f.frames(dialogId).map((frame) => frame.command)).toEqual(['ringing', 'accept']);
    await f.client.hangup(dialogId);
    expect((await removed(f, dialogId)).call.endedBy).toBe('local');
  });

  it('reject: the server gets reason and code, the call leaves as rejected', async () => {
    await using f = await fixture();
    const offered = next(f.client.incoming$, () => true, 'an offer');
    const dialogId = await ringIn(f);
    const offer = await offered;
    await f.client.reject(offer.callId, 'Busy Here', { code: 486 });
    const gone = await removed(f, dialogId);
    expect(gone.reason).toBe('rejected');
    expect(gone.call.outcome).toBe('rejected');
    await eventually(
      () => f.emulator.inboundOutcome(dialogId)?.state === 'rejected',
      'the server to reject',
    );
    expect(f.emulator.inboundOutcome(dialogId)).toMatchObject({ code: 486, reason: 'Busy Here' });
    await eventually(() => f.emulator.stats().sessions === 0, 'the session to close');
  });

  it('an unclaimed offer expires; a late accept gets call-expired and sends nothing', async () => {
    await using f = await fixture({ acceptTimeoutMs: 100 });
    const offered = next(f.client.incoming$, () => true, 'an offer');
    const dialogId = await ringIn(f);
    const offer = await offered;
    expect((await removed(f, dialogId)).reason).toBe('expired');
    const error = await offer.accept().catch((caught: unknown) => caught);
    expect(isActiveCallError(error, 'call-expired')).toBe(true);
    expect(f.received(dialogId)).toEqual([]);
  });

  it('accept after the caller hung up: call-not-found, the call leaves as not-found', async () => {
    await using f = await fixture();
    const offered = next(f.client.incoming$, () => true, 'an offer');
    const dialogId = await ringIn(f);
    const offer = await offered;
    expect(f.emulator.remote.hangup(dialogId)).toBe(true); // the caller cancels
    const error = await offer.accept().catch((caught: unknown) => caught);
    expect(isActiveCallError(error, 'call-not-found')).toBe(true);
    expect((error as { statusCode?: number }).statusCode).toBe(486);
    expect((await removed(f, dialogId)).reason).toBe('not-found');
    await eventually(() => f.emulator.stats().sessions === 0, 'the session to close');
  });

  it('ignore drops the offer locally and sends nothing', async () => {
    await using f = await fixture();
    const offered = next(f.client.incoming$, () => true, 'an offer');
    const dialogId = await ringIn(f);
    (await offered).ignore();
    expect((await removed(f, dialogId)).reason).toBe('ignored');
    expect(f.received(dialogId)).toEqual([]);
    expect(f.emulator.inboundOutcome(dialogId)?.state).toBe('pending');
  });

  it('accept twice: the second is refused while the first runs (invalid-call-state)', async () => {
    await using f = await fixture();
    const offered = next(f.client.incoming$, () => true, 'an offer');
    const dialogId = await ringIn(f);
    const offer = await offered;
    const first = offer.accept();
    await expect(offer.accept()).rejects.toMatchObject({ code: 'invalid-call-state' });
    await first;
    expect(f.frames(dialogId).filter((frame) => frame.command === 'accept')).toHaveLength(1);
    await f.client.hangup(dialogId);
  });

  it('hangup of an offer not accepted yet rejects it', async () => {
    await using f = await fixture();
    const offered = next(f.client.incoming$, () => true, 'an offer');
    const dialogId = await ringIn(f);
    await offered;
    await f.client.hangup(dialogId, { reason: 'closed' });
    expect((await removed(f, dialogId)).reason).toBe('rejected');
    await eventually(
      () => f.emulator.inboundOutcome(dialogId)?.state === 'rejected',
      'the server to reject',
    );
  });
});

describe('the webhook intake', () => {
  async function post(url: string, body: string, method = 'POST') {
    const response = await fetch(url, { method, body: method === 'GET' ? null : body });
    return { status: response.status, body: (await response.json()) as { message: string } };
  }

  it('answers 200 {"message":"OK"} for an invite, and 200 again for a duplicate', async () => {
    await using f = await fixture();
    const body = JSON.stringify({
      event: 'invite',
      dialogId: 'abc@10.0.0.5-2-1',
      caller: 'sip:1001@10.0.0.5',
      callee: 'sip:2000@10.0.0.9',
      headers: ['Authorization: Digest secret-stuff', 'Via: SIP/2.0/UDP 10.0.0.5'],
    });
    expect(await post(f.webhooks.url, body)).toEqual({ status: 200, body: { message: 'OK' } });
    expect(await post(f.webhooks.url, body)).toEqual({ status: 200, body: { message: 'OK' } });
    expect(f.events.filter((event) => event.type === 'incoming')).toHaveLength(1);
    expect(f.client.getCall('abc@10.0.0.5-2-1')?.details?.headers).toEqual([
      'Authorization: [redacted]',
      'Via: SIP/2.0/UDP 10.0.0.5',
    ]);
  });

  it.each([
    ['not JSON', '{nope', 400],
    ['not an object', '[1,2]', 400],
    ['no dialogId', JSON.stringify({ event: 'invite', caller: 'x' }), 400],
    ['a dialogId of the wrong type', JSON.stringify({ event: 'invite', dialogId: 5 }), 400],
    [
      'headers that are not strings',
      JSON.stringify({ event: 'invite', dialogId: 'd', headers: [1] }),
      400,
    ],
    [
      'caller of the wrong type',
      JSON.stringify({ event: 'invite', dialogId: 'd', caller: {} }),
      400,
    ],
    [
      'too large',
      JSON.stringify({ event: 'invite', dialogId: 'd', offer: 'x'.repeat(300_000) }),
      413,
    ],
  ])('refuses %s (%d) and changes nothing', async (_what, body, status) => {
    await using f = await fixture();
    const errors: unknown[] = [];
    f.client.errors$.subscribe((error) => errors.push(error));
    const answer = await post(f.webhooks.url, body);
    expect(answer.status).toBe(status);
    expect(f.client.activeCalls()).toEqual([]);
  });

  it('acknowledges a body that is not an invite (forward compatible) without an offer', async () => {
    await using f = await fixture();
    const answer = await post(f.webhooks.url, JSON.stringify({ event: 'hangup', dialogId: 'x' }));
    expect(answer.status).toBe(200);
    expect(f.client.activeCalls()).toEqual([]);
  });

  it('405 for other methods, 404 for other paths, 503 once the client is closed', async () => {
    await using f = await fixture();
    expect((await post(f.webhooks.url, '', 'GET')).status).toBe(405);
    expect((await post(f.webhooks.url.replace('/webhook', '/other'), '{}')).status).toBe(404);
    await f.client.close();
    const body = JSON.stringify({ event: 'invite', dialogId: 'late' });
    expect((await post(f.webhooks.url, body)).status).toBe(503);
  });

  it('the framework-agnostic handler takes an already parsed object too', async () => {
    await using f = await fixture();
    await f.client.handleWebhook({ event: 'invite', dialogId: 'parsed-1', caller: 'sip:a@b' });
    expect(f.client.getCall('parsed-1')?.from).toBe('a');
    await f.client.handleWebhook({ event: 'invite', dialogId: 'parsed-2', caller: 'anonymous' });
    expect(f.client.getCall('parsed-2')?.from).toBe('anonymous');
    await expect(f.client.handleWebhook({ event: 'invite' })).rejects.toMatchObject({
      code: 'webhook-malformed',
      statusCode: 400,
    });
  });

  it('an emulator webhook the server cannot deliver (503 from a client not connected) fails the call', async () => {
    await using f = await fixture();
    await f.client.close();
    const result = await f.emulator.simulateInbound({ webhookUrl: f.webhooks.url });
    expect(result).toMatchObject({ delivered: false, status: 503, pending: false });
  });
});
