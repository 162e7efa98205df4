import { startActiveCallEmulator } from '../../packages/emulator/src/index';

/** A backend emulator started for one doc sample; `await using` stops it. */
export interface SampleBackend extends AsyncDisposable {
  /** Environment variables the sample reads to find the backend (URLs, never real secrets). */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The backends a sample can ask for with `<!-- sample: backend=NAME -->`, besides the Call
 * Manager emulator every program gets. Each starts its emulator (fast timing) on loopback and
 * says where it is through environment variables, named as the examples name them; a backend
 * is added here with one entry.
 */
export const SAMPLE_BACKENDS: Readonly<Record<string, () => Promise<SampleBackend>>> = {
  'active-call': async () => {
    const emulator = await startActiveCallEmulator({ timing: 'fast' });
    return {
      env: {
        ACTIVE_CALL_URL: emulator.wsUrl,
        ACTIVE_CALL_EMULATOR_URL: emulator.httpUrl,
      },
      [Symbol.asyncDispose]: () => emulator.close(),
    };
  },
};

/** No backend beyond the Call Manager's: nothing to start or stop. */
const NONE: SampleBackend = { env: {}, [Symbol.asyncDispose]: async () => {} };

/** Starts the backend a sample's directive names (none without `backend=`); throws for an unknown name. */
export function startSampleBackend(name: string | undefined): Promise<SampleBackend> {
  if (name === undefined) return Promise.resolve(NONE);
  const start = SAMPLE_BACKENDS[name];
  if (!start) {
    throw new Error(
      `backend=${name} is not a sample backend (${Object.keys(SAMPLE_BACKENDS).join(', ')})`,
    );
  }
  return start();
}
