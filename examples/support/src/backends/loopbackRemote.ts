import type { CallControl } from '@callstream/core';
import { ExampleError } from '../errors';
import type { RemoteWorld } from './types';

/**
 * The remote world of a real backend that can call itself: `ringIn` dials the program's own
 * number (`did`) from `from`, and that leg comes back as the offer on `incoming$`. Pressing keys
 * and hanging up need a person on the line: they fail with `emulator-required`.
 *
 * @param client - the program's client, which places the loopback call
 * @param numbers - read when a call is placed (a program that never rings in needs neither)
 * @param service - what the real backend is, for the error (`a real Telnyx account`)
 */
export function loopbackRemote(
  client: CallControl,
  numbers: () => { readonly did: string; readonly from: string },
  service: string,
): RemoteWorld {
  const unscripted = async () => {
    throw new ExampleError(
      'emulator-required',
      `${service} has no scripted callers: someone must press keys and hang up`,
    );
  };
  return {
    async ringIn() {
      const { did, from } = numbers();
      await client.dial({ to: did, from });
    },
    pressDigits: unscripted,
    hangup: unscripted,
  };
}
