import {
  isPlainObject,
  mustBe,
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
  TransferParams,
} from './params';

/*
 * The argument checks of every Call Manager command. Each runs before the command does anything
 * (before the `media` option is asked, before a call is marked, before a frame is sent), so a bad
 * argument never reaches the wire and never leaves a timer or a half-made change behind.
 *
 * A command's fields are a rule table (field name → check), run in order by `checkFields`: one
 * small interpreter instead of a function per command, and the checks' messages share the
 * phrases of `../validation`.
 */

/** Longest `sdk_options` text sent (the CM stores it with the leg). */
export const MAX_SDK_OPTIONS_LENGTH = 8192;

/** Longest RTC token accepted. */
const MAX_TOKEN_LENGTH = 2048;

/** Checks one field; throws a `ValidationError` naming `name`. Gets `undefined` for an absent field. */
type FieldCheck = (value: unknown, name: string) => unknown;

/** Field name → its check, in the order the checks run. */
type Rules = Readonly<Record<string, FieldCheck>>;

/** `check` for a field that may be absent. */
const optional =
  (check: FieldCheck): FieldCheck =>
  (value, name) =>
    value === undefined || check(value, name);

/** An optional non-empty string of at most `max` characters. */
const text =
  (max: number): FieldCheck =>
  (value, name) =>
    optionalText(value, name, max);

/** One of `values` (or absent). */
const oneOf =
  (values: readonly string[]): FieldCheck =>
  (value, name) => {
    if (value !== undefined && !values.includes(value as string)) {
      throw mustBe(name, `one of ${values.join(', ')}`, value);
    }
  };

/** A whole number from `min` to `max`, as a number or a digit string ('' means "omit"). */
const wholeNumber =
  (min: number, max: number): FieldCheck =>
  (value, name) => {
    if (value === undefined || value === '') return;
    const number = typeof value === 'string' && /^[0-9]{1,4}$/.test(value) ? Number(value) : value;
    if (!Number.isInteger(number) || (number as number) < min || (number as number) > max) {
      throw mustBe(name, `a whole number from ${min} to ${max}`, value);
    }
  };

/** A token is a string; its value is never echoed in the error (it is a secret). */
const token: FieldCheck = (value, name) =>
  optionalString(value, name, MAX_TOKEN_LENGTH, typeof value);

/** A string, or an object that serialises to JSON (no cycles, no BigInt), within the size cap. */
const sdkOptions: FieldCheck = (value, name) => {
  let json: unknown = value;
  if (isPlainObject(value)) {
    try {
      json = JSON.stringify(value);
    } catch {
      throw mustBe(
        name,
        'sendable as JSON',
        value,
        'an object with a cycle, a BigInt or a throwing toJSON',
      );
    }
  } else if (value !== undefined && typeof value !== 'string') {
    throw mustBe(name, 'a string or an object', value);
  }
  optionalString(json, name, MAX_SDK_OPTIONS_LENGTH);
};

// Only literals and calls marked pure at load time, combined per call (dial, accept): a bundle
// that imports this package's entry without running these checks (the Active Call app) drops
// them all.

/** token, appId, video, sdkOptions and audioScenario of dial, accept and bridge. */
const mediaOptions: Rules = {
  token,
  appId: /* @__PURE__ */ text(256),
  video: optionalBoolean,
  sdkOptions,
  audioScenario: /* @__PURE__ */ wholeNumber(0, 1000),
};

/** The media fields a command may name itself (else the `media` option picks them). */
const explicitMedia: Rules = {
  channel: /* @__PURE__ */ optional(requireChannel),
  uid: /* @__PURE__ */ optional(requireUid),
};

/** Who a dial connects. */
const dialParties: Rules = { to: requireDialTarget, from: requirePhoneNumber };

/** The rest of a dial's fields. */
const dialRules: Rules = {
  region: (value, name) => optionalString(value, name, 64),
  timeoutSec: /* @__PURE__ */ wholeNumber(1, 3600),
  sip: /* @__PURE__ */ text(256),
  sipDomain: /* @__PURE__ */ text(256),
};

/**
 * The interpreter: `value` must be an object (named `${prefix}${what}`), and each field of
 * `rules` passes its check (named `${prefix}${field}`). Returns the object.
 */
function checkFields(
  value: unknown,
  prefix: string,
  rules: Rules,
  what = 'params',
): Record<string, unknown> {
  const checked = requireObject(value, `${prefix}${what}`);
  for (const field in rules) rules[field]?.(checked[field], `${prefix}${field}`);
  return checked;
}

/** Checks a `dial` params object; returns it typed. */
export function checkDialParams(params: unknown): DialParams {
  return checkFields(params, 'dial: ', {
    ...dialParties,
    ...explicitMedia,
    ...mediaOptions,
    ...dialRules,
  }) as unknown as DialParams;
}

/** Checks `accept` params (optional: every field may be chosen by the `media` option). */
export function checkAcceptParams(params: unknown): AcceptParams {
  if (params === undefined) return {};
  return checkFields(params, 'accept: ', {
    ...explicitMedia,
    ...mediaOptions,
    webhookUrl: text(2048),
  });
}

/** Checks `bridge` params: channel and uid are required. */
export function checkBridgeParams(params: unknown): BridgeParams {
  const rules = { channel: requireChannel, uid: requireUid, ...mediaOptions };
  return checkFields(params, 'bridge: ', rules) as unknown as BridgeParams;
}

/** Checks `transfer` params (`{ leg? }`). */
export function checkTransferParams(params: unknown): TransferParams {
  if (params === undefined) return {};
  return checkFields(params, 'transfer: ', { leg: oneOf(['aleg', 'bleg', 'A', 'B']) });
}

/** Checks the `action` of `hangup` options (the rest are command options). */
export function checkHangupAction(options: unknown): HangupOptions['action'] {
  if (options === undefined) return undefined;
  const rules = { action: oneOf(['endcall', 'hangup']) };
  return checkFields(options, 'hangup: ', rules, 'options').action as HangupOptions['action'];
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
  const rules = { channel: requireChannel, uid: requireUid, token };
  return checkFields(
    choice,
    `${command}: the media option's `,
    rules,
    'answer',
  ) as unknown as MediaChoice;
}
