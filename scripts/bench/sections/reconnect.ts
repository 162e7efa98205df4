/**
 * (e) Reconnect: from the server being back to `state$` = `connected` with the subscriptions
 * restored, the backoff delay excluded; against a raw `ws` connect + register to the same server.
 */
import { WebSocket } from 'ws';
import type { ClientState } from '../../../packages/core/src/index';
import { closeRawSocket, nextClientId, openRawSocket } from '../clients';
import { startBenchEmulator } from '../emulator';
import type { BenchContext, BenchSection, Section } from '../section';
import { grouped, median } from '../stats';

/** The client's fixed backoff: long enough for the emulator to be listening again by then. */
const BACKOFF_MS = 100;
const DID = '+18005551234';

/** Epoch ms with sub-millisecond precision, comparable with the emulator worker's. */
const now = () => performance.timeOrigin + performance.now();

/** When the client last created a socket: the start of its connection attempt. */
let socketCreatedAt = 0;

/** `ws` noting when each socket is created (what the client uses by default in Node). */
class TimedWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    socketCreatedAt = now();
  }
}

export const reconnectSection: BenchSection = {
  id: 'reconnect',
  async run(context: BenchContext): Promise<Section> {
    const { packages, rounds, progress } = context;
    const samples = rounds * 4;
    progress(`(e) reconnect: ${samples} emulator restarts`);
    const emulator = await startBenchEmulator();
    const clientId = nextClientId('reconnect');
    const client = packages.core.createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId,
      appId: emulator.appId,
      subscribeNumbers: [DID],
      reconnect: () => BACKOFF_MS,
      WebSocket: TimedWebSocket as unknown as NonNullable<
        Parameters<typeof packages.core.createClient>[0]['WebSocket']
      >,
    });
    const states: ClientState[] = [];
    const watcher = client.state$.subscribe((state) => states.push(state));
    const core: number[] = [];
    const raw: number[] = [];
    try {
      await client.connect();
      for (let sample = 0; sample < samples; sample += 1) {
        states.length = 0;
        const connected = new Promise<number>((resolve) => {
          const sub = client.state$.subscribe((state) => {
            if (state.status === 'connected' && state.reconnects === sample + 1) {
              resolve(now());
              queueMicrotask(() => sub.unsubscribe());
            }
          });
        });
        const backAt = await emulator.restart();
        const connectedAt = await connected;
        if (!states.some((state) => state.status === 'reconnecting')) {
          throw new Error('the client reconnected without a reconnecting state');
        }
        // The successful attempt's socket was the last one created; if it was created before
        // the server was back (it cannot have been: it would have failed), the server's time.
        core.push(connectedAt - Math.max(backAt, socketCreatedAt));
        const { subscribed } = await emulator.stats();
        if (subscribed[clientId]?.join() !== DID.replace('+', '')) {
          throw new Error(`subscriptions not restored: ${JSON.stringify(subscribed[clientId])}`);
        }
        // The baseline: a raw ws connect, greeting and register with the same subscription.
        const started = now();
        const socket = await openRawSocket(emulator.wsUrl, nextClientId('raw-reconnect'), {
          token: emulator.token,
          appId: emulator.appId,
          numbers: [DID],
        });
        raw.push(now() - started);
        await closeRawSocket(socket);
      }
    } finally {
      watcher.unsubscribe();
      await client.close();
      await emulator.stop();
    }
    const ms = (values: number[]) => `${median(values).toFixed(2)} ms`;
    const extra = median(core) - median(raw);
    return {
      id: 'reconnect',
      title: 'Reconnect',
      rows: [
        { label: '(e) raw ws connect + greeting + register', value: ms(raw) },
        {
          label: '(e) core reconnect: server back → connected, subscriptions restored',
          value: ms(core),
          relative: `raw + ${extra.toFixed(2)} ms`,
        },
      ],
      rounds: [
        `(e) core: ${core.map((v) => v.toFixed(2)).join(', ')} ms`,
        `(e) raw: ${raw.map((v) => v.toFixed(2)).join(', ')} ms`,
      ],
      notes: [
        `Once the server is reachable again the client is back in ${ms(core)} (median of ${grouped(samples)}): a new socket, the greeting, \`register\` carrying the confirmed \`subscribe_numbers\`, and the \`connected\` state. The wait before the attempt is the reconnect policy's (capped exponential backoff with jitter by default) and is not part of this figure.`,
      ],
      method: `**(e)** The CM emulator runs in a worker thread (fast timing). A core client subscribed to one DID reconnects with a fixed ${BACKOFF_MS} ms backoff while the emulator restarts (\`restart()\`: every socket dropped like a crash, then listening again on the same port). The time runs from the later of "emulator listening again" and "the client created its socket" (the attempt after the backoff; timed through an injected \`WebSocket\` subclass) to \`state$\` emitting \`connected\`; after each reconnect the emulator's status must list the DID for the client. Raw: a \`ws\` client opening, reading the greeting and registering with the same subscription.`,
    };
  },
};
