import { type ExampleContext, remoteParty } from '@callstream/example-support';
import type { Observable } from 'rxjs';
import type { IvrOutcome } from './outcomes';

/** One simulated caller: the entries they key in, one per menu round. */
export interface Caller {
  /** What the caller does, for the log. */
  readonly label: string;
  /** Digits pressed at menu round 1, 2, …; `''` = presses nothing that round. */
  readonly entries: readonly string[];
}

/** The callers of `--self-test`: every route, a wrong key, and a caller who never presses anything. */
export const SELF_TEST_CALLERS: readonly Caller[] = [
  { label: '1# → bridge to sales', entries: ['1#'] },
  { label: '2# → transfer', entries: ['2#'] },
  { label: '9# → hang up', entries: ['9#'] },
  { label: '7# (no such choice), then 9#', entries: ['7#', '9#'] },
  { label: 'silence → menu replayed, then the IVR gives up', entries: [] },
];

/**
 * Plays the callers one after the other against the emulator: dial the DID, key in each entry
 * when the IVR (re)starts its menu, and once routed to a channel, hang up like a caller who is
 * done. Resolves when every call has ended.
 */
export async function selfTest(
  context: ExampleContext,
  outcomes$: Observable<IvrOutcome>,
  did: string,
  callers: readonly Caller[] = SELF_TEST_CALLERS,
): Promise<void> {
  const remote = remoteParty(context.config);
  for (const [index, caller] of callers.entries()) {
    const callid = `self-test-${index + 1}-${Date.now()}`;
    context.log(`self-test caller ${index + 1}: ${caller.label}`);
    const outcome = (kind: IvrOutcome['kind'], attempt?: number) =>
      context.waitFor(
        outcomes$,
        (item) =>
          item.callId === callid &&
          item.kind === kind &&
          (attempt === undefined || (item.kind === 'menu' && item.attempt === attempt)),
        `IVR outcome ${kind}${attempt === undefined ? '' : ` ${attempt}`} for caller ${index + 1}`,
      );
    const ended = outcome('ended');
    let round = outcome('menu', 1);
    await remote.call({ did, from: `+1415555${String(200 + index).padStart(4, '0')}`, callid });
    for (const [turn, entry] of caller.entries.entries()) {
      await round;
      round = outcome('menu', turn + 2);
      if (entry !== '') await remote.pressDigits(callid, entry);
    }
    const routed = await Promise.race([outcome('routed'), ended]);
    if (routed.kind === 'routed' && routed.route.kind === 'bridge') await remote.hangup(callid);
    await ended;
  }
}
