import { ValidationError } from '../errors';
import {
  describeValue,
  optionalBoolean,
  optionalString,
  optionalText,
  requireChannel,
  requireDialTarget,
  requireObject,
  requirePhoneNumber,
  requireUid,
} from '../validation';
import type {
  AcceptParams,
  BridgeParams,
  DialParams,
  HangupOptions,
  MediaChoice,
  MediaOptions,
  TransferParams,
} from './params';

/*
 * The argument checks of every Call Manager command. Each runs before the command does anything
 * (before the `media` option is asked, before a call is marked, before a frame is sent), so a bad
 * argument never reaches the wire and never leaves a timer or a half-made change behind.
 */

/** Longest `sdk_options` text sent (the CM stores it with the leg). */
export const MAX_SDK_OPTIONS_LENGTH = 8192;

/** Longest RTC token accepted. */
const MAX_TOKEN_LENGTH = 2048;

function invalid(message: string): ValidationError {
  return new ValidationError('invalid-argument', message);
}

/** Checks a `dial` params object; returns it typed. */
export function checkDialParams(params: unknown): DialParams {
  const checked = requireObject(params, 'dial: params');
  requireDialTarget(checked.to, 'to');
  requirePhoneNumber(checked.from, 'from');
  checkExplicitMedia(checked, 'dial');
  optionalString(checked.region, 'dial: region', 64);
  checkRingTimeout(checked.timeoutSec);
  optionalText(checked.sip, 'dial: sip', 256);
  optionalText(checked.sipDomain, 'dial: sipDomain', 256);
  return checked as unknown as DialParams;
}

/** Checks `accept` params (optional: every field may be chosen by the `media` option). */
export function checkAcceptParams(params: unknown): AcceptParams {
  if (params === undefined) return {};
  const checked = requireObject(params, 'accept: params');
  checkExplicitMedia(checked, 'accept');
  optionalText(checked.webhookUrl, 'accept: webhookUrl', 2048);
  return checked as AcceptParams;
}

/** Checks `bridge` params: channel and uid are required. */
export function checkBridgeParams(params: unknown): BridgeParams {
  const checked = requireObject(params, 'bridge: params');
  requireChannel(checked.channel);
  requireUid(checked.uid);
  checkMediaOptions(checked, 'bridge');
  return checked as unknown as BridgeParams;
}

/** Checks `transfer` params (`{ leg? }`). */
export function checkTransferParams(params: unknown): TransferParams {
  if (params === undefined) return {};
  const checked = requireObject(params, 'transfer: params');
  const { leg } = checked;
  if (leg !== undefined && !['aleg', 'bleg', 'A', 'B'].includes(leg as string)) {
    throw invalid(`transfer: leg must be aleg, bleg, A or B (got ${describeValue(leg)})`);
  }
  return checked as TransferParams;
}

/** Checks the `action` of `hangup` options (the rest are command options). */
export function checkHangupAction(options: unknown): HangupOptions['action'] {
  if (options === undefined) return undefined;
  const { action } = requireObject(options, 'hangup: options');
  if (action !== undefined && action !== 'endcall' && action !== 'hangup') {
    throw invalid(`hangup: action must be 'endcall' or 'hangup' (got ${describeValue(action)})`);
  }
  return action;
}

/** Checks a `reject` reason. */
export function checkRejectReason(reason: unknown): string {
  return optionalString(reason, 'reject: reason', 256) ?? '';
}

/**
 * Checks what the `media` option answered (the chooser is user code): a channel and uid the
 * command can carry, and a string token if any.
 */
export function checkMediaChoice(choice: unknown, command: string): MediaChoice {
  if (typeof choice !== 'object' || choice === null) {
    throw invalid(
      `${command}: the media option returned ${describeValue(choice)}, not { channel, uid }`,
    );
  }
  const { channel, uid, token } = choice as Record<string, unknown>;
  requireChannel(channel);
  requireUid(uid);
  checkToken(token, `${command}: the media option's token`);
  return choice as MediaChoice;
}

/** The media fields a command names itself: channel and uid when given, plus the options. */
function checkExplicitMedia(params: Record<string, unknown>, command: string): void {
  if (params.channel !== undefined) requireChannel(params.channel);
  if (params.uid !== undefined) requireUid(params.uid);
  checkMediaOptions(params, command);
}

/** token, appId, video, sdkOptions and audioScenario of dial, accept and bridge. */
function checkMediaOptions(params: Record<string, unknown>, command: string): void {
  const options = params as MediaOptions & Record<string, unknown>;
  checkToken(options.token, `${command}: token`);
  optionalText(options.appId, `${command}: appId`, 256);
  optionalBoolean(options.video, `${command}: video`);
  checkSdkOptions(options.sdkOptions, command);
  checkAudioScenario(options.audioScenario, command);
}

/** A token is a string; its value is never echoed in the error (it is a secret). */
function checkToken(token: unknown, name: string): void {
  if (token === undefined) return;
  if (typeof token !== 'string') throw invalid(`${name} must be a string (got ${typeof token})`);
  if (token.length > MAX_TOKEN_LENGTH) {
    throw invalid(`${name} is longer than ${MAX_TOKEN_LENGTH} characters`);
  }
}

/** A string, or an object that serialises to JSON (no cycles, no BigInt), within the size cap. */
function checkSdkOptions(sdkOptions: unknown, command: string): void {
  if (sdkOptions === undefined) return;
  let text: string | undefined;
  if (typeof sdkOptions === 'string') text = sdkOptions;
  else if (typeof sdkOptions === 'object' && sdkOptions !== null && !Array.isArray(sdkOptions)) {
    try {
      text = JSON.stringify(sdkOptions);
    } catch {
      throw invalid(
        `${command}: sdkOptions cannot be sent as JSON (a cycle, a BigInt or a throwing toJSON)`,
      );
    }
  } else {
    throw invalid(
      `${command}: sdkOptions must be a string or an object (got ${describeValue(sdkOptions)})`,
    );
  }
  if (text.length > MAX_SDK_OPTIONS_LENGTH) {
    throw invalid(`${command}: sdkOptions is longer than ${MAX_SDK_OPTIONS_LENGTH} characters`);
  }
}

/** A whole number >= 0, as a number or a digit string ('' means "omit"). */
function checkAudioScenario(value: unknown, command: string): void {
  if (value === undefined || value === '') return;
  const ok =
    (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1000) ||
    (typeof value === 'string' && /^[0-9]{1,4}$/.test(value));
  if (!ok) {
    throw invalid(
      `${command}: audioScenario must be a whole number from 0 to 1000 (got ${describeValue(value)})`,
    );
  }
}

/** Ring timeout in seconds: a whole number from 1 to 3600, as a number or digit string. */
function checkRingTimeout(value: unknown): void {
  if (value === undefined || value === '') return;
  const seconds = typeof value === 'string' && /^[0-9]{1,4}$/.test(value) ? Number(value) : value;
  const ok =
    typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600;
  if (!ok) {
    throw invalid(
      `dial: timeoutSec must be a whole number of seconds from 1 to 3600 (got ${describeValue(value)})`,
    );
  }
}
