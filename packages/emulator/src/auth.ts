import { MULTI_APPID } from './constants';
import type { ResolvedEmulatorOptions } from './options';

/**
 * Checks a register's `auth_token` for an app id like the CM's `authorization_<appid>` settings:
 * an override in `tokens` wins, otherwise the default token covers every configured app id and
 * `MULTI`. Unknown app ids are refused.
 */
export function isAuthorized(
  options: ResolvedEmulatorOptions,
  appId: string,
  token: string,
): boolean {
  const override = options.tokens[appId];
  if (override) return override.includes(token);
  if (appId === MULTI_APPID || options.appIds.includes(appId)) return token === options.token;
  return false;
}

/** Redacts a token for frames and logs, keeping only its scheme word (`Basic [redacted]`). */
export function redactToken(token: unknown): string {
  if (typeof token !== 'string') return '[redacted]';
  const scheme = /^(\w+)\s/.exec(token)?.[1];
  return scheme ? `${scheme} [redacted]` : '[redacted]';
}
