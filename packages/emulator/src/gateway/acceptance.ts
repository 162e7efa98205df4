import type { EmulatorContext } from '../context';
import { isEligible } from '../routing';
import type { Session } from '../session';
import { answerLeg, bridgeLeg, isActive } from './answer';
import { emit } from './events';
import type { Leg } from './legs';
import type { HeldLookup } from './lookups';
import { runSteps, type Step } from './steps';
import { endCall } from './teardown';

/** Parameters of an `accept` after validation. */
export interface AcceptParams {
  callid: string;
  appid: string;
  token: string;
  channel: string;
  uid: string;
  video?: boolean;
  webhookUrl?: string;
  sdkOptions?: string;
  audioScenario?: string;
}

/** The held lookup a session may still answer: it must have been offered the call or be eligible. */
export function lookupFor(
  ctx: EmulatorContext,
  session: Session,
  callid: string,
): HeldLookup | undefined {
  const lookup = ctx.lookups.get(callid);
  if (!lookup) return undefined;
  if (lookup.notified.has(session.sessionId) || isEligible(ctx, session, lookup.did)) return lookup;
  return undefined;
}

function bundle(ctx: EmulatorContext, params: AcceptParams): Record<string, unknown> {
  return {
    token: params.token,
    channel: params.channel,
    uid: params.uid,
    appid: params.appid,
    webhook_url: params.webhookUrl ?? ctx.webhookUrl,
    ...(params.sdkOptions === undefined ? {} : { sdk_options: params.sdkOptions }),
    ...(params.audioScenario === undefined ? {} : { audio_scenario: params.audioScenario }),
    ...(params.video === undefined ? {} : { video: params.video }),
  };
}

/**
 * First accept wins (§9.5): takes the held lookup, answers it 200 with the credential bundle and
 * creates the B-leg owned by `session`. Events follow: the loopback A-leg answers and bridges,
 * then the B-leg. Returns false when the lookup is gone or not offered to this session.
 */
export function acceptLookup(
  ctx: EmulatorContext,
  session: Session,
  params: AcceptParams,
): boolean {
  if (!lookupFor(ctx, session, params.callid)) return false;
  const lookup = ctx.lookups.take(params.callid);
  if (!lookup) return false;
  const aLeg = lookup.aLegCallid === undefined ? undefined : ctx.legs.get(lookup.aLegCallid);
  const bLeg: Leg = {
    callid: lookup.callid,
    direction: 'inbound',
    appid: params.appid,
    channel: params.channel,
    uid: params.uid,
    from: lookup.from,
    to: lookup.number,
    did: lookup.did,
    video: params.video === true,
    state: 'initiated',
    bridged: false,
    ownerSessionId: session.sessionId,
    ownerClientId: session.clientId ?? '',
    externalWebhook: params.webhookUrl !== undefined,
    createdAt: lookup.createdAt,
  };
  if (aLeg) {
    bLeg.peerCallid = aLeg.callid;
    aLeg.peerCallid = bLeg.callid;
  }
  ctx.legs.add(bLeg);
  lookup.settle({ status: 200, body: bundle(ctx, params), callid: lookup.callid });
  ctx.logger.info('call accepted', { callid: bLeg.callid, session: session.sessionId });

  const t = ctx.options.timing;
  const bSteps: Step[] = [
    {
      after: 0,
      run: () => {
        if (!isActive(ctx, bLeg)) return false;
        emit(ctx, bLeg, 'call_initiated');
        return answerLeg(ctx, bLeg);
      },
    },
    { after: t.bridgeMs, run: () => bridgeLeg(ctx, bLeg) },
  ];
  const aSteps: Step[] = aLeg
    ? [
        { after: 0, run: () => answerLeg(ctx, aLeg) },
        { after: t.bridgeMs, run: () => bridgeLeg(ctx, aLeg) },
      ]
    : [];
  const [first, ...rest] = [...aSteps, ...bSteps];
  if (first) runSteps(ctx, bLeg.callid, [{ ...first, after: t.gatewayMs }, ...rest]);
  return true;
}

/** Rejects a held lookup: 404 to the gateway; a loopback caller hears `CALL_REJECTED`. */
export function rejectLookup(
  ctx: EmulatorContext,
  session: Session,
  callid: string,
  reason: string,
): boolean {
  if (!lookupFor(ctx, session, callid)) return false;
  const lookup = ctx.lookups.take(callid);
  if (!lookup) return false;
  lookup.settle({ status: 404, body: { error: 'rejected', reason }, callid });
  ctx.logger.info('call rejected', { callid, session: session.sessionId });
  const aLeg = lookup.aLegCallid === undefined ? undefined : ctx.legs.get(lookup.aLegCallid);
  if (aLeg) {
    endCall(
      ctx,
      aLeg,
      { cause: 'CALL_REJECTED', disposition: 'recv_refuse' },
      ctx.options.timing.hangupMs,
    );
  }
  return true;
}
