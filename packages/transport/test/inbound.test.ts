import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { JsonObject, TransportError } from '../src/index';
import { subscribeSocket } from './fixtures/client';
import { startServer } from './fixtures/server';

describe('inbound frames', () => {
  it('reports malformed text frames on errors$ without closing, and passes binary through raw', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 253, 254, 255]);
    const bad = ['not json', '[1,2,3]', 'null', '42', '', `{"cut":"${'x'.repeat(500)}`];
    await using server = await startServer({
      onConnection: (peer) =>
        peer.socket.once('message', () => {
          for (const frame of bad) peer.socket.send(frame);
          peer.socket.send(bytes);
          peer.socket.send(JSON.stringify({ after: 'bad frames' }));
        }),
    });
    using socket = subscribeSocket({ url: server.url });
    const connection = await socket.connection;
    const errors = firstValueFrom(connection.errors$.pipe(take(bad.length), toArray()));
    const binary = firstValueFrom(connection.binary$);
    const message = firstValueFrom(connection.messages$);

    connection.send({ go: true });

    const reported: TransportError[] = await errors;
    expect(reported.map((error) => error.code)).toEqual(bad.map(() => 'malformed-frame'));
    expect(reported.map((error) => error.message)).toEqual([
      expect.stringContaining('not valid JSON: "not json"'),
      expect.stringContaining('an array, not a JSON object'),
      expect.stringContaining('null, not a JSON object'),
      expect.stringContaining('a number, not a JSON object'),
      expect.stringContaining('empty text frame'),
      expect.stringContaining('… (508 chars)'),
    ]);
    expect(reported[0]?.cause).toBeInstanceOf(SyntaxError);
    expect(reported[5]?.message.length).toBeLessThan(200);
    const received = await binary;
    expect(received).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(received as ArrayBuffer)).toEqual(bytes);
    expect(await message).toEqual({ after: 'bad frames' });
    expect(socket.states.at(-1)?.status).toBe('open');
  });

  it('delivers a 1 MB JSON frame intact', async () => {
    const big = { kind: 'big', payload: 'a'.repeat(1024 * 1024), tail: [1, 2, 3] };
    await using server = await startServer({
      onConnection: (peer) => peer.socket.send(JSON.stringify(big)),
    });
    let received: Promise<JsonObject> | undefined;
    using _socket = subscribeSocket({ url: server.url }, (connection) => {
      received = firstValueFrom(connection.messages$);
    });
    await _socket.connection;

    expect(await received).toEqual(big);
  });

  it('delivers 100,000 frames complete and in order', async () => {
    const total = 100_000;
    await using server = await startServer({
      onConnection: (peer) => {
        for (let seq = 0; seq < total; seq += 1) peer.socket.send(`{"seq":${seq}}`);
      },
    });
    const seen: number[] = [];
    let allSeen!: () => void;
    const done = new Promise<void>((resolve) => {
      allSeen = resolve;
    });
    // The frames follow the open immediately: subscribe synchronously on emission.
    using _socket = subscribeSocket({ url: server.url }, (connection) => {
      connection.messages$.subscribe((frame: JsonObject) => {
        seen.push(frame.seq as number);
        if (seen.length === total) allSeen();
      });
    });

    await done;

    expect(seen).toHaveLength(total);
    const outOfOrder = seen.findIndex((seq, index) => seq !== index);
    expect(outOfOrder).toBe(-1);
  });
});
