import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import {
  type ActiveCallClientOptions,
  type ActiveCallSession,
  createActiveCallClient,
  isActiveCallError,
} from '../src/index';
import { fixture, next, ringIn } from './helpers';

/** Bad values reach the API through plain JavaScript; the types would refuse them. */
// biome-ignore lint/suspicious/noExplicitAny: deliberately wrong arguments
type Loose = any;

async function refused(promise: Promise<unknown> | (() => unknown), code = 'invalid-argument') {
  let error: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (caught) {
    error = caught;
  }
  expect(isActiveCallError(error), `expected a typed error, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as Error;
}

describe('client options are validated (invalid-options, naming the option)', () => {
  const cases: Array<[string, Loose]> = [
    ['no options', undefined],
    ['no endpoint', {}],
    ['an http endpoint', { endpoint: 'http://127.0.0.1:8080' }],
    ['a relative endpoint', { endpoint: '/call' }],
    ['an endpoint with a query', { endpoint: 'ws://h:1/?token=x' }],
    ['an endpoint with credentials', { endpoint: 'ws://user:pw@h:1' }],
    ['an endpoint that is a session path', { endpoint: 'ws://h:1/call/sip' }],
    ['an unknown callType', { endpoint: 'ws://h:1', callType: 'pstn' }],
    ['an unknown callOption field', { endpoint: 'ws://h:1', callOption: { sampelRate: 1 } }],
    [
      'a callOption of the wrong type',
      { endpoint: 'ws://h:1', callOption: { asr: { bufferSize: -1 } } },
    ],
    ['a sipDomain with a scheme', { endpoint: 'ws://h:1', sipDomain: 'sip:pbx' }],
    ['a negative dialTimeoutMs', { endpoint: 'ws://h:1', dialTimeoutMs: -5 }],
    ['an infinite acceptTimeoutMs', { endpoint: 'ws://h:1', acceptTimeoutMs: Infinity }],
    ['a zero openTimeoutMs', { endpoint: 'ws://h:1', openTimeoutMs: 0 }],
    ['a fractional pingSeconds', { endpoint: 'ws://h:1', pingSeconds: 1.5 }],
    ['a string dump', { endpoint: 'ws://h:1', dump: 'yes' }],
    ['an empty serverSideTrack', { endpoint: 'ws://h:1', serverSideTrack: '' }],
    ['maxCalls 0', { endpoint: 'ws://h:1', maxCalls: 0 }],
    ['a logger without methods', { endpoint: 'ws://h:1', logger: {} }],
    ['a keepAlive string', { endpoint: 'ws://h:1', keepAlive: 'on' }],
    ['a WebSocket that is no constructor', { endpoint: 'ws://h:1', WebSocket: 42 }],
  ];
  it.each(cases)('%s', (_name, options: ActiveCallClientOptions) => {
    let error: unknown;
    try {
      createActiveCallClient(options);
    } catch (caught) {
      error = caught;
    }
    expect(isActiveCallError(error, 'invalid-options')).toBe(true);
    expect((error as Error).name).toBe('ConfigurationError');
  });

  it('echoes no credentials from a bad endpoint', () => {
    let message = '';
    try {
      createActiveCallClient({ endpoint: 'ws://user:s3cret@h:1' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('s3cret');
  });
});

describe('commands with invalid arguments reject before anything is sent', () => {
  it('dial: every bad argument is refused, no session opened, no frame sent', async () => {
    await using f = await fixture();
    const to = scenario.answer();
    const from = 'sip:bot@x';
    const bad: Array<() => Promise<unknown>> = [
      () => f.client.dial(null as Loose),
      () => f.client.dial({ to: '', from }),
      () => f.client.dial({ to: 'not a number', from }),
      () => f.client.dial({ to: 42 as Loose, from }),
      () => f.client.dial({ to, from: 7 as Loose }),
      () => f.client.dial({ to, from, type: 'pstn' as Loose }),
      () => f.client.dial({ to, from, id: '' }),
      () => f.client.dial({ to, from, option: 'x' as Loose }),
      () => f.client.dial({ to, from, option: { unknownField: 1 } as Loose }),
      () => f.client.dial({ to, from, option: { asr: { sampleRate: -1 } } }),
      () => f.client.dial({ to, from, option: { vad: { ratio: Number.NaN } } }),
      () => f.client.dial({ to, from, option: { tts: { volume: 11 } } }),
      () => f.client.dial({ to, from, option: { codec: 'opus' as Loose } }),
      () => f.client.dial({ to, from, option: { sip: { headers: { a: 1 } as Loose } } }),
      () => f.client.dial({ to, from, option: { sip: { extractHeaders: 'X' as Loose } } }),
      () => f.client.dial({ to, from, option: { mediaPass: { url: 'ws://m' } as Loose } }),
      () => f.client.dial({ to, from, option: { realtime: { tools: {} as Loose } } }),
      () => f.client.dial({ to, from, option: { extra: [] as Loose } }),
      () => f.client.dial({ to: '', from: '', type: 'webrtc' }),
      () => f.client.dial({ to: '', from: '', type: 'webrtc', option: { offer: 'hello' } }),
      () => f.client.dial({ to, from }, { timeoutMs: 0 }),
      () => f.client.dial({ to, from }, { timeoutMs: 'soon' as Loose }),
      () => f.client.dial({ to, from }, { signal: {} as Loose }),
      () => f.client.dial({ to, from }, null as Loose),
    ];
    for (const command of bad) await refused(command);
    expect(f.received()).toEqual([]);
    expect(f.emulator.stats().sessions).toBe(0);
    expect(f.client.activeCalls()).toEqual([]);
  });

  it('dial before connect and after close', async () => {
    await using f = await fixture();
    const idle = createActiveCallClient({ endpoint: f.emulator.wsUrl });
    await refused(idle.dial({ to: scenario.answer(), from: 'x' }), 'not-connected');
    await f.client.close();
    await refused(f.client.dial({ to: scenario.answer(), from: 'x' }), 'closed');
    expect(f.received()).toEqual([]);
  });

  it('session commands: bad arguments are refused and nothing reaches the server', async () => {
    await using f = await fixture();
    const { callId, session } = await f.client.dial({
      to: scenario.answer(),
      from: 'sip:bot@x',
      option: { tts: { provider: 'emulator' } },
    });
    const before = f.received(callId).length;
    const s: ActiveCallSession = session;
    const bad: Array<() => unknown> = [
      () => s.tts(5 as Loose),
      () => s.tts('x'.repeat(100_001)),
      () => s.tts('hi', { playId: '' }),
      () => s.tts('hi', null as Loose),
      () => s.tts('hi', { option: { speakr: 'x' } as Loose }),
      () => s.tts('hi', { waitInputTimeoutMs: -1 }),
      () => s.tts('hi', { autoHangup: 'yes' as Loose }),
      () => s.streamTts({ cacheKey: 3 as Loose }),
      () => s.play(''),
      () => s.play(42 as Loose),
      () => s.play('https://x/y.wav', { waitInputTimeoutMs: 1.5 }),
      () => s.interrupt({ graceful: 'false' as Loose }),
      () => s.interrupt({ fadeOutMs: -3 }),
      () => s.mute(''),
      () => s.unmute(7 as Loose),
      () => s.history('', 'text'),
      () => s.history('user', 5 as Loose),
      () => s.hangup({ headers: { a: 2 } as Loose }),
      () => s.hangup({ reason: 4 as Loose }),
      () => s.hangup({}, { timeoutMs: -1 }),
      () => s.refer('', 'sip:a@b'),
      () => s.refer('sip:a@b', 'sip:c@d', { timeout: -1 }),
      () => s.refer('sip:a@b', 'sip:c@d', { moh: 5 } as Loose),
      () => s.sendAudio(new Uint8Array(10)),
      () => s.sendRaw({} as Loose),
      () => s.sendRaw({ command: 'x', loop: BigInt(1) } as Loose),
      () => s.ringing({ earlyMedia: 1 } as Loose),
    ];
    for (const command of bad) {
      let caught: unknown;
      try {
        await command();
      } catch (error) {
        caught = error;
      }
      expect(isActiveCallError(caught), String(command)).toBe(true);
      expect(['invalid-argument', 'unsupported']).toContain((caught as { code: string }).code);
    }
    expect(f.received(callId).length).toBe(before);
    // The call is untouched by all that.
    expect(f.client.getCall(callId)?.state).toBe('answered');
    await f.client.hangup(callId);
  });

  it('client commands: accept, reject, ringing, hangup, transfer and session refuse bad input', async () => {
    await using f = await fixture();
    const offered = next(f.client.incoming$, () => true, 'an offer');
    const dialogId = await ringIn(f);
    await offered;
    const checks: Array<[() => Promise<unknown> | unknown, string]> = [
      [() => f.client.accept(''), 'invalid-argument'],
      [() => f.client.accept('nope'), 'unknown-call'],
      [
        () => f.client.accept(dialogId, { option: { asr: { bufferSize: 'x' } } } as Loose),
        'invalid-argument',
      ],
      [() => f.client.accept(dialogId, 5 as Loose), 'invalid-argument'],
      [() => f.client.reject(dialogId, 5 as Loose), 'invalid-argument'],
      [() => f.client.reject(dialogId, 'x', { code: 200 }), 'invalid-argument'],
      [() => f.client.ringing(dialogId, { ringtone: 5 } as Loose), 'invalid-argument'],
      [() => f.client.hangup('nope'), 'unknown-call'],
      [() => f.client.hangup(dialogId, { headers: 'x' } as Loose), 'invalid-argument'],
      [() => f.client.transfer('nope', 'sip:a@b'), 'unknown-call'],
      [() => f.client.session('nope'), 'unknown-call'],
      [() => f.client.session(dialogId), 'invalid-call-state'],
      [() => f.client.sendDtmf(dialogId, 'x'), 'unsupported'],
    ];
    for (const [command, code] of checks) await refused(command as () => Promise<unknown>, code);
    expect(f.received(dialogId)).toEqual([]);
    expect(f.client.getCall(dialogId)?.state).toBe('incoming');
    await f.client.accept(dialogId);
    await refused(() => f.client.transfer(dialogId, 'not a uri'));
    await refused(() =>
      f.client.transfer(dialogId, 'sip:a@b', { options: { timeout: 'x' } } as Loose),
    );
    expect(f.frames(dialogId).map((frame) => frame.command)).toEqual(['accept']);
    await f.client.hangup(dialogId);
  });
});
