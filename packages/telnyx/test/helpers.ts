import type { AnyCallEvent, CallstreamError } from '@callstream/core';
import {
  startTelnyxEmulator,
  type TelnyxEmulator,
  type TelnyxEmulatorOptions,
} from '@callstream/emulator';
import { filter, firstValueFrom, type Observable, ReplaySubject, take, timeout } from 'rxjs';
import {
  createTelnyxClient,
  type TelnyxCall,
  type TelnyxClient,
  type TelnyxClientOptions,
} from '../src';

/** How long one expectation may wait (fast emulator timing). */
export const WAIT_MS = 4000;

/** Options pointing a client at `emulator` (its own webhook server on loopback, fast checks). */
export function clientOptions(
  emulator: TelnyxEmulator,
  overrides: Partial<TelnyxClientOptions> = {},
): TelnyxClientOptions {
  return {
    apiKey: emulator.apiKey,
    baseURL: emulator.apiBase,
    connectionId: emulator.connectionId,
    publicKey: emulator.publicKey,
    webhook: { listen: { port: 0 } },
    retry: { attempts: 3, initialDelayMs: 5, maxDelayMs: 20 },
    reconcile: { intervalMs: 2_000, graceMs: 300 },
    ...overrides,
  };
}

/** A fast Telnyx emulator plus a connected client whose webhook server is the application's URL. */
export interface World extends AsyncDisposable {
  readonly emulator: TelnyxEmulator;
  readonly client: TelnyxClient;
  readonly log: EventLog;
}

export async function world(
  overrides: Partial<TelnyxClientOptions> = {},
  emulatorOptions: TelnyxEmulatorOptions = {},
): Promise<World> {
  const emulator = await startTelnyxEmulator({ timing: 'fast', ...emulatorOptions });
  const client = createTelnyxClient(clientOptions(emulator, overrides));
  const log = new EventLog(client);
  try {
    await client.connect();
  } catch (error) {
    await client.close();
    await emulator.close();
    throw error;
  }
  if (client.webhookAddress !== undefined) emulator.setWebhookUrl(client.webhookAddress);
  return {
    emulator,
    client,
    log,
    async [Symbol.asyncDispose]() {
      log.stop();
      await client.close();
      await emulator.close();
    },
  };
}

/** The first item of `source` matching `predicate`, or a timeout error naming `what`. */
export function next<T>(
  source: Observable<T>,
  predicate: (item: T) => boolean,
  what: string,
): Promise<T> {
  return firstValueFrom(
    source.pipe(
      filter(predicate),
      take(1),
      timeout({
        first: WAIT_MS,
        with: () => {
          throw new Error(`timed out waiting for ${what}`);
        },
      }),
    ),
  );
}

/** Records a client's events and errors from now on. */
export class EventLog {
  readonly events: AnyCallEvent<TelnyxCall>[] = [];
  readonly errors: CallstreamError[] = [];
  private readonly replay = new ReplaySubject<AnyCallEvent<TelnyxCall>>();
  private readonly subscriptions;

  constructor(client: TelnyxClient) {
    this.subscriptions = [
      client.events$.subscribe((event) => {
        this.events.push(event);
        this.replay.next(event);
      }),
      client.errors$.subscribe((error) => this.errors.push(error)),
    ];
  }

  /** The event types of one call, in order. */
  types(callId: string): string[] {
    return this.events
      .filter((event) => event.callId === callId)
      .map((event) => (event.type === 'backend' ? `backend:${event.name}` : event.type));
  }

  /** The first (recorded or future) event matching. */
  wait(predicate: (event: AnyCallEvent<TelnyxCall>) => boolean, what: string) {
    return next(this.replay, predicate, what);
  }

  /** The `removed` event of `callId`. */
  removed(callId: string) {
    return this.wait(
      (event) => event.callId === callId && event.type === 'removed',
      `${callId} removed`,
    ) as Promise<Extract<AnyCallEvent<TelnyxCall>, { type: 'removed' }>>;
  }

  /** The first snapshot of `callId` in `state`. */
  async reached(callId: string, state: TelnyxCall['state']): Promise<TelnyxCall> {
    const event = await this.wait(
      (item) => item.callId === callId && item.call?.state === state,
      `${callId} to reach ${state}`,
    );
    return event.call as TelnyxCall;
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
