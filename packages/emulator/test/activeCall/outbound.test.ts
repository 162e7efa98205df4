import { describe, expect, it } from 'vitest';
import { scenario } from '../../src/index';
import { AcClient } from './helpers/acClient';
import { AC_IDLE, fastActiveCall, until } from './helpers/fixtures';

describe('outbound SIP invite', () => {
  it('a plain callee: trackStart → ringing → answer, hangup → trackEnd → hangup → close', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'out-1' });
    client.send({
      command: 'invite',
      option: { caller: 'sip:1001@pbx.example', callee: 'sip:1002@pbx.example' },
    });
    const answer = await client.waitFor('answer');
    expect(client.names()).toEqual(['trackStart', 'ringing', 'answer']);
    expect(client.events[0]).toEqual({
      event: 'trackStart',
      trackId: 'out-1',
      timestamp: expect.any(Number),
    });
    expect(client.events[1]).toEqual({
      event: 'ringing',
      trackId: 'out-1',
      timestamp: expect.any(Number),
      earlyMedia: false,
      refer: false,
    });
    expect(answer).toMatchObject({
      trackId: 'out-1',
      refer: false,
      sdp: expect.stringMatching(/^v=0\r\n/),
    });
    client.send({ command: 'hangup', reason: 'done' });
    expect((await client.waitClosed()).code).toBe(1000);
    expect(client.names().slice(3)).toEqual(['trackEnd', 'hangup']);
    const hangup = client.events[4];
    expect(hangup).toMatchObject({
      trackId: 'out-1',
      reason: 'Some(Other("done"))',
      initiator: 'caller',
      from: { username: '1001', realm: 'pbx.example', source: 'sip:1001@pbx.example' },
      to: { username: '1002', realm: 'pbx.example', source: 'sip:1002@pbx.example' },
      extra: {
        session_id: 'out-1',
        call_type: 'sip',
        start_time: expect.stringMatching(/\+00:00$/),
      },
      refer: false,
    });
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats()).toEqual(AC_IDLE);
  });

  it('busy: reject 486 → error(invite) → error(command) → trackEnd → hangup → close', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'busy-1' });
    client.send({ command: 'invite', option: { callee: `sip:${scenario.busy()}@pbx` } });
    await client.waitClosed();
    expect(client.names()).toEqual([
      'trackStart',
      'ringing',
      'reject',
      'error',
      'error',
      'trackEnd',
      'hangup',
    ]);
  });
});
