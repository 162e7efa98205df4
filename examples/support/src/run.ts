import {
  type CallControl,
  type CallstreamClient,
  type ClientOptions,
  type CommandResult,
  createClient,
} from '@callstream/core';
import type { Observable, Subscription } from 'rxjs';
import { type FlagValues, intFlag, type ProgramSpec } from './cli';
import { type ExampleConfig, type LoadConfigOptions, loadConfig } from './config';
import { describeError, ExampleError } from './errors';
import { type LifecycleOptions, runLifecycle } from './lifecycle';
import type { JsonRecord, Output } from './output';
import { errorRecord, eventRecord, stateRecord } from './records';
import { releaseCalls } from './shutdown';
import type { StepHost } from './steps';
import { waitFor, within } from './wait';

/** Everything a running example gets from {@link runExample}. */
export interface ExampleContext extends StepHost {
  readonly spec: ProgramSpec;
  /** Parsed command-line flags. */
  readonly flags: FlagValues;
  /** The `client_id` this program registers with (`<name>-<epoch ms>`). */
  readonly clientId: string;
  /** Where it connects and the numbers it uses. */
  readonly config: ExampleConfig;
  /** The client (not yet connected: call {@link ExampleContext.connect}). */
  readonly client: CallstreamClient;
  /** Fires when the program is asked to stop (Ctrl-C, SIGTERM); every wait then ends. */
  readonly signal: AbortSignal;
  /** Default limit of every wait and command, in ms. */
  readonly timeoutMs: number;
  /** Prints one JSON record on stdout. */
  emit(record: JsonRecord): void;
  /** Prints a human message on stderr. */
  log(message: string): void;
  /** How many records of each `type` were printed so far. */
  counts(): Readonly<Record<string, number>>;
  /** Connects and registers; resolves with the session id. */
  connect(): Promise<string>;
  /** `promise`, bounded by the step timeout (or `timeoutMs`) and the stop signal. */
  within<T>(promise: Promise<T>, what: string, timeoutMs?: number): Promise<T>;
  /** Prints every `events$` item and every `errors$` item as records until the program ends. */
  printEvents(): void;
  /** Resolves when the program is asked to stop. */
  untilStopped(): Promise<void>;
}

/** Options of {@link runExample}; the defaults are the real process. */
export interface RunOptions extends LifecycleOptions {
  /** How the embedded emulator is started. @default realistic timing */
  emulator?: LoadConfigOptions;
  /** Extra client options (e.g. `subscribeNumbers`), given the resolved configuration. */
  client?: (config: ExampleConfig, flags: FlagValues) => Partial<ClientOptions>;
}

/** How long releasing the program's calls may take when it stops. */
export const RELEASE_TIMEOUT_MS = 5000;

/**
 * Runs a Call Manager example program: parses flags (`--help` prints help and exits 0), loads
 * the configuration (starting the embedded emulator when CM_HOST is unset), creates the client,
 * prints its state changes, runs `main`, and always ends the same way: hang up the calls the
 * program owns, close the client, stop the emulator, exit. Exit status: 0 when `main` resolves
 * or the program was stopped by SIGINT/SIGTERM, 1 when a step failed, 2 for bad flags/settings.
 */
export function runExample(
  spec: ProgramSpec,
  main: (context: ExampleContext) => Promise<void>,
  options: RunOptions = {},
): Promise<number> {
  return runLifecycle(
    spec,
    async (life) => {
      const { flags, argv, env, out } = life;
      const config = await loadConfig(env, argv, options.emulator);
      life.own({ close: () => config.close() });
      out.addSecret(config.authToken);
      if (config.rtcToken !== undefined) out.addSecret(config.rtcToken);
      const timeoutMs = intFlag(
        flags,
        'timeout-ms',
        config.source === 'emulator' ? 10_000 : 30_000,
      );
      if (timeoutMs === 0) throw new ExampleError('usage', '--timeout-ms must be at least 1');
      if (life.ending) return;
      const clientId = `${spec.name}-${Date.now()}`;
      const client = createClient({
        url: config.url,
        authToken: config.authToken,
        clientId,
        appId: config.appId,
        commandTimeoutMs: timeoutMs,
        connectTimeoutMs: timeoutMs,
        ...options.client?.(config, flags),
      });
      life.own({
        release: () => releaseCalls(client, RELEASE_TIMEOUT_MS),
        close: () => client.close(),
      });
      life.subscriptions.push(client.state$.subscribe((state) => out.emit(stateRecord(state))));
      const context = createContext(
        { spec, flags, clientId, config, client, signal: life.signal, timeoutMs },
        out,
        life.subscriptions,
        `the connection to ${config.url}`,
      );
      await main(context);
    },
    options,
  );
}

/** The parts of a context that are plain values. */
type ContextFacts = Pick<
  ExampleContext,
  'spec' | 'flags' | 'clientId' | 'config' | 'client' | 'signal' | 'timeoutMs'
>;

function createContext(
  facts: ContextFacts,
  out: Output,
  subscriptions: Subscription[],
  connection: string,
): ExampleContext {
  return { ...facts, ...programTools(facts, out, subscriptions, connection) };
}

/** The tools a program gets around its client: output, waits, commands, event printing. */
export type ProgramTools = Omit<
  ExampleContext,
  'spec' | 'flags' | 'clientId' | 'config' | 'client' | 'signal' | 'timeoutMs'
>;

/**
 * Builds the {@link ProgramTools} for `client`: every wait bounded by `timeoutMs` and `signal`,
 * every command printed as a record, `connection` naming what `connect()` waits for.
 */
export function programTools(
  facts: { client: CallControl; signal: AbortSignal; timeoutMs: number },
  out: Output,
  subscriptions: Subscription[],
  connection: string,
): ProgramTools {
  const { client, signal, timeoutMs } = facts;
  const waitOptions = (what: string, limit?: number) => ({
    timeoutMs: limit ?? timeoutMs,
    what,
    signal,
  });
  return {
    emit: (record) => out.emit(record),
    log: (message) => out.log(message),
    counts: () => out.counts(),
    async connect() {
      const { sessionId } = await within(client.connect(), waitOptions(connection));
      return sessionId;
    },
    within: <T>(promise: Promise<T>, what: string, limit?: number) =>
      within(promise, waitOptions(what, limit)),
    waitFor: <T>(
      source: Observable<T>,
      predicate: (item: T) => boolean,
      what: string,
      limit?: number,
    ) => waitFor(source, predicate, waitOptions(what, limit)),
    async command<T extends CommandResult | { callId: string }>(
      name: string,
      fields: Record<string, unknown>,
      run: () => Promise<T>,
    ): Promise<T> {
      const started = performance.now();
      const ms = () => Math.round((performance.now() - started) * 10) / 10;
      try {
        const result = await run();
        const facts: Record<string, unknown> = {};
        if ('callId' in result) facts.callId = result.callId;
        if ('requestId' in result) facts.requestId = result.requestId;
        if ('statusCode' in result && result.statusCode !== undefined)
          facts.statusCode = result.statusCode;
        out.emit({ type: 'command', command: name, ...fields, ok: true, ms: ms(), ...facts });
        return result;
      } catch (error) {
        out.emit({
          type: 'command',
          command: name,
          ...fields,
          ok: false,
          ms: ms(),
          ...describeError(error),
        });
        throw error;
      }
    },
    printEvents() {
      subscriptions.push(
        client.events$.subscribe((event) => out.emit(eventRecord(event))),
        client.errors$.subscribe((error) =>
          out.emit({ ...errorRecord(error), type: 'client-error' }),
        ),
      );
    },
    untilStopped() {
      if (signal.aborted) return Promise.resolve();
      return new Promise((resolve) =>
        signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    },
  };
}
