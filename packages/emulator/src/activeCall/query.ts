import { randomUUID } from 'node:crypto';

/** The media transport a session's URL path selects. */
export type CallType = 'sip' | 'webrtc' | 'websocket';

/** WebSocket paths of the Active Call API and the call type each selects. */
export const CALL_PATHS: ReadonlyMap<string, CallType> = new Map([
  ['/call/sip', 'sip'],
  ['/call/webrtc', 'webrtc'],
  ['/call', 'websocket'],
  // The Go SDK builds `/call/` + type, so an empty type yields a trailing slash.
  ['/call/', 'websocket'],
]);

/** The typed query parameters of a session (§2.2). */
export interface CallQuery {
  /** Session id: the `id` parameter or a generated `s.<uuid>`. */
  id: string;
  /** Whether the client asked for an event dump (no wire effect). */
  dump: boolean;
  /** Seconds between WebSocket Pings; 0 = none. */
  pingSeconds: number;
  /** Id of the server-side playback track. */
  serverSideTrack: string;
}

/** A query string the server refuses (HTTP 400). */
export interface QueryRejection {
  /** Why, worded like the server's deserializer. */
  error: string;
}

const KNOWN = new Set(['id', 'dump', 'ping', 'serverSideTrack']);
const U32_MAX = 4_294_967_295;

/**
 * Parses a session's query string as strictly as the server's typed deserializer: `dump` only
 * `true`/`false`, `ping` only an unsigned 32-bit integer, a known parameter at most once.
 * Unknown parameters are ignored.
 */
export function parseCallQuery(search: string): CallQuery | QueryRejection {
  const params = new URLSearchParams(search);
  for (const key of KNOWN) {
    if (params.getAll(key).length > 1) return { error: `duplicate field \`${key}\`` };
  }
  const id = params.get('id');
  if (id === '') return { error: 'id must not be empty' };
  const dump = params.get('dump');
  if (dump !== null && dump !== 'true' && dump !== 'false') {
    return { error: `dump: provided string was not \`true\` or \`false\`, got "${dump}"` };
  }
  const ping = params.get('ping');
  let pingSeconds = 20;
  if (ping !== null) {
    const value = /^\+?\d{1,10}$/.test(ping) ? Number(ping) : Number.NaN;
    if (!(value <= U32_MAX)) return { error: `ping: invalid digit found in string, got "${ping}"` };
    pingSeconds = value;
  }
  return {
    id: id ?? `s.${randomUUID()}`,
    dump: dump !== 'false',
    pingSeconds,
    serverSideTrack: params.get('serverSideTrack') ?? 'server-side-track',
  };
}

/** Narrows a parse result. */
export function isRejection(result: CallQuery | QueryRejection): result is QueryRejection {
  return 'error' in result;
}
