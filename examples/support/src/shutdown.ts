import type { CallControl, CallSnapshot } from '@callstream/core';
import { firstValueFrom, last, timeout } from 'rxjs';
import { hasEnded } from './steps';

/**
 * Whether this client owns the call: anything but an offer it has not claimed. An accepted call
 * stays `incoming` until its `call_answered` arrives, but loses its claim deadline (`expiresAt`)
 * as soon as the accept succeeds.
 */
export function isOwned(call: CallSnapshot): boolean {
  return call.state !== 'incoming' || call.expiresAt === undefined;
}

/**
 * Hangs up every call this program owns (everything it tracks except offers it never claimed)
 * and waits, up to `timeoutMs`, for them to leave `calls$`, so the Call Manager is left with no
 * calls of ours. Never throws; resolves with how many calls it hung up.
 */
export async function releaseCalls(client: CallControl, timeoutMs: number): Promise<number> {
  if (client.state.status !== 'connected') return 0;
  const owned = client.activeCalls().filter((call) => isOwned(call) && !hasEnded(call));
  const gone = owned.map((call) =>
    firstValueFrom(client.call$(call.callId).pipe(last(), timeout({ first: timeoutMs }))).catch(
      () => undefined,
    ),
  );
  const results = await Promise.allSettled(
    owned.map((call) => client.hangup(call.callId, { timeoutMs })),
  );
  await Promise.all(gone);
  return results.filter((result) => result.status === 'fulfilled').length;
}
