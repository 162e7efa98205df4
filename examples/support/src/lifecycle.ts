import type { Subscription } from 'rxjs';
import { type FlagValues, helpText, type ProgramSpec, parseFlags } from './cli';
import { describeError, exitCodeOf } from './errors';
import { type Output, output as processOutput } from './output';
import { errorRecord } from './records';

/** Something a program opened that must be released when it ends (a client, an emulator). */
export interface Resource {
  /** Hangs up what the program owns; resolves with how many calls it hung up. Never throws. */
  release?(): Promise<number>;
  /** Closes it (after every resource was released). */
  close(): Promise<void>;
}

/** Options every runner takes; the defaults are the real process. */
export interface LifecycleOptions {
  /** @default process.argv.slice(2) */
  argv?: readonly string[];
  /** @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** @default the process-wide output (stdout / stderr) */
  output?: Output;
  /** Ends the process. @default process.exit */
  exit?: (code: number) => void;
}

/** What the body of a program gets from {@link runLifecycle}. */
export interface Lifecycle {
  readonly flags: FlagValues;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: Output;
  /** Fires when the program is asked to stop (Ctrl-C, SIGTERM). */
  readonly signal: AbortSignal;
  /** Subscriptions torn down when the program ends (before the shutdown record). */
  readonly subscriptions: Subscription[];
  /** Registers something to release and close when the program ends (closed in reverse order). */
  own(resource: Resource): void;
  /** True once the program is ending (a stop signal arrived while it was starting). */
  readonly ending: boolean;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The life of an example program: parses flags (`--help` prints help and exits 0), runs `body`,
 * and always ends the same way: release what the program owns (hang up its calls), close every
 * resource, exit. Exit status: 0 when `body` resolves or the program was stopped by
 * SIGINT/SIGTERM, 1 when a step failed, 2 for bad flags or settings.
 */
export async function runLifecycle(
  spec: ProgramSpec,
  body: (life: Lifecycle) => Promise<void>,
  options: LifecycleOptions = {},
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
  const resources: Resource[] = [];
  let finishing: Promise<number> | undefined;

  const finish = (code: number, reason?: string): Promise<number> => {
    finishing ??= (async () => {
      controller.abort();
      let hungUp = 0;
      for (const resource of resources) hungUp += (await resource.release?.()) ?? 0;
      // Nothing is printed after this point but the shutdown record: a summary stays the last line.
      for (const subscription of subscriptions) subscription.unsubscribe();
      if (reason) out.emit({ type: 'shutdown', reason, hungUp });
      for (const resource of [...resources].reverse()) await resource.close();
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
    out.log(`${signal}: hanging up and closing…`);
    // Exit once cleaned up, even if the body still awaits something that ignores the signal.
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
      await body({
        flags,
        argv,
        env: options.env ?? process.env,
        out,
        signal: controller.signal,
        subscriptions,
        own: (resource) => resources.push(resource),
        get ending() {
          return finishing !== undefined;
        },
      });
      code = await (finishing ?? finish(0));
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
