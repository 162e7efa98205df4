import { filter, firstValueFrom, type Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  type ConnectionState,
  createTransport,
  type Transport,
  type TransportError,
} from '../src/index';
import { startServer } from './fixtures/server';

/** Records every state and lets the test await one that matches. */
function watchStates(transport: Transport) {
  const states: ConnectionState[] = [];
  const subscription = transport.state$.subscribe((state) => states.push(state));
  const until = (predicate: (state: ConnectionState) => boolean) =>
    firstValueFrom(transport.state$.pipe(filter(predicate)));
  return { states, until, [Symbol.dispose]: () => subscription.unsubscribe() };
}

const openState = (attempt: number) => (state: ConnectionState) =>
  state.status === 'open' && state.attempt === attempt;

describe('createTransport', () => {
  it('goes connecting → open → reconnecting → connecting → open → closing → closed across a drop', async () => {
    await using server = await startServer();
    const transport = createTransport({ url: server.url, retry: () => 20 });
    using watch = watchStates(transport);
    const messages: unknown[] = [];
    let completed = false;
    const subscription: Subscription = transport.messages$.subscribe({
      next: (frame) => messages.push(frame),
      complete: () => (completed = true),
    });

    await watch.until(openState(0));
    (await server.connection(0)).socket.close(1000, 'server restart');
    await watch.until(openState(1));
    const peer = await server.connection(1);
    peer.socket.send('{"hello":"again"}');
    await firstValueFrom(transport.messages$);
    transport.send({ ping: 1 });
    transport.close();

    expect(await peer.closed).toEqual({ code: 1000, reason: '' });
    expect(completed).toBe(true);
    expect(messages).toEqual([{ hello: 'again' }]);
    expect(peer.received).toEqual(['{"ping":1}']);
    type Open = Extract<ConnectionState, { status: 'open' }>;
    const first = watch.states[2] as Open;
    const second = watch.states[5] as Open;
    const drop = (watch.states[3] as { error: TransportError }).error;
    expect(watch.states).toEqual([
      { status: 'idle' },
      { status: 'connecting', attempt: 0 },
      { status: 'open', attempt: 0, connectionId: first.connectionId },
      { status: 'reconnecting', attempt: 1, delayMs: 20, error: drop },
      { status: 'connecting', attempt: 1 },
      { status: 'open', attempt: 1, connectionId: second.connectionId },
      { status: 'closing' },
      { status: 'closed', code: 1000, reason: '' },
    ]);
    expect(second.connectionId).toBeGreaterThan(first.connectionId);
    expect(drop).toMatchObject({ code: 'closed', closeCode: 1000, closeReason: 'server restart' });
    expect(subscription.closed).toBe(true);
    expect(() => transport.send({ late: true })).toThrowError(
      expect.objectContaining({ code: 'not-open' }),
    );
  });

  it('ends with closed(error) when retry gives up, and messages$ errors with that error', async () => {
    await using server = await startServer({
      onConnection: (peer) => peer.socket.close(4000, 'go away'),
    });
    const transport = createTransport({ url: server.url, retry: false });
    using watch = watchStates(transport);

    const error = await new Promise<unknown>((resolve) =>
      transport.messages$.subscribe({ error: resolve }),
    );

    expect(error).toMatchObject({ code: 'closed', closeCode: 4000 });
    expect(watch.states.at(-1)).toEqual({ status: 'closed', code: 4000, reason: 'go away', error });
  });

  it('connects on the first subscriber, closes with 1000 after the last, and can start again', async () => {
    await using server = await startServer();
    const transport = createTransport({ url: server.url });
    using watch = watchStates(transport);
    expect(() => transport.send({ early: true })).toThrowError(/transport is idle/);

    const first = transport.messages$.subscribe();
    const second = transport.binary$.subscribe();
    await watch.until(openState(0));
    first.unsubscribe();
    expect(watch.states.at(-1)?.status).toBe('open');
    second.unsubscribe();

    expect(watch.states.at(-1)).toEqual({ status: 'idle' });
    expect((await (await server.connection(0)).closed).code).toBe(1000);
    expect(server.connections).toHaveLength(1);

    const again = transport.messages$.subscribe();
    await watch.until(
      (state) =>
        state.status === 'open' && watch.states.filter((s) => s.status === 'open').length === 2,
    );
    again.unsubscribe();
    expect(server.connections).toHaveLength(2);
  });

  it('reports malformed frames and retried failures on errors$', async () => {
    await using server = await startServer({
      onConnection: (peer) => {
        if (server.connections.length === 1) peer.socket.close(1011, 'oops');
        else peer.socket.send('not json');
      },
    });
    const transport = createTransport({ url: server.url, retry: () => 0 });
    const errors = new Promise<TransportError[]>((resolve) => {
      const seen: TransportError[] = [];
      transport.errors$.subscribe((error) => {
        seen.push(error);
        if (seen.length === 2) resolve(seen);
      });
    });
    const subscription = transport.messages$.subscribe();

    expect((await errors).map((error) => error.code)).toEqual(['closed', 'malformed-frame']);
    subscription.unsubscribe();
    transport.close();
  });

  it('close() while waiting to reconnect stops the wait and reports closed without a code', async () => {
    await using server = await startServer({
      onConnection: (peer) => peer.socket.close(1001, 'restart'),
    });
    const transport = createTransport({ url: server.url, retry: () => 60_000 });
    using watch = watchStates(transport);
    let completed = false;
    transport.messages$.subscribe({ complete: () => (completed = true) });
    await watch.until((state) => state.status === 'reconnecting');

    transport.close();

    expect(completed).toBe(true);
    expect(watch.states.slice(-3).map((state) => state.status)).toEqual([
      'reconnecting',
      'closing',
      'closed',
    ]);
    expect(watch.states.at(-1)).toEqual({ status: 'closed' });
  });

  it('close() before anyone subscribed goes straight to closed; later subscribers complete at once', async () => {
    const transport = createTransport({ url: 'ws://127.0.0.1:9/' });
    using watch = watchStates(transport);
    transport.close();
    transport.close();
    let completed = false;
    transport.messages$.subscribe({ complete: () => (completed = true) });
    expect(completed).toBe(true);
    expect(watch.states).toEqual([{ status: 'idle' }, { status: 'closed' }]);
  });
});
