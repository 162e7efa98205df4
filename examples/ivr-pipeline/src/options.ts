import type { AcceptParams, Call } from '@callstream/core';
import { ExampleError } from '@callstream/example-support';

/** What a menu choice does with the call. */
export type IvrRoute =
  /** Move the call into a media channel (where an agent or bot picks it up). */
  | {
      readonly kind: 'bridge';
      readonly channel: string;
      /** uid of the call in that channel. @default the uid it was accepted with */
      readonly uid?: string;
      /** RTC token for that channel. @default IvrOptions.rtcToken */
      readonly token?: string;
    }
  /** Hand the call over to another number (SIP REFER); it then leaves this client. */
  | { readonly kind: 'transfer'; readonly destination: string }
  /** End the call. */
  | { readonly kind: 'hangup' };

/** Options of {@link ivr}. */
export interface IvrOptions {
  /** Choices (the digits entered before `#` or the inter-digit pause) and what each does. */
  readonly menu: Readonly<Record<string, IvrRoute>>;
  /**
   * Where each call is accepted while it is in the menu (e.g. the channel of a prompt player).
   * @default channel `ivr-<callId>`, uid `'1'`
   */
  readonly accept?: (call: Call) => AcceptParams;
  /**
   * Agora RTC token sent with every accept and bridge, for projects with RTC tokens enabled;
   * accept params or a bridge route with their own `token` keep theirs.
   * @default omitted (core sends the app id, for projects without tokens)
   */
  readonly rtcToken?: string;
  /** Time for the first digit of an entry, from the moment the menu (re)starts. @default 5000 */
  readonly firstDigitTimeoutMs?: number;
  /** Time allowed between two digits; a pause this long ends the entry. @default 2000 */
  readonly interDigitTimeoutMs?: number;
  /** Key that ends an entry at once. @default '#' */
  readonly terminator?: string;
  /** An entry ends after this many digits. @default 8 */
  readonly maxDigits?: number;
  /** Entries a caller gets (the first one included) before the IVR hangs up. @default 3 */
  readonly maxTries?: number;
}

/** {@link IvrOptions} with every default applied. */
export interface IvrSettings {
  readonly menu: Readonly<Record<string, IvrRoute>>;
  readonly accept: (call: Call) => AcceptParams;
  readonly rtcToken: string | undefined;
  readonly firstDigitTimeoutMs: number;
  readonly interDigitTimeoutMs: number;
  readonly terminator: string;
  readonly maxDigits: number;
  readonly maxTries: number;
}

/** Agora channel names are at most 64 bytes. */
const MAX_CHANNEL = 64;

/** Applies the defaults of {@link IvrOptions}; throws an `ExampleError` `usage` on impossible values. */
export function resolveIvrOptions(options: IvrOptions): IvrSettings {
  const settings: IvrSettings = {
    menu: options.menu,
    accept:
      options.accept ??
      ((call) => ({ channel: `ivr-${call.callId}`.slice(0, MAX_CHANNEL), uid: '1' })),
    rtcToken: options.rtcToken,
    firstDigitTimeoutMs: options.firstDigitTimeoutMs ?? 5000,
    interDigitTimeoutMs: options.interDigitTimeoutMs ?? 2000,
    terminator: options.terminator ?? '#',
    maxDigits: options.maxDigits ?? 8,
    maxTries: options.maxTries ?? 3,
  };
  for (const key of [
    'firstDigitTimeoutMs',
    'interDigitTimeoutMs',
    'maxDigits',
    'maxTries',
  ] as const) {
    if (!(settings[key] > 0))
      throw new ExampleError('usage', `ivr: ${key} must be a positive number`);
  }
  if (Object.keys(settings.menu).length === 0)
    throw new ExampleError('usage', 'ivr: the menu needs at least one choice');
  return settings;
}

/**
 * The menu of this example: 1 → bridge to `salesChannel`, 2 → transfer to `transferTo`,
 * 9 → hang up.
 */
export function standardMenu(params: {
  transferTo: string;
  salesChannel?: string;
}): Record<string, IvrRoute> {
  return {
    '1': { kind: 'bridge', channel: params.salesChannel ?? 'sales' },
    '2': { kind: 'transfer', destination: params.transferTo },
    '9': { kind: 'hangup' },
  };
}
