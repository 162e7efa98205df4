import { type Emulator, type EmulatorOptions, startEmulator } from '@callstream/emulator';
import { filter, firstValueFrom, type Observable, ReplaySubject, take, timeout } from 'rxjs';
import {
  type CallEvent,
  type CallstreamClient,
  type ClientOptions,
  createClient,
} from '../../src/index';

let clientCounter = 0;

/** Starts an emulator with near-instant timing; dispose with `await using`. */
export function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ timing: 'fast', ...options });
}

/** A client for `emu`, registered with its first app id unless overridden; disposable. */
export function clientFor(emu: Emulator, overrides: Partial<ClientOptions> = {}): CallstreamClient {
  clientCounter += 1;
  return createClient({
    url: emu.wsUrl,
    authToken: emu.token,
    clientId: `core-test-${process.pid}-${clientCounter}`,
    appId: emu.appIds[0] ?? '',
    reconnect: { initialDelayMs: 10, maxDelayMs: 50, random: () => 1 },
    ...overrides,
  });
}

/** Connected client, ready for commands. */
export async function connectedClient(
  emu: Emulator,
  overrides: Partial<ClientOptions> = {},
): Promise<CallstreamClient> {
  const client = clientFor(emu, overrides);
  await client.connect();
  return client;
}

/**
 * Records a stream from now on; `next(predicate)` resolves with the first recorded or future
 * item that matches (so no item is missed between an action and the wait).
 */
export class Recorder<T> {
  readonly items: T[] = [];
  private readonly replay = new ReplaySubject<T>();
  private readonly subscription;

  constructor(source: Observable<T>) {
    this.subscription = source.subscribe((item) => {
      this.items.push(item);
      this.replay.next(item);
    });
  }

  /** The first item (recorded or future) matching `predicate`. */
  next(predicate: (item: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    return firstValueFrom(this.replay.pipe(filter(predicate), take(1), timeout(timeoutMs)));
  }

  /** Stops recording. */
  stop(): void {
    this.subscription.unsubscribe();
  }
}

/** Records a client's events$; `sequence(callId)` lists the event types of one call. */
export class EventLog extends Recorder<CallEvent> {
  constructor(client: CallstreamClient) {
    super(client.events$);
  }

  /** Event types for one call, in order. */
  sequence(callId: string): string[] {
    return this.items.filter((event) => event.callId === callId).map((event) => event.type);
  }

  /** Waits for an event of `type` on `callId`. */
  waitFor(callId: string, type: CallEvent['type'], timeoutMs?: number): Promise<CallEvent> {
    return this.next((event) => event.callId === callId && event.type === type, timeoutMs);
  }
}

/** The frame the emulator received with this `request_id` (a command's wire form). */
export function frameOf(emu: Emulator, requestId: string): Record<string, unknown> {
  const found = emu.frames().find((received) => received.frame.request_id === requestId);
  if (!found) throw new Error(`the emulator received no frame with request_id ${requestId}`);
  return found.frame;
}
