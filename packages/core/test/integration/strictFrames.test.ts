import { describe, expect, it } from 'vitest';
import { createClient, ProtocolError } from '../../src/index';
import { Recorder } from '../helpers/fixtures';
import { startScriptedCm } from '../helpers/scriptedCm';

function clientOf(url: string) {
  return createClient({
    url,
    authToken: 'Basic c2NyaXB0ZWQ=',
    clientId: 'strict',
    appId: 'app',
    keepAlive: false,
  });
}

/** Issue 11, findings 5 and 6, over a real socket. */
describe('strict frames', () => {
  it.each([
    ['status_code "500"', { response: 'subscribe', status_code: '500', data: { success: true } }],
    [
      'data.success "false"',
      { response: 'subscribe', status_code: 200, data: { success: 'false' } },
    ],
    [
      'response of another action',
      { response: 'outbound', status_code: 200, data: { success: true } },
    ],
  ])('a reply with %s rejects the command with a ProtocolError', async (_label, reply) => {
    await using cm = await startScriptedCm();
    await using client = clientOf(cm.url);
    await client.connect();
    const pending = client.subscribe(['+18005551234']);
    const command = await cm.nextCommand('subscribe');
    command.reply({ ...reply, request_id: command.frame.request_id });
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'malformed-frame', action: 'subscribe' });
    // The list was not committed: a malformed reply is no confirmation.
    expect(client.subscribedNumbers).toEqual([]);
  });

  it('a binary frame is reported on errors$ as malformed-frame; the connection stays up', async () => {
    await using cm = await startScriptedCm();
    await using client = clientOf(cm.url);
    await client.connect();
    const errors = new Recorder(client.errors$);
    cm.sendRaw(Uint8Array.from([1, 2, 3, 4, 5]));
    const reported = await errors.next();
    expect(reported).toBeInstanceOf(ProtocolError);
    expect(reported).toMatchObject({ code: 'malformed-frame' });
    expect(reported.message).toContain('5 bytes');
    expect(client.state.status).toBe('connected');
    const pending = client.subscribe([]);
    const command = await cm.nextCommand('subscribe');
    command.reply({
      response: 'subscribe',
      status_code: 200,
      data: { success: true },
      request_id: command.frame.request_id,
    });
    await expect(pending).resolves.toMatchObject({ statusCode: 200 });
  });

  it('a dial reply naming a call already tracked is refused; the tracked call is untouched (found by the property test)', async () => {
    await using cm = await startScriptedCm();
    await using client = clientOf(cm.url);
    await client.connect();
    const incoming = new Promise((resolve) => client.incoming$.subscribe(resolve));
    cm.send({ event: 'call_incoming', callid: 'taken', from: '+15550001111', to: '+18005551234' });
    await incoming;
    const dialing = client.dial({ to: '+15550002222', from: '+15551234567', channel: 'c', uid: 1 });
    const command = await cm.nextCommand('outbound');
    command.reply({
      response: 'outbound',
      status_code: 200,
      data: { success: true, callid: 'taken' },
      request_id: command.frame.request_id,
    });
    await expect(dialing).rejects.toMatchObject({ code: 'malformed-frame', callId: 'taken' });
    expect(client.getCall('taken')).toMatchObject({ direction: 'inbound', state: 'incoming' });
  });
});
