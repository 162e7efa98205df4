/// <reference path="../../../scripts/provided-context.d.ts" />
import { implementation } from '@callstream/ws';
import { filter, firstValueFrom, switchMap } from 'rxjs';
import { describe, expect, inject, it } from 'vitest';
import { createTransport, openSocket, type SocketState } from '../src/index';

const echoWsUrl = inject('echoWsUrl');

describe('@callstream/transport in Chromium', () => {
  it('resolves the browser WebSocket of @callstream/ws', () => {
    expect(implementation).toBe('global');
  });

  it('opens a socket to a loopback Node server, gets the JSON echo back, and closes', async () => {
    const states: SocketState[] = [];
    let completed = false;
    const echoed = await new Promise<unknown>((resolve, reject) => {
      openSocket({ url: echoWsUrl, onState: (state) => states.push(state) })
        .pipe(
          switchMap((connection) => {
            const first = firstValueFrom(connection.messages$);
            connection.send({ hello: 'from chromium', n: 1 });
            void first.then((frame) => {
              resolve(frame);
              connection.close();
            }, reject);
            return connection.messages$;
          }),
        )
        .subscribe({ error: reject, complete: () => (completed = true) });
    });

    expect(echoed).toEqual({ hello: 'from chromium', n: 1 });
    await expect.poll(() => completed).toBe(true);
    expect(states.map((state) => state.status)).toEqual([
      'connecting',
      'open',
      'closing',
      'closed',
    ]);
    expect(states.at(-1)).toMatchObject({ code: 1000, wasClean: true });
  });

  it('echoes binary frames as ArrayBuffer', async () => {
    const bytes = Uint8Array.from([1, 2, 3, 250]);
    const echoed = await firstValueFrom(
      openSocket({ url: echoWsUrl }).pipe(
        switchMap((connection) => {
          connection.sendBinary(bytes);
          return connection.binary$;
        }),
      ),
    );
    expect(echoed).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(echoed as ArrayBuffer)).toEqual(bytes);
  });

  it('runs createTransport: open, echo, close', async () => {
    const transport = createTransport({ url: echoWsUrl });
    const keepOpen = transport.messages$.subscribe(); // firstValueFrom alone would be the last subscriber
    const echo = firstValueFrom(transport.messages$.pipe(filter((frame) => frame.kind === 'json')));
    await firstValueFrom(transport.state$.pipe(filter((state) => state.status === 'open')));

    transport.send({ kind: 'json', at: 'browser' });

    expect(await echo).toEqual({ kind: 'json', at: 'browser' });
    transport.close();
    expect(await firstValueFrom(transport.state$)).toEqual({
      status: 'closed',
      code: 1000,
      reason: '',
    });
    expect(keepOpen.closed).toBe(true);
  });
});
