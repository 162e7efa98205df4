import type { CallSnapshot } from '@callstream/core';
import { ExampleError } from '@callstream/example-support';

/** What a menu choice does with the call (every backend can do both). */
export type IvrRoute =
  /** Hand the call over to another number (`transfer`); it then leaves this client. */
  | { readonly kind: 'transfer'; readonly destination: string }
  /** End the call. */
  | { readonly kind: 'hangup' };

/** Options of {@link ivr}. */
export interface IvrOptions {
  /** Choices (the digits entered before `#` or the inter-digit pause) and what each does. */
  readonly menu: Readonly<Record<string, IvrRoute>>;
  /**
   * Backend parameters of each accept (e.g. the Call Manager's media channel of a prompt
   * player). @default none: every backend has defaults
   */
  readonly accept?: (call: CallSnapshot) => object | undefined;
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
  readonly accept: (call: CallSnapshot) => object | undefined;
  readonly firstDigitTimeoutMs: number;
  readonly interDigitTimeoutMs: number;
  readonly terminator: string;
  readonly maxDigits: number;
  readonly maxTries: number;
}

/** Applies the defaults of {@link IvrOptions}; throws an `ExampleError` `usage` on impossible values. */
export function resolveIvrOptions(options: IvrOptions): IvrSettings {
  const settings: IvrSettings = {
    menu: options.menu,
    accept: options.accept ?? (() => undefined),
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

/** The menu of this example: 1 → transfer to `sales`, 2 → transfer to `support`, 9 → hang up. */
export function standardMenu(params: { sales: string; support: string }): Record<string, IvrRoute> {
  return {
    '1': { kind: 'transfer', destination: params.sales },
    '2': { kind: 'transfer', destination: params.support },
    '9': { kind: 'hangup' },
  };
}
