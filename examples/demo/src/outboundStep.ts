import {
  awaitMedia,
  dialParams,
  dtmfRoundTrip,
  type ExampleContext,
  hangUpAndWait,
  requireSetting,
} from '@callstream/example-support';

/** What one demo part reports for the summary. */
export interface PartResult {
  /** Call ids of the legs it created. */
  readonly callIds: readonly string[];
  /** DTMF echoes it received. */
  readonly dtmfEchoes: number;
}

/**
 * Part (a): dial a number that answers → answered → bridged → DTMF 1234# → its echo → hang up
 * → the call leaves `calls$`.
 */
export async function outboundPart(context: ExampleContext): Promise<PartResult> {
  const { client, config } = context;
  const to = requireSetting(config, 'toNumber');
  const from = requireSetting(config, 'fromNumber');
  const channel = `demo-out-${Date.now()}`;
  const { callId } = await context.command('dial', { to, from, channel, uid: '100' }, () =>
    client.dial(dialParams(config, { to, from, channel, uid: '100' })),
  );
  const media = await awaitMedia(context, callId);
  context.log(`  ${media}; sending DTMF 1234#`);
  await dtmfRoundTrip(context, callId, '1234#');
  context.log('  echo received; hanging up');
  await hangUpAndWait(context, callId);
  return { callIds: [callId], dtmfEchoes: 1 };
}
