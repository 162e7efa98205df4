/**
 * Messages between the benchmark process and the CM server child process (cmServer.ts), and the
 * event frames the server sends: shaped exactly like the Call Manager's (the gateway webhook
 * envelope of docs/PROTOCOL.md §6.1, as the emulator builds it), with no padding.
 */

/** What the server knows about one call leg, taken from the `outbound` command that placed it. */
export interface CallLeg {
  readonly callid: string;
  readonly channel: string;
  readonly uid: string;
  readonly from: string;
  readonly to: string;
  readonly appid: string;
}

/** The app id every bench client registers and dials with. */
export const BENCH_APP_ID = 'b0000000000000000000000000000001';
/** Numbers every bench dial uses, so frames of every client have the same size. */
export const BENCH_TO = '+15550100000';
export const BENCH_FROM = '+15551230000';

/** The event frames of one leg, as objects (the server serialises them once). */
export function legFrames(leg: CallLeg): {
  bridgeStart: Record<string, unknown>;
  bridgeEnd: Record<string, unknown>;
  dtmf: Record<string, unknown>;
  hangup: Record<string, unknown>;
} {
  // The common fields of every CM event (§6.1), in the order the gateway sends them.
  const envelope = (event: string) => ({
    event,
    callid: leg.callid,
    timestamp: 1763719200,
    uid: leg.uid,
    channel: leg.channel,
    to: leg.to,
    from: leg.from,
    direction: 'outbound',
    appid: leg.appid,
    video: false,
  });
  return {
    bridgeStart: envelope('agora_bridge_start'),
    bridgeEnd: envelope('agora_bridge_end'),
    dtmf: { ...envelope('dtmf_received'), digits: '1' },
    hangup: {
      ...envelope('call_hangup'),
      hangup_cause: 'NORMAL_CLEARING',
      duration: '1',
      billsec: '1',
      sip_disposition: 'send_bye',
    },
  };
}

/** A leg with a UUID call id and the same field sizes as a dialled bench call. */
export function sampleLeg(callid: string, index: number): CallLeg {
  return {
    callid,
    channel: `bench-${index}`,
    uid: String(index + 1),
    from: BENCH_FROM,
    to: BENCH_TO,
    appid: BENCH_APP_ID,
  };
}

/**
 * What a blast sends: `bridge` alternates `agora_bridge_start`/`agora_bridge_end` (every frame
 * changes its call), `dtmf` sends `dtmf_received` (no frame changes its call).
 */
export type BlastKind = 'bridge' | 'dtmf';

/** Benchmark → server. */
export type ServerRequest =
  /**
   * Send `count` frames of `kind` to the client: round-robin over all its calls, or with
   * `oneCall` all on its first call.
   */
  | { type: 'blast'; clientId: string; count: number; kind: BlastKind; oneCall?: boolean }
  /** Send one `call_hangup` for every call of the client, and forget them. */
  | { type: 'hangupAll'; clientId: string }
  /** The byte size of one frame of each kind, for the report. */
  | { type: 'frameSizes' }
  /** Close every socket and the server, then exit. */
  | { type: 'stop' };

/** Server → benchmark. */
export type ServerResponse =
  | { type: 'ready'; port: number }
  | { type: 'sent'; count: number }
  | { type: 'sizes'; bridge: number; dtmf: number }
  | { type: 'error'; message: string };
