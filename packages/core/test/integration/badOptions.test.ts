import { describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  ConfigurationError,
  createClient,
  ValidationError,
} from '../../src/index';
import { connectedClient, emulator, Recorder } from '../helpers/fixtures';

const valid: ClientOptions = {
  url: 'ws://127.0.0.1:1/v1/ws/events',
  authToken: 'Basic b3B0aW9uczpzZWNyZXQ=',
  clientId: 'options',
  appId: 'app',
};

/** Pending timers that keep the process alive (unref'd ones do not count). */
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

/** Issue 11, finding 3: every option is checked up front with a typed error. */
describe('bad options', () => {
  it.each([
    ['reconnect: { initialDelayMs: -1 }', { reconnect: { initialDelayMs: -1 } }, /reconnect/],
    ['reconnect: "always"', { reconnect: 'always' }, /reconnect must be/],
    ['reconnect: null', { reconnect: null }, /reconnect must be/],
    ['keepAlive: "yes"', { keepAlive: 'yes' }, /keepAlive must be/],
    ['keepAlive: { pingIntervalMs: -1 }', { keepAlive: { pingIntervalMs: -1 } }, /pingIntervalMs/],
    ['keepAlive: { pongTimeoutMs: "x" }', { keepAlive: { pongTimeoutMs: 'x' } }, /pongTimeoutMs/],
    ['heartbeat: "on"', { heartbeat: 'on' }, /heartbeat must be/],
    ['heartbeat: { intervalMs: 0 }', { heartbeat: { intervalMs: 0 } }, /intervalMs/],
    ['logger: {}', { logger: {} }, /logger must have/],
    ['logger: console.log', { logger: console.log }, /logger must have/],
    ['WebSocket: {}', { WebSocket: {} }, /WebSocket must be/],
    ['WebSocket: a plain function', { WebSocket: () => {} }, /WebSocket must be/],
    ['media: "x"', { media: 'x' }, /media must be/],
    ['subscribeNumbers: "x"', { subscribeNumbers: 'x' }, /subscribeNumbers/],
    ['stableAfterMs: NaN', { stableAfterMs: Number.NaN }, /stableAfterMs/],
    ['hangupGraceMs: -1', { hangupGraceMs: -1 }, /hangupGraceMs/],
    ['url: "ws://"', { url: 'ws://' }, /url is not a valid/],
    ['url with a fragment', { url: 'ws://127.0.0.1/x#frag' }, /fragment/],
    ['authToken: 42', { authToken: 42 }, /authToken/],
  ])('%s: ConfigurationError before anything exists', (_label, override, message) => {
    const attempt = () => createClient({ ...valid, ...(override as object) } as ClientOptions);
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(expect.objectContaining({ code: 'invalid-options' }));
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'ws://x'],
    ['an array', []],
  ])('options %s: ConfigurationError, never a TypeError', (_label, options) => {
    expect(() => createClient(options as unknown as ClientOptions)).toThrow(ConfigurationError);
  });

  it('a message never echoes the auth token', () => {
    const error = (() => {
      try {
        createClient({ ...valid, url: `http://user:${valid.authToken}@host/x` });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).not.toContain('b3B0aW9uczpzZWNyZXQ');
  });

  it('a WebSocket that throws: connect() rejects typed, state$ ends closed, again and again, close() is quiet', async () => {
    class Exploding {
      static readonly CONNECTING = 0;
      static readonly OPEN = 1;
      static readonly CLOSING = 2;
      static readonly CLOSED = 3;
      constructor() {
        throw new TypeError('boom');
      }
      send() {}
      close() {}
    }
    const client = createClient({
      ...valid,
      WebSocket: Exploding as unknown as ClientOptions['WebSocket'] & object,
    });
    const states = new Recorder(client.state$);
    await expect(client.connect()).rejects.toMatchObject({ code: 'unreachable' });
    await expect(client.connect()).rejects.toMatchObject({ code: 'unreachable' });
    expect(states.items.map((state) => state.status)).toEqual([
      'idle',
      'connecting',
      'closed',
      'connecting',
      'closed',
    ]);
    await client.close();
    await client.close();
    expect(client.state.status).toBe('closed');
  });

  it('a reconnect policy that throws or answers nonsense gives up instead of crashing', async () => {
    await using emu = await emulator();
    for (const policy of [
      () => {
        throw new Error('policy bug');
      },
      () => Number.NaN,
      () => 'soon' as unknown as number,
    ]) {
      await using client = await connectedClient(emu, { reconnect: policy });
      const states = new Recorder(client.state$);
      emu.faults.dropClients();
      const closed = await states.next((state) => state.status === 'closed');
      expect(closed).toMatchObject({ error: expect.objectContaining({ code: 'connection-lost' }) });
    }
  });

  it.each([
    ['signal: {}', { signal: {} }, /signal must be an AbortSignal/],
    ['signal: "x"', { signal: 'x' }, /signal must be an AbortSignal/],
    ['options: null', null, /options must be an object/],
    ['options: "fast"', 'fast', /options must be an object/],
    ['timeoutMs: "10"', { timeoutMs: '10' }, /timeoutMs/],
  ])(
    'command %s: ValidationError before sending, and no timer left behind',
    async (_label, options, message) => {
      await using emu = await emulator();
      // No keep-alive: a ping deadline timer coming and going would blur the count.
      await using client = await connectedClient(emu, { keepAlive: false });
      const sent = emu.frames().length;
      const before = timers();
      const attempt = client.subscribe([], options as never);
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(message);
      expect(timers()).toBe(before);
      expect(emu.frames().length).toBe(sent);
    },
  );
});
