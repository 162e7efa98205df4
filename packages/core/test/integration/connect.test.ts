import { createServer } from 'node:net';
import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { AuthError, type ClientState, createClient, ProtocolError } from '../../src/index';
import { clientFor, emulator, Recorder } from '../helpers/fixtures';

/** A ws server on 127.0.0.1:0 that answers each connection with `onConnection`. */
async function rawServer(onConnection: (socket: import('ws').WebSocket) => void) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', onConnection);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/v1/ws/events`,
    async [Symbol.asyncDispose]() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const credentials = { authToken: 'Basic dGVzdA==', clientId: 'raw', appId: 'app' };

describe('connect', () => {
  it('registers, reports the session id, and walks state$ idle → connecting → connected → closed', async () => {
    await using emu = await emulator();
    const client = clientFor(emu);
    const states = new Recorder<ClientState>(client.state$);
    const { sessionId } = await client.connect();
    expect(sessionId).toMatch(/.{8,}/);
    expect(client.state).toEqual({ status: 'connected', sessionId, reconnects: 0 });
    expect(emu.status().clients.map((c) => c.session_id)).toContain(sessionId);
    await client.close();
    await client.close();
    expect(states.items.map((state) => state.status)).toEqual([
      'idle',
      'connecting',
      'connected',
      'closed',
    ]);
    await expect.poll(() => emu.status().client_count).toBe(0);
  });

  it('is reusable after close and works with await using', async () => {
    await using emu = await emulator();
    const client = clientFor(emu);
    const first = await client.connect();
    await client.close();
    const second = await client.connect();
    expect(second.sessionId).not.toBe(first.sessionId);
    {
      await using scoped = clientFor(emu);
      await scoped.connect();
      expect(emu.status().client_count).toBe(2);
    }
    await client.close();
    await expect.poll(() => emu.status().client_count).toBe(0);
  });

  it('concurrent connect() calls share one attempt', async () => {
    await using emu = await emulator();
    await using client = clientFor(emu);
    const [a, b] = await Promise.all([client.connect(), client.connect()]);
    expect(a).toEqual(b);
    expect(emu.status().client_count).toBe(1);
  });

  it('rejects a bad token with AuthError and does not retry', async () => {
    await using emu = await emulator();
    const client = clientFor(emu, { authToken: 'Basic wrong' });
    const error = await client.connect().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(String(error)).not.toContain('wrong');
    expect(client.state.status).toBe('closed');
    expect(emu.frames().filter((f) => f.frame.action === 'register')).toHaveLength(1);
  });

  it('rejects an unexpected greeting with ProtocolError', async () => {
    await using server = await rawServer((socket) =>
      socket.send(JSON.stringify({ status: 'error', error: 'at capacity' })),
    );
    const client = createClient({ url: server.url, ...credentials });
    const error = await client.connect().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({
      code: 'unexpected-greeting',
      message: 'unexpected status: error',
    });
  });

  it('rejects a refused registration with registration-failed', async () => {
    await using emu = await emulator();
    emu.faults.refuseRegistrations('maintenance');
    const error = await clientFor(emu)
      .connect()
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'registration-failed', serverError: 'maintenance' });
  });

  it('one connect timeout covers a server that never greets (W2)', async () => {
    await using server = await rawServer(() => {});
    const client = createClient({ url: server.url, ...credentials, connectTimeoutMs: 100 });
    await expect(client.connect()).rejects.toMatchObject({ code: 'connect-timeout' });
  });

  it('one connect timeout covers a server that never answers register', async () => {
    await using server = await rawServer((socket) =>
      socket.send(JSON.stringify({ status: 'connected', session_id: 's' })),
    );
    const client = createClient({ url: server.url, ...credentials, connectTimeoutMs: 100 });
    await expect(client.connect()).rejects.toMatchObject({ code: 'connect-timeout' });
  });

  it('reports an unreachable server as unreachable', async () => {
    // A port that was free a moment ago: bind, read the port, release it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const client = createClient({ url: `ws://127.0.0.1:${port}/v1/ws/events`, ...credentials });
    await expect(client.connect()).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('reports malformed frames on errors$ and keeps going', async () => {
    await using emu = await emulator();
    await using client = clientFor(emu);
    await client.connect();
    const errors = firstValueFrom(client.errors$.pipe(take(2), toArray()));
    emu.faults.sendMalformed();
    emu.faults.sendMalformed(undefined, '[1,2,3]');
    const [first, second] = await errors;
    expect(first?.code).toBe('malformed-frame');
    expect(second?.code).toBe('malformed-frame');
    await expect(client.subscribe([])).resolves.toBeDefined();
  });

  it('never logs the auth token', async () => {
    await using emu = await emulator();
    const lines: string[] = [];
    const record = (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${message} ${JSON.stringify(fields)}`);
    await using client = clientFor(emu, {
      logger: { debug: record, info: record, warn: record, error: record },
    });
    await client.connect();
    emu.faults.dropClients();
    await firstValueFrom(client.errors$);
    const log = lines.join('\n');
    expect(log).toContain('register');
    expect(log).toContain('[redacted]');
    expect(log).not.toContain(emu.token.slice(6));
  });
});
