/**
 * The emulator's built-in configuration values. They are public so that tests, examples and the
 * CLI can connect without configuring anything.
 */

/** Auth token accepted for every default app id and for `MULTI`: `Basic base64("callstream:emulator")`. */
export const DEFAULT_TOKEN = 'Basic Y2FsbHN0cmVhbTplbXVsYXRvcg==';

/** App ids the emulator accepts when no `appIds` option is given. */
export const DEFAULT_APP_IDS = [
  'c0ffee00c0ffee00c0ffee00c0ffee01',
  'c0ffee00c0ffee00c0ffee00c0ffee02',
] as const;

/** DIDs owned by the emulated CM: dialling one loops back as an inbound call (§7.3). */
export const DEFAULT_DIDS = ['+18005551234', '+18007771234'] as const;

/** A DID answered by an "external pinlookup" webhook: it never becomes `call_incoming`. */
export const PINLOOKUP_DID = '+15559876543';

/** Caller number of a simulated inbound call that names no `from` (API and control route). */
export const DEFAULT_CALLER = '+15550000000';

/** The only WebSocket path the CM serves. */
export const WS_PATH = '/v1/ws/events';

/** The register `appid` that lets one session handle calls for many app ids (§10). */
export const MULTI_APPID = 'MULTI';

/** Gateway address reported in `outbound` replies (informational, like the real CM's). */
export const GATEWAY_IP = '127.0.0.2';
