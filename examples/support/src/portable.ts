import type { CallControl, CallSnapshot } from '@callstream/core';
import {
  BACKEND_NAMES,
  BACKENDS,
  type BackendName,
  type BackendSession,
  parseBackends,
} from './backends';
import { type FlagSpec, type FlagValues, intFlag, type ProgramSpec, textFlag } from './cli';
import type { LoadConfigOptions } from './config';
import { ExampleError } from './errors';
import { type LifecycleOptions, runLifecycle } from './lifecycle';
import type { JsonRecord, Output } from './output';
import { stateRecord } from './records';
import { type ProgramTools, programTools, RELEASE_TIMEOUT_MS } from './run';
import { releaseCalls } from './shutdown';
import type { StepHost } from './steps';

/** The `--backend` flag of portable programs. */
export function backendFlag(fallback: 'all' | BackendName): Readonly<Record<string, FlagSpec>> {
  return {
    backend: {
      type: 'string',
      valueName: 'NAME',
      description: `backend to run on: ${BACKEND_NAMES.join(', ')}${fallback === 'all' ? ', a comma-separated list, or all (default all)' : ` (default ${fallback})`}`,
    },
  };
}

/** One opened backend inside a portable program: its client and the program's tools around it. */
export interface PortableSession extends ProgramTools, StepHost<CallSnapshot> {
  /** The backend: numbers to dial, the emulator's callers, where it runs. */
  readonly backend: BackendSession;
  /** The client, written against the neutral `CallControl` contract only. */
  readonly client: CallControl;
  /** Hangs up what this session owns, closes its client and stops its emulator, now. */
  close(): Promise<void>;
}

/** Everything a portable program gets from {@link runPortable}. */
export interface PortableContext {
  readonly spec: ProgramSpec;
  /** Parsed command-line flags. */
  readonly flags: FlagValues;
  /** The backends `--backend` chose, in order. */
  readonly backends: readonly BackendName[];
  /** Fires when the program is asked to stop (Ctrl-C, SIGTERM); every wait then ends. */
  readonly signal: AbortSignal;
  /** Default limit of every wait and command, in ms. */
  readonly timeoutMs: number;
  /** Opens a backend (embedded emulator unless its real-service settings are set). */
  open(name: BackendName): Promise<PortableSession>;
  /** Prints one JSON record on stdout. */
  emit(record: JsonRecord): void;
  /** Prints a human message on stderr. */
  log(message: string): void;
  /** How many records of each `type` were printed so far. */
  counts(): Readonly<Record<string, number>>;
}

/** Options of {@link runPortable}. */
export interface PortableOptions extends LifecycleOptions {
  /** Timing of embedded emulators when `--fast` is not given. @default realistic */
  emulator?: Pick<LoadConfigOptions, 'timing'>;
  /** What `--backend` means when absent. @default 'cm' */
  defaultBackend?: 'all' | BackendName;
}

/**
 * Runs a portable example program: the same code on every backend. `--backend` picks the
 * backends; `context.open(name)` starts one (its records carry `backend`), and everything
 * opened is released and closed when the program ends, like {@link runExample} does.
 */
export function runPortable(
  spec: ProgramSpec,
  main: (context: PortableContext) => Promise<void>,
  options: PortableOptions = {},
): Promise<number> {
  return runLifecycle(
    spec,
    async (life) => {
      const { flags, argv, env, out } = life;
      const backends = parseBackends(textFlag(flags, 'backend'), options.defaultBackend ?? 'cm');
      const timeoutMs = intFlag(flags, 'timeout-ms', 10_000);
      if (timeoutMs === 0) throw new ExampleError('usage', '--timeout-ms must be at least 1');
      const open = async (name: BackendName): Promise<PortableSession> => {
        const backend = await BACKENDS[name].open({
          env,
          argv,
          ...(options.emulator?.timing ? { timing: options.emulator.timing } : {}),
          clientId: `${spec.name}-${name}-${Date.now()}`,
          timeoutMs,
          log: (message) => out.log(message),
        });
        for (const secret of backend.secrets) out.addSecret(secret);
        const tagged = tagOutput(out, { backend: name });
        const { client } = backend;
        let closing: Promise<void> | undefined;
        const close = () => {
          closing ??= (async () => {
            await releaseCalls(client, RELEASE_TIMEOUT_MS);
            await client.close();
            await backend.close();
          })();
          return closing;
        };
        life.own({
          release: () => (closing ? Promise.resolve(0) : releaseCalls(client, RELEASE_TIMEOUT_MS)),
          close,
        });
        life.subscriptions.push(
          client.state$.subscribe((state) => tagged.emit(stateRecord(state))),
        );
        const tools = programTools(
          { client, signal: life.signal, timeoutMs },
          tagged,
          life.subscriptions,
          `the ${name} backend at ${backend.where}`,
        );
        return { ...tools, backend, client, timeoutMs, close };
      };
      await main({
        spec,
        flags,
        backends,
        signal: life.signal,
        timeoutMs,
        open,
        emit: (record) => out.emit(record),
        log: (message) => out.log(message),
        counts: () => out.counts(),
      });
    },
    options,
  );
}

/** An output whose records all carry `fields` (e.g. which backend printed them). */
function tagOutput(out: Output, fields: Omit<JsonRecord, 'type'>): Output {
  return {
    emit: (record) => out.emit({ ...fields, ...record }),
    log: (message) => out.log(message),
    addSecret: (secret) => out.addSecret(secret),
    counts: () => out.counts(),
  };
}
