import { ExampleError } from '../errors';
import { cmBackend } from './cm';
import { telnyxBackend } from './telnyx';
import type { BackendName, BackendProfile } from './types';

export type {
  BackendName,
  BackendProfile,
  BackendSession,
  OpenOptions,
  RemoteWorld,
} from './types';

/** Every backend the portable examples run on, in the order `--backend all` runs them. */
export const BACKENDS: Readonly<Record<BackendName, BackendProfile>> = {
  cm: cmBackend,
  telnyx: telnyxBackend,
};

/** The backend names, in order. */
export const BACKEND_NAMES = Object.keys(BACKENDS) as BackendName[];

/**
 * The backends `--backend` names: one name, a comma-separated list, or `all`. Throws `usage`
 * for an unknown name.
 */
export function parseBackends(value: string | undefined, fallback: string): BackendName[] {
  const text = (value ?? fallback).trim();
  if (text === 'all') return [...BACKEND_NAMES];
  const names = text.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!Object.hasOwn(BACKENDS, name)) {
      throw new ExampleError(
        'usage',
        `--backend must be ${BACKEND_NAMES.join(', ')} or all (got ${JSON.stringify(name)})`,
      );
    }
  }
  return names as BackendName[];
}
