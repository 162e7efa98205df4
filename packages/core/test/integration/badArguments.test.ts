import { DEFAULT_DIDS, scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import { type CallstreamClient, ValidationError } from '../../src/index';
import { connectedClient, EventLog, emulator } from '../helpers/fixtures';

const dial = { to: scenario.answer(), from: '+15551234567', channel: 'args', uid: 1 };
const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;

type Attempt = readonly [label: string, run: (client: CallstreamClient, callId: string) => unknown];

/** Every command with a bad argument: each must reject with a ValidationError, sending nothing. */
const attempts: readonly Attempt[] = [
  ['hangup action "drop_table"', (c, id) => c.hangup(id, { action: 'drop_table' as 'hangup' })],
  ['hangup options null', (c, id) => c.hangup(id, null as never)],
  ['dial params null', (c) => c.dial(null as never)],
  ['dial token {}', (c) => c.dial({ ...dial, token: {} as never })],
  ['dial token 5', (c) => c.dial({ ...dial, token: 5 as never })],
  ['dial appId {}', (c) => c.dial({ ...dial, appId: {} as never })],
  ['dial appId 7', (c) => c.dial({ ...dial, appId: 7 as never })],
  ['dial region {}', (c) => c.dial({ ...dial, region: {} as never })],
  ['dial region 5', (c) => c.dial({ ...dial, region: 5 as never })],
  ['dial sip {}', (c) => c.dial({ ...dial, sip: {} as never })],
  ['dial sip 5', (c) => c.dial({ ...dial, sip: 5 as never })],
  ['dial sipDomain []', (c) => c.dial({ ...dial, sipDomain: [] as never })],
  ['dial audioScenario {}', (c) => c.dial({ ...dial, audioScenario: {} as never })],
  ['dial audioScenario -1', (c) => c.dial({ ...dial, audioScenario: -1 })],
  ['dial audioScenario "abc"', (c) => c.dial({ ...dial, audioScenario: 'abc' })],
  ['dial timeoutSec -1', (c) => c.dial({ ...dial, timeoutSec: -1 })],
  ['dial timeoutSec {}', (c) => c.dial({ ...dial, timeoutSec: {} as never })],
  ['dial timeoutSec "abc"', (c) => c.dial({ ...dial, timeoutSec: 'abc' })],
  ['dial timeoutSec 1.5', (c) => c.dial({ ...dial, timeoutSec: 1.5 })],
  ['dial video "yes"', (c) => c.dial({ ...dial, video: 'yes' as never })],
  ['dial sdkOptions circular', (c) => c.dial({ ...dial, sdkOptions: circular })],
  ['dial sdkOptions BigInt', (c) => c.dial({ ...dial, sdkOptions: { n: 1n } })],
  ['dial sdkOptions 5', (c) => c.dial({ ...dial, sdkOptions: 5 as never })],
  ['dial uid -1', (c) => c.dial({ ...dial, uid: -1 })],
  ['dial options null', (c) => c.dial(dial, null as never)],
  ['transfer params null', (c, id) => c.transfer(id, '+15550009999', null as never)],
  ['transfer params "A"', (c, id) => c.transfer(id, '+15550009999', 'A' as never)],
  ['transfer leg "C"', (c, id) => c.transfer(id, '+15550009999', { leg: 'C' as 'A' })],
  ['transfer destination 5', (c, id) => c.transfer(id, 5 as never)],
  ['bridge token 5', (c, id) => c.bridge(id, { channel: 'b', uid: 2, token: 5 as never })],
  ['bridge video 1', (c, id) => c.bridge(id, { channel: 'b', uid: 2, video: 1 as never })],
  [
    'bridge sdkOptions circular',
    (c, id) => c.bridge(id, { channel: 'b', uid: 2, sdkOptions: circular }),
  ],
  ['bridge params "x"', (c, id) => c.bridge(id, 'x' as never)],
  ['sendDtmf digits 5', (c, id) => c.sendDtmf(id, 5 as never)],
  ['sendDtmf signal {}', (c, id) => c.sendDtmf(id, '1', { signal: {} as AbortSignal })],
  ['unbridge callId {}', (c) => c.unbridge({} as never)],
  ['unbridge timeoutMs -1', (c, id) => c.unbridge(id, { timeoutMs: -1 })],
  ['subscribe null', (c) => c.subscribe(null as never)],
  ['subscribe timeoutMs {}', (c) => c.subscribe([], { timeoutMs: {} as never })],
];

/** Issue 11, finding 4: no unvalidated field reaches the wire. */
describe('bad arguments never reach the wire', () => {
  it('every command with a bad argument rejects with a ValidationError and sends nothing', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const log = new EventLog(client);
    const { callId } = await client.dial(dial);
    await log.waitFor(callId, 'bridged');
    const sent = emu.frames().length;
    for (const [label, run] of attempts) {
      const error = await Promise.resolve()
        .then(() => run(client, callId))
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error, label).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code, label).toBe('invalid-argument');
    }
    expect(emu.frames().length).toBe(sent);
    expect(client.getCall(callId)?.state).toBe('bridged');
  });

  it('offers: accept and reject with bad arguments leave the offer open', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu);
    const log = new EventLog(client);
    void emu.simulateInbound({ did: DEFAULT_DIDS[0], from: '+15550001111' });
    const { callId } = await log.next((event) => event.type === 'incoming');
    const sent = emu.frames().length;
    for (const run of [
      () => client.accept(callId, null as never),
      () => client.accept(callId, { channel: 'c', uid: 1, webhookUrl: 5 as never }),
      () => client.accept(callId, { channel: 'c', uid: 1, sdkOptions: circular }),
      () => client.accept(callId, { channel: 'c', uid: 1 }, { signal: 'x' as never }),
      () => client.reject(callId, 5 as never),
      () => client.reject(callId, 'busy', null as never),
    ]) {
      await expect(run()).rejects.toBeInstanceOf(ValidationError);
    }
    expect(emu.frames().length).toBe(sent);
    expect(client.getCall(callId)).toMatchObject({ state: 'incoming' });
    expect(client.getCall(callId)?.claimed).toBeUndefined();
    await expect(client.accept(callId, { channel: 'ok', uid: 3 })).resolves.toBeDefined();
  });

  it('a media option that answers nonsense is refused before sending', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu, {
      media: () => ({ channel: 'm', uid: 1, token: { leaked: true } as never }),
    });
    const sent = emu.frames().length;
    await expect(
      client.dial({ to: scenario.answer(), from: '+15551234567' }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(emu.frames().length).toBe(sent);
  });
});
