import { randomInt } from 'node:crypto';

/** RFC 3339 with milliseconds and a numeric UTC offset, like chrono's `to_rfc3339`. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** RFC 3339 to the second (the form of the `start_time` extra). */
export function rfc3339Seconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A random RTP SSRC (u32). */
export function newSsrc(): number {
  return randomInt(0, 2 ** 32 - 1);
}

/** A `hangup.from`/`hangup.to` party (§5.1). */
export interface Attendee {
  /** User part of the URI. */
  username: string;
  /** Host part of the URI ('' when there is none). */
  realm: string;
  /** The URI as given. */
  source: string;
}

/** The user part of a `sip:`/`sips:`/`tel:` URI or of a bare number. */
export function userPart(uri: string): string {
  const withoutScheme = uri.replace(/^(sips?|tel):/i, '');
  const at = withoutScheme.indexOf('@');
  const user = at === -1 ? withoutScheme : withoutScheme.slice(0, at);
  return user.split(';')[0] ?? '';
}

/** Splits a URI into the attendee shape of the `hangup` event. */
export function attendee(uri: string): Attendee {
  const withoutScheme = uri.replace(/^(sips?|tel):/i, '');
  const at = withoutScheme.indexOf('@');
  const hostPart = at === -1 ? '' : withoutScheme.slice(at + 1);
  const realm = (hostPart.split(/[;>]/)[0] ?? '').replace(/:\d+$/, '');
  return { username: userPart(uri), realm, source: uri };
}

/** A caller URI as the server completes it: a value without a scheme gets `sip:`. */
export function withSipScheme(uri: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(uri) ? uri : `sip:${uri}`;
}
