/**
 * Dashboard settings: read from the page URL (`?ws=…&token=…&appid=…&did=…`), falling back to
 * defaults baked in at build/dev time. Pure (no DOM, no Vite) so it is unit-tested in Node.
 */

/** Everything the dashboard needs to connect and to prefill its forms. */
export interface DashboardConfig {
  /** Call Manager WebSocket URL (`ws://…/v1/ws/events`). */
  readonly url: string;
  /** Auth token including its scheme word; sent in the register frame only, never displayed. */
  readonly authToken: string;
  /** App id to register with (or `MULTI`). */
  readonly appId: string;
  /** DIDs to receive offers for; empty = every DID allowed for the app id. */
  readonly subscribeNumbers: readonly string[];
  /** Name of this connection on the Call Manager's status page. */
  readonly clientId: string;
  /** Accept every offer as soon as it arrives (handy with the emulator's traffic mode). */
  readonly autoAccept: boolean;
  /** Prefilled "to" of the dial form. */
  readonly dialTo: string;
  /** Prefilled "from" of the dial form. */
  readonly dialFrom: string;
}

/** Build-time defaults (from `VITE_*` variables); the URL query overrides each of them. */
export interface ConfigDefaults {
  /** @default none: `?ws=` is then required */
  readonly url?: string | undefined;
  /** @default none: `?token=` is then required */
  readonly authToken?: string | undefined;
  /** @default none: `?appid=` is then required */
  readonly appId?: string | undefined;
  /** Comma-separated DIDs. @default '' (every DID) */
  readonly dids?: string | undefined;
  /** @default '' */
  readonly dialTo?: string | undefined;
  /** @default '' */
  readonly dialFrom?: string | undefined;
}

/** What {@link readConfig} returns: a usable config, or the names of the missing settings. */
export type ConfigResult =
  | { readonly ok: true; readonly config: DashboardConfig }
  | { readonly ok: false; readonly missing: readonly string[] };

/** The query parameter carrying the token; removed from the address bar once read. */
export const TOKEN_PARAM = 'token';

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);

function splitList(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function firstNonEmpty(...values: (string | null | undefined)[]): string {
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed) return trimmed;
  }
  return '';
}

/**
 * Reads the settings from a query string (with or without the leading `?`). `did` may repeat or
 * hold a comma-separated list; `client` names the connection (default: a random
 * `dashboard-xxxxxx`); `autoaccept=1` accepts every offer.
 */
export function readConfig(
  search: string,
  defaults: ConfigDefaults = {},
  randomSuffix: () => string = () => Math.random().toString(36).slice(2, 8),
): ConfigResult {
  const query = new URLSearchParams(search);
  const url = firstNonEmpty(query.get('ws'), defaults.url);
  const authToken = firstNonEmpty(query.get(TOKEN_PARAM), defaults.authToken);
  const appId = firstNonEmpty(query.get('appid'), defaults.appId);
  const missing = [
    ...(url ? [] : ['ws']),
    ...(authToken ? [] : [TOKEN_PARAM]),
    ...(appId ? [] : ['appid']),
  ];
  if (missing.length > 0) return { ok: false, missing };
  const queryDids = query.getAll('did');
  return {
    ok: true,
    config: {
      url,
      authToken,
      appId,
      subscribeNumbers: splitList(queryDids.length > 0 ? queryDids : [defaults.dids ?? '']),
      clientId: firstNonEmpty(query.get('client'), `dashboard-${randomSuffix()}`),
      autoAccept: TRUE_WORDS.has((query.get('autoaccept') ?? '').toLowerCase()),
      dialTo: firstNonEmpty(query.get('to'), defaults.dialTo),
      dialFrom: firstNonEmpty(query.get('from'), defaults.dialFrom),
    },
  };
}

/**
 * The same URL without the token parameter, so a token passed in the query does not stay
 * visible in the address bar (or in bookmarks and screenshots).
 */
export function withoutToken(href: string): string {
  const url = new URL(href);
  if (!url.searchParams.has(TOKEN_PARAM)) return href;
  url.searchParams.delete(TOKEN_PARAM);
  return url.toString();
}
