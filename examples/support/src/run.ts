import {
  type CallstreamClient,
  type ClientOptions,
  type CommandResult,
  createClient,
} from '@callstream/core';
import type { Observable, Subscription } from 'rxjs';
import { type FlagValues, helpText, intFlag, type ProgramSpec, parseFlags } from './cli';
import { type ExampleConfig, type LoadConfigOptions, loadConfig } from './config';
import { describeError, ExampleError, exitCodeOf } from './errors';
import { type JsonRecord, type Output, output as processOutput } from './output';
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
export interface RunOptions {
  /** @default process.argv.slice(2) */
  argv?: readonly string[];
  /** @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** @default the process-wide output (stdout / stderr) */
  output?: Output;
  /** Ends the process. @default process.exit */
  exit?: (code: number) => void;
  /** How the embedded emulator is started. @default realistic timing */
  emulator?: LoadConfigOptions;
  /** Extra client options (e.g. `subscribeNumbers`), given the resolved configuration. */
  client?: (config: ExampleConfig, flags: FlagValues) => Partial<ClientOptions>;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** How long releasing the program's calls may take when it stops. */
const RELEASE_TIMEOUT_MS = 5000;

/**
 * Runs an example program: parses flags (`--help` prints help and exits 0), loads the
 * configuration (starting the embedded emulator when CM_HOST is unset), creates the client,
 * prints its state changes, runs `main`, and always ends the same way: hang up the calls the
 * program owns, close the client, stop the emulator, exit. Exit status: 0 when `main` resolves
 * or the program was stopped by SIGINT/SIGTERM, 1 when a step failed, 2 for bad flags/settings.
 */
export async function runExample(
  spec: ProgramSpec,
  main: (context: ExampleContext) => Promise<void>,
  options: RunOptions = {},
): Promise<number> {
  const out = options.output ?? processOutput;
  const exitProcess = options.exit ?? ((code: number) => process.exit(code));
  let exited = false;
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    exitProcess(code);
  };
  const argv = options.argv ?? process.argv.slice(2);
  const controller = new AbortController();
  const subscriptions: Subscription[] = [];
  let config: ExampleConfig | undefined;
  let client: CallstreamClient | undefined;
  let finishing: Promise<number> | undefined;

  const finish = (code: number, reason?: string): Promise<number> => {
    finishing ??= (async () => {
      controller.abort();
      const hungUp = client ? await releaseCalls(client, RELEASE_TIMEOUT_MS) : 0;
      // Nothing is printed after this point but the shutdown record: a summary stays the last line.
      for (const subscription of subscriptions) subscription.unsubscribe();
      if (reason) out.emit({ type: 'shutdown', reason, hungUp });
      await client?.close();
      await config?.close();
      return code;
    })();
    return finishing;
  };

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      out.log(`${signal} again: exiting without cleaning up`);
      exit(130);
      return;
    }
    out.log(
      `${signal}: hanging up, closing the client${config?.emulator ? ', stopping the emulator' : ''}…`,
    );
    // Exit once cleaned up, even if `main` is still awaiting something that ignores the signal.
    void finish(0, signal).then(exit);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  let code: number;
  try {
    const flags = parseFlags(spec, argv);
    if (flags.help === true) {
      process.stdout.write(helpText(spec));
      code = await finish(0);
    } else {
      config = await loadConfig(options.env ?? process.env, argv, options.emulator);
      out.addSecret(config.authToken);
      if (config.rtcToken !== undefined) out.addSecret(config.rtcToken);
      const timeoutMs = intFlag(
        flags,
        'timeout-ms',
        config.source === 'emulator' ? 10_000 : 30_000,
      );
      if (timeoutMs === 0) throw new ExampleError('usage', '--timeout-ms must be at least 1');
      if (finishing) {
        code = await finishing;
      } else {
        const clientId = `${spec.name}-${Date.now()}`;
        client = createClient({
          url: config.url,
          authToken: config.authToken,
          clientId,
          appId: config.appId,
          commandTimeoutMs: timeoutMs,
          connectTimeoutMs: timeoutMs,
          ...options.client?.(config, flags),
        });
        subscriptions.push(client.state$.subscribe((state) => out.emit(stateRecord(state))));
        const context = createContext(
          { spec, flags, clientId, config, client, signal: controller.signal, timeoutMs },
          out,
          subscriptions,
        );
        await main(context);
        code = await finish(0);
      }
    }
  } catch (error) {
    if (finishing) {
      code = await finishing;
    } else {
      const { message } = describeError(error);
      out.emit(errorRecord(error));
      out.log(`error: ${message}`);
      code = await finish(exitCodeOf(error));
    }
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
  exit(code);
  return code;
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
): ExampleContext {
  const { config, client, signal, timeoutMs } = facts;
  const waitOptions = (what: string, limit?: number) => ({
    timeoutMs: limit ?? timeoutMs,
    what,
    signal,
  });
  return {
    ...facts,
    emit: (record) => out.emit(record),
    log: (message) => out.log(message),
    counts: () => out.counts(),
    async connect() {
      const { sessionId } = await within(
        client.connect(),
        waitOptions(`the connection to ${config.url}`),
      );
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
