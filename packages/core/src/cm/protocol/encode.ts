import {
  requireChannel,
  requireDialTarget,
  requirePhoneNumber,
  requireText,
  requireUid,
} from '../../validation';
import type {
  AcceptParams,
  BridgeParams,
  DialParams,
  MediaOptions,
  MediaParams,
  TransferLeg,
} from '../params';
import type { WireAction, WireRegister } from './wire';

/** The literal app id that puts a connection in MULTI mode. */
export const MULTI = 'MULTI';

/** Command fields before the `request_id` is added. */
export type CommandFields = { [field: string]: string | boolean | string[] };

/** A command ready to send, minus its `request_id`. */
export interface EncodedCommand {
  readonly action: WireAction;
  readonly fields: CommandFields;
}

/**
 * One rule for every command (fixing the Go SDK's W9/W10): the explicit app id, else the call's,
 * else the registered one; sent only when non-empty and not "MULTI".
 */
export function resolveAppId(...candidates: Array<string | undefined>): string | undefined {
  const appId = candidates.find((candidate) => candidate !== undefined && candidate !== '');
  return appId === undefined || appId === MULTI ? undefined : appId;
}

/** The register frame. `subscribe_numbers` only when non-empty. */
export function encodeRegister(
  authToken: string,
  clientId: string,
  appId: string,
  subscribeNumbers: readonly string[],
): WireRegister {
  return {
    action: 'register',
    auth_token: authToken,
    client_id: clientId,
    appid: appId,
    ...(subscribeNumbers.length > 0 ? { subscribe_numbers: [...subscribeNumbers] } : {}),
  };
}

function withAppId(fields: CommandFields, appId: string | undefined): CommandFields {
  if (appId !== undefined) fields.appid = appId;
  return fields;
}

/** Adds the optional media fields (`video` only when true; the rest only when non-empty). */
function mediaOptionals(fields: CommandFields, params: MediaOptions): CommandFields {
  if (params.video === true) fields.video = true;
  if (params.sdkOptions !== undefined) {
    const text =
      typeof params.sdkOptions === 'string' ? params.sdkOptions : JSON.stringify(params.sdkOptions);
    if (text !== '' && text !== '{}') fields.sdk_options = text;
  }
  if (params.audioScenario !== undefined && params.audioScenario !== '') {
    fields.audio_scenario = String(params.audioScenario);
  }
  return fields;
}

function mediaFields(params: MediaParams, appId: string | undefined): CommandFields {
  return {
    token: params.token ?? appId ?? '',
    channel: requireChannel(params.channel),
    uid: requireUid(params.uid),
  };
}

/** `outbound`: to/from/channel/uid/token/region/timeout always; sip, sip_domain and media optionals when set. */
export function encodeDial(
  params: DialParams & MediaParams,
  appId: string | undefined,
): EncodedCommand {
  const fields: CommandFields = {
    to: requireDialTarget(params.to, 'to'),
    from: requirePhoneNumber(params.from, 'from'),
    ...mediaFields(params, appId),
    region: params.region ?? '',
    timeout: params.timeoutSec === undefined ? '' : String(params.timeoutSec),
  };
  if (params.sip) fields.sip = params.sip;
  if (params.sipDomain) fields.sip_domain = params.sipDomain;
  mediaOptionals(fields, params);
  return { action: 'outbound', fields: withAppId(fields, appId) };
}

/** `accept`: callid/token/channel/uid always; webhook_url and media optionals when set. */
export function encodeAccept(
  callId: string,
  params: AcceptParams & MediaParams,
  appId: string | undefined,
): EncodedCommand {
  const fields: CommandFields = { callid: callId, ...mediaFields(params, appId) };
  if (params.webhookUrl) fields.webhook_url = requireText(params.webhookUrl, 'webhookUrl', 2048);
  mediaOptionals(fields, params);
  return { action: 'accept', fields: withAppId(fields, appId) };
}

/** `bridge`: callid/token/channel/uid always; media optionals when set. */
export function encodeBridge(
  callId: string,
  params: BridgeParams,
  appId: string | undefined,
): EncodedCommand {
  const fields: CommandFields = { callid: callId, ...mediaFields(params, appId) };
  mediaOptionals(fields, params);
  return { action: 'bridge', fields: withAppId(fields, appId) };
}

/** `reject`: callid and reason always (reason may be ''). */
export function encodeReject(
  callId: string,
  reason: string,
  appId: string | undefined,
): EncodedCommand {
  return { action: 'reject', fields: withAppId({ callid: callId, reason }, appId) };
}

/** `send_dtmf`: callid and digits. */
export function encodeSendDtmf(
  callId: string,
  digits: string,
  appId: string | undefined,
): EncodedCommand {
  return { action: 'send_dtmf', fields: withAppId({ callid: callId, digits }, appId) };
}

/** `transfer`: callid and destination; leg when given. */
export function encodeTransfer(
  callId: string,
  destination: string,
  leg: TransferLeg | undefined,
  appId: string | undefined,
): EncodedCommand {
  const fields: CommandFields = { callid: callId, destination };
  if (leg) fields.leg = leg;
  return { action: 'transfer', fields: withAppId(fields, appId) };
}

/** `unbridge`, `endcall` and `hangup`: just the callid. */
export function encodeCallAction(
  action: 'unbridge' | 'endcall' | 'hangup',
  callId: string,
  appId: string | undefined,
): EncodedCommand {
  return { action, fields: withAppId({ callid: callId }, appId) };
}

/** `subscribe`: replaces the session's DID list; never carries an appid. */
export function encodeSubscribe(numbers: readonly string[]): EncodedCommand {
  return { action: 'subscribe', fields: { numbers: [...numbers] } };
}
