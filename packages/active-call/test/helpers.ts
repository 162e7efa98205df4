import {
  type ActiveCallEmulator,
  type ActiveCallEmulatorOptions,
  type ReceivedCommandFrame,
  startActiveCallEmulator,
} from '@callstream/emulator';
import { filter, firstValueFrom, type Observable, ReplaySubject, take, timeout } from 'rxjs';
import {
  type ActiveCallClient,
  type ActiveCallClientEvent,
  type ActiveCallClientOptions,
  createActiveCallClient,
} from '../src/index';
import { listenForWebhooks, type WebhookServer } from '../src/node';

/** How long a test waits for anything (fast emulator timing). */
export const WAIT_MS = 5000;

/** The first item of `source` matching `predicate`, or a timeout error naming `what`. */
export function next<T>(
  source: Observable<T>,
  predicate: (item: T) => boolean = () => true,
  what = 'an item',
): Promise<T> {
  return firstValueFrom(
    source.pipe(
      filter(predicate),
      take(1),
      timeout({
        first: WAIT_MS,
        with: () => {
          throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
        },
      }),
    ),
  );
}

/** A fresh emulator, a connected client against it, and (optionally) a webhook server. */
export interface Fixture extends AsyncDisposable {
  readonly emulator: ActiveCallEmulator;
  readonly client: ActiveCallClient;
  /** Every client event from creation on. */
  readonly events: ActiveCallClientEvent[];
  /** The same events, replayed to late subscribers. */
  readonly events$: Observable<ActiveCallClientEvent>;
  /** The webhook server the emulator posts to. */
  readonly webhooks: WebhookServer;
  /** Text frames the emulator received on a session, parsed. */
  frames(sessionId?: string): Array<Record<string, unknown>>;
  /** Every received frame record. */
  received(sessionId?: string): ReceivedCommandFrame[];
}

/** Starts an emulator (fast timing) and a connected client with a webhook server. */
export async function fixture(
  options: Partial<ActiveCallClientOptions> = {},
  emulatorOptions: ActiveCallEmulatorOptions = {},
): Promise<Fixture> {
  const emulator = await startActiveCallEmulator({ timing: 'fast', ...emulatorOptions });
  const client = createActiveCallClient({ endpoint: emulator.wsUrl, ...options });
  const events: ActiveCallClientEvent[] = [];
  const replay = new ReplaySubject<ActiveCallClientEvent>();
  client.events$.subscribe((event) => {
    events.push(event);
    replay.next(event);
  });
  await client.connect();
  const webhooks = await listenForWebhooks(client, { path: '/webhook' });
  return {
    emulator,
    client,
    events,
    events$: replay.asObservable(),
    webhooks,
    frames: (sessionId) =>
      emulator
        .frames(sessionId)
        .filter((record) => record.frame !== undefined)
        .map((record) => record.frame as Record<string, unknown>),
    received: (sessionId) => emulator.frames(sessionId),
    async [Symbol.asyncDispose]() {
      await client.close();
      await webhooks.close();
      await emulator.close();
    },
  };
}

/** Rings an inbound call at the fixture's webhook; resolves with its dialog id. */
export async function ringIn(f: Fixture, caller = 'sip:+14155550100@127.0.0.1'): Promise<string> {
  const result = await f.emulator.simulateInbound({ caller, webhookUrl: f.webhooks.url });
  if (!result.delivered) throw new Error(`webhook not delivered: ${result.error ?? result.status}`);
  return result.dialogId;
}

/** The `removed` event of `callId` (recorded or future). */
export function removed(f: Fixture, callId: string) {
  return next(
    f.events$,
    (event) => event.callId === callId && event.type === 'removed',
    `${callId} to leave calls$`,
  ) as Promise<Extract<ActiveCallClientEvent, { type: 'removed' }>>;
}

/** Polls `check` until it is true (for server-side state with no event to await). */
export async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
