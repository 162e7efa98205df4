import type { PortableSession } from '@callstream/example-support';
import { filter, type Observable, ReplaySubject, take } from 'rxjs';
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
  { label: '1# → transfer to sales', entries: ['1#'] },
  { label: '2# → transfer to support', entries: ['2#'] },
  { label: '9# → hang up', entries: ['9#'] },
  { label: '7# (no such choice), then 9#', entries: ['7#', '9#'] },
  { label: 'silence → menu replayed, then the IVR gives up', entries: [] },
];

/**
 * Plays the callers one after the other against the backend's emulator: call in, key in each
 * entry when the IVR (re)starts its menu, and wait until the call has ended. Each caller has a
 * number of their own, which is how their call is recognised. Resolves when every call ended.
 */
export async function selfTest(
  session: PortableSession,
  outcomes$: Observable<IvrOutcome>,
  callers: readonly Caller[] = SELF_TEST_CALLERS,
): Promise<void> {
  // Recorded from the start: a caller's call id is known only once the IVR answered, and its
  // first menu follows the answer at once.
  const seen = new ReplaySubject<IvrOutcome>();
  const recording = outcomes$.subscribe(seen);
  try {
    for (const [index, caller] of callers.entries()) {
      await playCaller(session, seen, caller, index);
    }
  } finally {
    recording.unsubscribe();
  }
}

/** One caller: call in, key in each entry when the menu (re)starts, wait for the end. */
async function playCaller(
  session: PortableSession,
  outcomes$: Observable<IvrOutcome>,
  caller: Caller,
  index: number,
): Promise<void> {
  const { remote } = session.backend;
  const from = `+1415555${String(200 + index).padStart(4, '0')}`;
  session.log(`self-test caller ${index + 1}: ${caller.label}`);
  const answered = session.waitFor(
    outcomes$,
    (item) => item.kind === 'answered' && item.from.endsWith(from.slice(1)),
    `the IVR to answer caller ${index + 1}`,
  );
  await remote.ringIn(from);
  const { callId } = await answered;
  const outcome = (kind: IvrOutcome['kind'], attempt?: number) =>
    session.waitFor(
      outcomes$,
      (item) =>
        item.callId === callId &&
        item.kind === kind &&
        (attempt === undefined || (item.kind === 'menu' && item.attempt === attempt)),
      `IVR outcome ${kind}${attempt === undefined ? '' : ` ${attempt}`} for caller ${index + 1}`,
    );
  const ended = outcome('ended');
  // Where a transfer keeps the caller connected to the new party (Telnyx bridges the two legs),
  // the caller hangs up once routed, as a real one would after talking to sales.
  const leaveAfterTransfer = outcomes$
    .pipe(
      filter((item) => item.callId === callId && item.kind === 'routed'),
      take(1),
    )
    .subscribe((item) => {
      if (item.kind !== 'routed' || item.route.kind !== 'transfer') return;
      if (session.client.getCall(callId)) void remote.hangup(callId).catch(() => {});
    });
  try {
    for (const [turn, entry] of caller.entries.entries()) {
      await outcome('menu', turn + 1);
      if (entry !== '') await remote.pressDigits(callId, entry);
    }
    await ended;
  } finally {
    leaveAfterTransfer.unsubscribe();
  }
}
