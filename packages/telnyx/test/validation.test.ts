import { inspect } from 'node:util';
import { scenario } from '@callstream/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTelnyxClient,
  isTelnyxError,
  type TelnyxClient,
  type TelnyxClientOptions,
} from '../src';
import { next, type World, world } from './helpers';
import { fakeSdk, testKeys } from './webhooks';

describe('every command argument is validated before anything is sent', () => {
  let w: World;
  let callId: string;
  let offerId: string;

  beforeAll(async () => {
    w = await world();
    const offered = next(w.client.incoming$, () => true, 'an offer');
    await w.emulator.simulateInbound({});
    const offer = await offered;
    await offer.accept();
    await w.log.reached(offer.callId, 'answered');
    callId = offer.callId;
    const second = next(w.client.incoming$, () => true, 'a second offer');
    await w.emulator.simulateInbound({ from: '+14155550199' });
    offerId = (await second).callId;
  });
  afterAll(async () => {
    await w[Symbol.asyncDispose]();
  });

  const from = '+15551230000';
  const to = scenario.answer();
  type Attempt = [string, (client: TelnyxClient, id: string, offer: string) => Promise<unknown>];
  const bad = (value: unknown) => value as never;
  const attempts: Attempt[] = [
    ['dial(null)', (c) => c.dial(bad(null))],
    ['dial({})', (c) => c.dial(bad({}))],
    ['dial to not E.164', (c) => c.dial({ to: '5551234', from })],
    ['dial from a number', (c) => c.dial({ to, from: bad(15551230000) })],
    ['dial timeoutSecs -1', (c) => c.dial({ to, from, timeoutSecs: -1 })],
    ['dial timeoutSecs "30"', (c) => c.dial({ to, from, timeoutSecs: bad('30') })],
    ['dial clientState object', (c) => c.dial({ to, from, clientState: bad({}) })],
    ['dial clientState too long', (c) => c.dial({ to, from, clientState: 'x'.repeat(4000) })],
    ['dial unknown field', (c) => c.dial(bad({ to, from, action: 'drop_table' }))],
    ['dial webhookUrl ftp', (c) => c.dial({ to, from, webhookUrl: 'ftp://example.test' })],
    [
      'dial customHeaders bad',
      (c) => c.dial({ to, from, customHeaders: bad([{ name: 'a b', value: 1 }]) }),
    ],
    ['dial bridgeOnAnswer without linkTo', (c) => c.dial({ to, from, bridgeOnAnswer: true })],
    ['dial signal {}', (c) => c.dial({ to, from }, { signal: bad({}) })],
    ["dial signal 'x'", (c) => c.dial({ to, from }, { signal: bad('x') })],
    ['dial timeoutMs -1', (c) => c.dial({ to, from }, { timeoutMs: -1 })],
    ["dial timeoutMs 'abc'", (c) => c.dial({ to, from }, { timeoutMs: bad('abc') })],
    ["dial commandId ''", (c) => c.dial({ to, from }, { commandId: '' })],
    ['dial unknown option', (c) => c.dial({ to, from }, bad({ retries: 3 }))],
    ['accept bad params', (c, _id, offer) => c.accept(offer, bad({ record: 'always' }))],
    ['accept bad options', (c, _id, offer) => c.accept(offer, {}, bad({ signal: 1 }))],
    ['accept 123', (c) => c.accept(bad(123))],
    ['reject reason 5', (c, _id, offer) => c.reject(offer, bad(5))],
    ['hangup unknown option', (c, id) => c.hangup(id, bad({ action: 'drop_table' }))],
    ['hangup callId {}', (c) => c.hangup(bad({}))],
    ['sendDtmf 12x', (c, id) => c.sendDtmf(id, '12x')],
    ["sendDtmf ''", (c, id) => c.sendDtmf(id, '')],
    ['sendDtmf 5', (c, id) => c.sendDtmf(id, bad(5))],
    ['sendDtmf 65 digits', (c, id) => c.sendDtmf(id, '1'.repeat(65))],
    ['sendDtmf durationMillis 50', (c, id) => c.sendDtmf(id, '1', { durationMillis: 50 })],
    ['transfer to abc', (c, id) => c.transfer(id, 'abc')],
    ['transfer params null', (c, id) => c.transfer(id, to, bad(null))],
    ['transfer timeoutSecs 1', (c, id) => c.transfer(id, to, { timeoutSecs: 1 })],
    ['bridge with itself', (c, id) => c.bridge(id, id)],
    ['bridge with unknown', (c, id) => c.bridge(id, 'v3:unknown')],
    ['bridge ringtone usa', (c, id) => c.bridge(id, id, { ringtone: 'usa' })],
    ['speak {}', (c, id) => c.speak(id, bad({}))],
    ['speak too long', (c, id) => c.speak(id, { payload: 'x'.repeat(3001) })],
    ['speak voice 5', (c, id) => c.speak(id, { payload: 'x', voice: bad(5) })],
    ['speak targetLegs', (c, id) => c.speak(id, { payload: 'x', targetLegs: bad('all') })],
    ['playbackStart no source', (c, id) => c.playbackStart(id, {})],
    [
      'playbackStart two sources',
      (c, id) => c.playbackStart(id, { audioUrl: 'https://a.test/a.mp3', mediaName: 'x' }),
    ],
    ['playbackStart loop 0', (c, id) => c.playbackStart(id, { mediaName: 'x', loop: 0 })],
    ['playbackStop stop some', (c, id) => c.playbackStop(id, { stop: bad('some') })],
    ['gather min > max', (c, id) => c.gather(id, { minimumDigits: 5, maximumDigits: 2 })],
    ['gather gatherId too long', (c, id) => c.gather(id, { gatherId: 'x'.repeat(41) })],
    ['gather terminatingDigit ##', (c, id) => c.gather(id, { terminatingDigit: '##' })],
    ['gatherUsingSpeak no payload', (c, id) => c.gatherUsingSpeak(id, bad({ maximumDigits: 1 }))],
    ['recordStart channels triple', (c, id) => c.recordStart(id, { channels: bad('triple') })],
    ['recordStop recordingId 5', (c, id) => c.recordStop(id, bad(5))],
    ['updateClientState {}', (c, id) => c.updateClientState(id, bad({}))],
    ['updateClientState too long', (c, id) => c.updateClientState(id, 'é'.repeat(2000))],
    ['gatherStop unknown option', (c, id) => c.gatherStop(id, bad({ now: true }))],
  ];

  it.each(attempts)('%s rejects with a typed error and sends nothing', async (_name, attempt) => {
    const before = w.emulator.requests().length;
    const error = await attempt(w.client, callId, offerId).then(
      () => new Error('resolved'),
      (caught: unknown) => caught,
    );
    expect(isTelnyxError(error)).toBe(true);
    expect(['invalid-argument', 'unknown-call']).toContain((error as { code: string }).code);
    expect(w.emulator.requests()).toHaveLength(before);
    expect(w.client.getCall(callId)?.state).toBe('answered');
    expect(w.client.getCall(offerId)).toMatchObject({ state: 'incoming' });
  });
});

describe('every option is validated by createTelnyxClient', () => {
  const keys = testKeys();
  const base: TelnyxClientOptions = {
    apiKey: 'KEY0123SECRET',
    connectionId: 'conn-1',
    publicKey: keys.publicKey,
  };
  const cases: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'KEY'],
    ['no connectionId', { ...base, connectionId: undefined }],
    ['no apiKey', { ...base, apiKey: undefined }],
    ['apiKey with a space', { ...base, apiKey: 'KEY 1' }],
    ['publicKey not base64', { ...base, publicKey: 'not a key' }],
    ['publicKey of 31 bytes', { ...base, publicKey: Buffer.alloc(31).toString('base64') }],
    ['baseURL ftp', { ...base, baseURL: 'ftp://api.example.test' }],
    ['baseURL not a URL', { ...base, baseURL: 'nope' }],
    ['telnyx and apiKey', { ...base, telnyx: fakeSdk().sdk }],
    ['telnyx {}', { connectionId: 'c', publicKey: keys.publicKey, telnyx: {} }],
    ['webhook 5', { ...base, webhook: 5 }],
    ['webhook.url nope', { ...base, webhook: { url: 'nope' } }],
    ['webhook.listen.port -1', { ...base, webhook: { listen: { port: -1 } } }],
    ['webhook.listen.path no slash', { ...base, webhook: { listen: { path: 'hooks' } } }],
    ['webhook.toleranceSec 0', { ...base, webhook: { toleranceSec: 0 } }],
    ['webhook unknown key', { ...base, webhook: { secret: 'x' } }],
    ['commandTimeoutMs -1', { ...base, commandTimeoutMs: -1 }],
    ['requestTimeoutMs Infinity', { ...base, requestTimeoutMs: Number.POSITIVE_INFINITY }],
    ['retry attempts 0', { ...base, retry: { attempts: 0 } }],
    ["retry 'always'", { ...base, retry: 'always' }],
    ['dialRateLimit perSecond 0', { ...base, dialRateLimit: { perSecond: 0 } }],
    ["reconcile intervalMs 'x'", { ...base, reconcile: { intervalMs: 'x' } }],
    ['incomingTimeoutMs 0', { ...base, incomingTimeoutMs: 0 }],
    ["rejectExpiredOffers 'yes'", { ...base, rejectExpiredOffers: 'yes' }],
    ['logger {}', { ...base, logger: {} }],
    ['a misspelt option', { ...base, apikey: 'x' }],
  ];

  it.each(cases)(
    '%s: ConfigurationError invalid-options, never echoing the key',
    (_name, options) => {
      let caught: unknown;
      try {
        createTelnyxClient(options as TelnyxClientOptions);
      } catch (error) {
        caught = error;
      }
      expect(isTelnyxError(caught, 'invalid-options')).toBe(true);
      expect((caught as Error).name).toBe('ConfigurationError');
      expect((caught as Error).message).not.toContain('KEY0123SECRET');
    },
  );

  it('warns once when the key would go over http:// to another host, not to loopback', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    const logged: string[] = [];
    const logger = { debug() {}, info() {}, warn: (m: string) => logged.push(m), error() {} };
    try {
      createTelnyxClient({ ...base, baseURL: 'http://127.0.0.1:9/v2', logger });
      createTelnyxClient({ ...base, baseURL: 'https://api.example.test/v2', logger });
      expect(logged).toEqual([]);
      createTelnyxClient({ ...base, baseURL: 'http://api.example.test/v2', logger });
      expect(logged).toEqual([expect.stringMatching(/plain http:\/\/ to api\.example\.test/)]);
      // Process warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((message) => message.includes('api.example.test'))).toHaveLength(1);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('secrets stay out of everything', () => {
  it('util.inspect(client), logs, errors, events and snapshots never contain the API key', async () => {
    const lines: string[] = [];
    const record = (level: string) => (message: string, fields?: unknown) =>
      lines.push(`${level} ${message} ${inspect(fields, { depth: 8 })}`);
    const logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    await using w = await world({ logger });
    const seen: string[] = [inspect(w.client, { depth: 6, showHidden: true })];
    w.client.events$.subscribe((event) => seen.push(inspect(event, { depth: 8 })));
    w.client.errors$.subscribe((error) =>
      seen.push(inspect(error, { depth: 8 }), String(error.stack)),
    );
    const { callId } = await w.client.dial({ to: scenario.answer(), from: '+15551230000' });
    await w.log.reached(callId, 'answered');
    seen.push(inspect(w.client.activeCalls(), { depth: 8 }));
    const failures = await Promise.all([
      w.client.speak('v3:unknown', { payload: 'x' }).catch((e: unknown) => e),
      w.client.sendDtmf(callId, 'zz').catch((e: unknown) => e),
    ]);
    w.emulator.faults.failRequests(5, { status: 500 });
    failures.push(await w.client.sendDtmf(callId, '1').catch((e: unknown) => e));
    w.emulator.faults.reset();
    for (const failure of failures)
      seen.push(inspect(failure, { depth: 8 }), String((failure as Error).stack));
    await w.client.hangup(callId);
    await w.log.removed(callId);
    const wrong = createTelnyxClient({ ...clientBase(w), apiKey: 'KEY_WRONG_SECRET_1' });
    const refused = await wrong.connect().catch((e: unknown) => e);
    seen.push(inspect(refused, { depth: 8 }), inspect(wrong, { depth: 6, showHidden: true }));
    await wrong.close();
    const everything = [...seen, ...lines].join('\n');
    expect(everything).not.toContain(w.emulator.apiKey);
    expect(everything).not.toContain('KEY_WRONG_SECRET_1');
    expect(everything).not.toContain(w.emulator.publicKey);
    expect(lines.length).toBeGreaterThan(0);
  });
});

function clientBase(w: World): TelnyxClientOptions {
  return {
    baseURL: w.emulator.apiBase,
    connectionId: w.emulator.connectionId,
    publicKey: w.emulator.publicKey,
  };
}
