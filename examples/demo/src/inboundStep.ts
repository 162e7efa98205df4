import { normalizeNumber } from '@callstream/emulator';
import {
  awaitEnd,
  awaitMedia,
  dialParams,
  dtmfRoundTrip,
  type ExampleContext,
  hangUpAndWait,
  mediaParams,
  requireSetting,
} from '@callstream/example-support';
import type { PartResult } from './outboundStep';

/**
 * Part (b), the loopback of PROTOCOL §7.3 (so it works against a real CM as well): subscribe to
 * the DID, dial the DID from this same client (leg A), take the offer that arrives for it (leg
 * B) → accept → both legs bridged → DTMF on each leg with its echo → hang up A → both legs leave
 * `calls$`.
 */
export async function inboundPart(context: ExampleContext): Promise<PartResult> {
  const { client, config } = context;
  const did = requireSetting(config, 'did');
  const from = requireSetting(config, 'fromNumber');
  await context.command('subscribe', { numbers: [did] }, () => client.subscribe([did]));

  // Listen before dialling: the offer may arrive before the dial's reply.
  const offered = context.waitFor(
    client.incoming$,
    (offer) => normalizeNumber(offer.to) === normalizeNumber(did),
    `the incoming call on ${did}`,
  );
  const stamp = Date.now();
  const { callId: aLeg } = await context.command(
    'dial',
    { to: did, from, channel: `demo-a-${stamp}`, uid: '101' },
    () =>
      client.dial(dialParams(config, { to: did, from, channel: `demo-a-${stamp}`, uid: '101' })),
  );
  const offer = await offered;
  const bLeg = offer.callId;
  context.log(`  incoming call ${bLeg} on ${did}; accepting`);
  await context.command('accept', { callId: bLeg, channel: `demo-b-${stamp}`, uid: '201' }, () =>
    offer.accept(mediaParams(config, { channel: `demo-b-${stamp}`, uid: '201' })),
  );
  const [aMedia, bMedia] = await Promise.all([
    awaitMedia(context, aLeg),
    awaitMedia(context, bLeg),
  ]);
  context.log(`  leg A ${aMedia}, leg B ${bMedia}; DTMF on each leg`);
  await dtmfRoundTrip(context, aLeg, '1234#');
  await dtmfRoundTrip(context, bLeg, '5678#');
  context.log('  both echoes received; hanging up leg A (leg B ends with it)');
  const bEnded = awaitEnd(context, bLeg);
  await hangUpAndWait(context, aLeg);
  await bEnded;
  return { callIds: [aLeg, bLeg], dtmfEchoes: 2 };
}
