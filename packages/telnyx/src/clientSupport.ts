import type { Capability } from '@callstream/core';
import type { TelnyxCall } from './call';
import { decodeClientState } from './clientState';
import { isLoopback, type ResolvedTelnyxOptions } from './options';

/** What the Telnyx backend can do. */
export type TelnyxCapability = Extract<
  Capability,
  | 'dial'
  | 'inbound'
  | 'sendDtmf'
  | 'receiveDtmf'
  | 'transfer'
  | 'bridge'
  | 'speak'
  | 'play'
  | 'gather'
  | 'record'
>;

/** The capability set of every Telnyx client. */
export const TELNYX_CAPABILITIES: ReadonlySet<TelnyxCapability> = new Set<TelnyxCapability>([
  'dial',
  'inbound',
  'sendDtmf',
  'receiveDtmf',
  'transfer',
  'bridge',
  'speak',
  'play',
  'gather',
  'record',
]);

/** `response.data` as a record (`{}` when absent). */
export function dataOf(response: unknown): Record<string, unknown> {
  const data = (response as { data?: unknown } | null)?.data;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
}

/** The snapshot with a new `client_state` (base64 as sent), when one was sent. */
export function withClientState(call: TelnyxCall, encoded: unknown): TelnyxCall {
  if (typeof encoded !== 'string') return call;
  const { text, raw } = decodeClientState(encoded);
  const { clientState: _text, clientStateRaw: _raw, ...details } = call.details;
  return {
    ...call,
    details: {
      ...details,
      ...(text === undefined ? {} : { clientState: text }),
      ...(raw === undefined ? {} : { clientStateRaw: raw }),
    },
  };
}

/** Warns once when the API key would travel over plain HTTP to another machine. */
export function warnIfPlainHttp(
  baseURL: string | undefined,
  settings: ResolvedTelnyxOptions,
): void {
  if (baseURL === undefined || !baseURL.startsWith('http://')) return;
  let host: string;
  try {
    host = new URL(baseURL).hostname;
  } catch {
    return;
  }
  if (isLoopback(host)) return;
  const message = `the Telnyx API key would be sent over plain http:// to ${host}: use https://`;
  settings.logger.warn(message, { host });
  process.emitWarning(message, { code: 'CALLSTREAM_INSECURE_TRANSPORT' });
}
