/**
 * The media transport of a session, chosen by its URL path: `sip` (`/call/sip`: the server
 * is a SIP user agent), `webrtc` (`/call/webrtc`: the app does WebRTC media with an SDP offer),
 * `websocket` (`/call`: audio travels as binary frames on the same socket).
 */
export type CallType = 'sip' | 'webrtc' | 'websocket';

/** Every call type, in the order the docs list them. */
export const CALL_TYPES: readonly CallType[] = ['sip', 'webrtc', 'websocket'];

const paths: Readonly<Record<CallType, string>> = {
  sip: '/call/sip',
  webrtc: '/call/webrtc',
  // `/call`, never `/call/`: the real router does not match a trailing slash.
  websocket: '/call',
};

/** The query parameters of a session (reference §2.2). */
export interface SessionQuery {
  /** Session id; for an inbound call, the webhook's `dialogId`. */
  readonly id: string;
  /** Server-side dump file of the session; omitted = the server's default (on). */
  readonly dump?: boolean | undefined;
  /** WebSocket ping interval, seconds (0 = none); omitted = the server's default (20). */
  readonly pingSeconds?: number | undefined;
  /** Id of the server-side playback track; omitted = `server-side-track`. */
  readonly serverSideTrack?: string | undefined;
}

/**
 * The session URL: the endpoint's path plus the call type's path, and the query with proper
 * encoding (`true`/`false` for booleans, a whole number of seconds for `ping`, exactly as the
 * server's strict query parser wants them).
 */
export function sessionUrl(endpoint: string, type: CallType, query: SessionQuery): string {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${paths[type]}`;
  const params = new URLSearchParams({ id: query.id });
  if (query.dump !== undefined) params.set('dump', query.dump ? 'true' : 'false');
  if (query.pingSeconds !== undefined) params.set('ping', String(query.pingSeconds));
  if (query.serverSideTrack !== undefined) params.set('serverSideTrack', query.serverSideTrack);
  url.search = params.toString();
  return url.href;
}

/** The server-side track id when the query names none. */
export const DEFAULT_SERVER_SIDE_TRACK = 'server-side-track';
