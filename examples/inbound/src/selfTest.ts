import type { DtmfReceived } from '@callstream/core';
import { awaitEnd, type ExampleContext, remoteParty } from '@callstream/example-support';
import { scan } from 'rxjs';

/** What the simulated caller presses on every self-test call. */
export const SELF_TEST_DIGITS = '42#';

/**
 * Plays the caller side of `calls` inbound calls on the emulator, one after the other: dial the
 * DID, wait until the program has accepted and bridged the call, press {@link SELF_TEST_DIGITS},
 * wait until the program heard them, hang up, wait until the call is gone.
 */
export async function selfTest(context: ExampleContext, did: string, calls: number): Promise<void> {
  const { client } = context;
  const remote = remoteParty(context.config);
  for (let index = 1; index <= calls; index += 1) {
    const callid = `self-test-${index}-${Date.now()}`;
    const bridged = context.waitFor(
      client.events$,
      (event) => event.callId === callid && event.type === 'bridged',
      `self-test call ${index} to be accepted and bridged`,
    );
    await remote.call({ did, from: `+1415555${String(100 + index).padStart(4, '0')}`, callid });
    await bridged;
    const heard = context.waitFor(
      client.dtmf$.pipe(
        scan(
          (digits, item: DtmfReceived) => (item.callId === callid ? digits + item.digits : digits),
          '',
        ),
      ),
      (digits) => digits.includes(SELF_TEST_DIGITS),
      `the program to hear ${SELF_TEST_DIGITS} on self-test call ${index}`,
    );
    await remote.pressDigits(callid, SELF_TEST_DIGITS);
    await heard;
    const ended = awaitEnd(context, callid);
    await remote.hangup(callid);
    await ended;
  }
}
