import { inspect } from 'node:util';
import type {
  AnyCallEvent,
  CallControl,
  CallSnapshot,
  ClientState,
  Logger,
} from '@callstream/core';
import { isCallstreamError } from '@callstream/core';
import { expect } from 'vitest';
import { next, WAIT_MS } from './streams';

/**
 * Everything the fault matrix showed to the outside world, as text: log lines, errors$ items,
 * events, states, rejections and inspected clients. The secrets check searches all of it.
 */
export class OutputCapture {
  readonly #chunks: string[] = [];
  /** Characters captured so far (to prove the check had something to search). */
  length = 0;

  /** Adds `value` as `util.inspect` shows it, hidden properties and causes included. */
  add(value: unknown): void {
    const text =
      typeof value === 'string'
        ? value
        : inspect(value, { depth: 12, showHidden: true, getters: true, maxArrayLength: 200 });
    this.#chunks.push(text);
    this.length += text.length;
  }

  /** A logger writing into the capture at every level. */
  logger(): Logger {
    const write =
      (level: string) =>
      (message: string, fields?: Record<string, unknown>): void =>
        this.add(
          `${level} ${message} ${fields === undefined ? '' : inspect(fields, { depth: 12 })}`,
        );
    return {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
    };
  }

  /** The secrets (of at least 8 characters) found anywhere in the capture. */
  leaked(secrets: readonly string[]): string[] {
    const all = this.#chunks.join('\n');
    return secrets.filter((secret) => secret.length >= 8 && all.includes(secret));
  }
}

/** How a watched command ended. */
export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Watches one client through a fault: its states, tables, events and errors, every command
 * promise it was given, and the invariants every case asserts at the end.
 */
export class ClientWatch {
  readonly states: ClientState[] = [];
  readonly events: AnyCallEvent[] = [];
  readonly errors: Error[] = [];
  readonly #pending: Array<Promise<Settled>> = [];
  readonly #seen = new Set<string>();
  readonly #violations: string[] = [];
  readonly #subscriptions;

  constructor(
    readonly client: CallControl,
    private readonly capture: OutputCapture,
  ) {
    this.#subscriptions = [
      client.state$.subscribe((state) => {
        this.states.push(state);
        capture.add(state);
      }),
      client.events$.subscribe((event) => {
        this.events.push(event);
        this.#seen.add(event.callId);
        capture.add(event);
      }),
      client.errors$.subscribe((error) => {
        this.errors.push(error);
        capture.add(error);
      }),
      client.calls$.subscribe((calls) => {
        for (const [callId, call] of calls) {
          this.#seen.add(callId);
          // Every snapshot handed out is frozen, keyed by its own id, and not yet ended.
          if (!Object.isFrozen(call)) this.#violations.push(`${callId}: snapshot not frozen`);
          if (call.callId !== callId) this.#violations.push(`${callId}: keyed by another id`);
          if (call.state === 'hangup') this.#violations.push(`${callId}: hangup left in calls$`);
        }
      }),
    ];
  }

  /** Follows a command: its outcome is recorded, and it must settle before the case ends. */
  settle<T>(promise: Promise<T>): Promise<Settled> {
    const settled = promise.then(
      (value): Settled => ({ ok: true, value }),
      (error: unknown): Settled => {
        this.capture.add(error);
        return { ok: false, error };
      },
    );
    this.#pending.push(settled);
    return settled;
  }

  /** The next state (recorded or future) matching `predicate`. */
  state(predicate: (state: ClientState) => boolean, what: string): Promise<ClientState> {
    const recorded = this.states.find(predicate);
    if (recorded) return Promise.resolve(recorded);
    return next(this.client.state$, predicate, what);
  }

  /** The next state after the ones seen so far that matches `predicate`. */
  nextState(predicate: (state: ClientState) => boolean, what: string): Promise<ClientState> {
    return next(this.client.state$, predicate, what);
  }

  /** The `removed` event of `callId` (recorded or future). */
  async removed(callId: string): Promise<AnyCallEvent & { reason: string }> {
    const done = (event: AnyCallEvent) => event.callId === callId && event.type === 'removed';
    const recorded = this.events.find(done);
    const event =
      recorded ?? (await next(this.client.events$, done, `call ${callId} to leave calls$`));
    return event as AnyCallEvent & { reason: string };
  }

  /** The snapshot of `callId` once it reached `state` or further (recorded or future). */
  async reached(callId: string, states: readonly string[]): Promise<CallSnapshot> {
    const match = (event: AnyCallEvent) =>
      event.callId === callId && event.call !== undefined && states.includes(event.call.state);
    const recorded = this.events.find(match);
    const event =
      recorded ?? (await next(this.client.events$, match, `call ${callId} to reach ${states}`));
    return event.call as CallSnapshot;
  }

  /** Statuses in order, repeated ones collapsed. */
  statuses(): string[] {
    return this.states
      .map((state) => state.status)
      .filter((status, index, all) => index === 0 || all[index - 1] !== status);
  }

  /**
   * The invariants every case ends with, after `close()`: no command promise is still pending,
   * `calls$` is empty, and every call the client ever saw left it with exactly one `removed`.
   */
  async assertClean(): Promise<void> {
    const guard = new Promise<'hung'>((resolve) => {
      const timer = setTimeout(() => resolve('hung'), WAIT_MS);
      void Promise.all(this.#pending).then(() => clearTimeout(timer));
    });
    const outcome = await Promise.race([Promise.all(this.#pending), guard]);
    expect(outcome, 'a command promise never settled').not.toBe('hung');
    for (const settled of outcome as Settled[]) {
      if (!settled.ok) {
        expect(
          isCallstreamError(settled.error),
          `untyped rejection: ${inspect(settled.error)}`,
        ).toBe(true);
      }
    }
    expect(this.#violations).toEqual([]);
    expect(this.client.activeCalls()).toEqual([]);
    for (const callId of this.#seen) {
      const removals = this.events.filter(
        (event) => event.callId === callId && event.type === 'removed',
      );
      expect(removals, `call ${callId} must leave calls$ exactly once`).toHaveLength(1);
    }
    this.capture.add(inspect(this.client, { depth: 8, showHidden: true, getters: true }));
    this.capture.add(safeJson(this.client));
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
  }
}

/** Kinds of resources that keep a Node process alive and that a client could leak. */
const LEAKABLE = ['Timeout', 'TCPSocketWrap', 'TCPServerWrap', 'Immediate'];

/** How many of each leakable resource keep the process alive now. */
export function liveResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (LEAKABLE.includes(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/**
 * Waits until no more resources keep the process alive than in `baseline` (sockets take a tick
 * or two to close), and fails naming what stayed.
 */
export async function expectNoLeaks(baseline: Record<string, number>): Promise<void> {
  const excess = () =>
    Object.entries(liveResources())
      .filter(([kind, count]) => count > (baseline[kind] ?? 0))
      .map(([kind, count]) => `${kind} ${count} > ${baseline[kind] ?? 0}`);
  const deadline = Date.now() + 2000;
  while (excess().length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(excess(), 'timers or sockets left behind').toEqual([]);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    return String(error);
  }
}
