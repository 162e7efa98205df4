import type { CallEngine } from '../engine/callEngine';
import type { UnknownEvent } from '../engine/events';
import { nextState } from '../engine/transitions';
import type { Call, CmCallDetails } from './call';
import { afterEvent, changesFields } from './callSnapshot';
import { cmEndedBy, cmOutcome } from './outcome';
import type { DecodedEvent } from './protocol/decode';
import { MULTI } from './protocol/encode';
import { stateAfter, wireEvents } from './protocol/wire';
import { buildCmEvent } from './wireEvents';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a dial looks like before its reply names the call id. */
export interface DialDraft {
  readonly appId: string;
  readonly channel: string;
  readonly uid: string;
  readonly from: string;
  readonly to: string;
}

interface PendingDial {
  readonly draft: DialDraft;
  readonly key: string;
  /** Events that matched this dial before its reply arrived, replayed once the call exists. */
  readonly early: DecodedEvent[];
}

/** `resolve()` result for an event kept by a pending dial until its reply arrives. */
const BUFFERED = Symbol('buffered');

/** Bound on orphaned events kept while dials are pending. */
const MAX_ORPHANS = 256;

/** Bound on the distinct gateways whose details objects are shared. */
const MAX_SHARED_DETAILS = 64;

/** `appid:channel:uid`: how the CM keys outbound legs (and names quirk-mode hangups). */
export function callKey(appId: string, channel: string, uid: string): string {
  return `${appId}:${channel}:${uid}`;
}

/**
 * The Call Manager's correlation rules on top of the engine: which call a CM event is about
 * (callid, `appid:channel:uid` composite keys, pending dials whose reply has not come yet,
 * orphaned events), and how each event changes the call. The engine stores, freezes, times and
 * publishes; this class only decides.
 */
export class CmCallTracker {
  /**
   * Outbound calls by `appid:channel:uid`, to resolve composite-key hangups (quirk mode). A call
   * that left is found again by its key when its channel and uid did not change (nearly always);
   * entries left behind by the others are swept once they could outnumber the live calls.
   */
  // TS-private rather than `#`: a unit test reads its size to check the index stays bounded.
  private readonly byKey = new Map<string, string>();
  /** `{ gatewayIp }` details shared by every call through the same gateway (they are frozen). */
  readonly #gatewayDetails = new Map<string, CmCallDetails>();
  readonly #pendingDials = new Map<string, PendingDial>();
  /**
   * Events naming a callid nobody knows yet, kept only while dials are pending: a reply can be
   * overtaken by its call's first events, and not every event names its leg by channel/uid.
   */
  #orphans: DecodedEvent[] = [];

  readonly #engine: CallEngine<Call>;
  readonly #registeredAppId: () => string;
  readonly #incomingTimeoutMs: number;

  /**
   * @param registeredAppId - the app id the connection registered with (may be "MULTI")
   */
  constructor(engine: CallEngine<Call>, registeredAppId: () => string, incomingTimeoutMs: number) {
    this.#engine = engine;
    this.#registeredAppId = registeredAppId;
    this.#incomingTimeoutMs = incomingTimeoutMs;
  }

  /** Drops the key index of a call that left the table (the engine tells, whatever the reason). */
  forget(call: Call): void {
    const key = callKey(call.appId, call.channel, call.uid);
    if (this.byKey.get(key) === call.callId) this.byKey.delete(key);
    else if (this.byKey.size > 2 * this.#engine.calls.size + 64) this.#sweepKeys();
  }

  /** Drops the key entries of calls that are gone (their channel or uid changed before they left). */
  #sweepKeys(): void {
    for (const [key, callId] of this.byKey) {
      if (!this.#engine.get(callId)) this.byKey.delete(key);
    }
  }

  /**
   * Registers a dial that is waiting for its reply, so early events can be matched to it by
   * `appid:channel:uid` (keyed by request id, never by a shared key: Go weakness W4). Returns
   * false when another pending dial already uses the same key.
   */
  beginDial(requestId: string, draft: DialDraft): boolean {
    const key = callKey(draft.appId, draft.channel, draft.uid);
    for (const pending of this.#pendingDials.values()) {
      if (pending.key === key) return false;
    }
    this.#pendingDials.set(requestId, { draft, key, early: [] });
    return true;
  }

  /**
   * Ends a pending dial. With a call id the call is created (state `ringing`) and the events that
   * arrived early are replayed onto it, all in one batch; without one the dial failed and its
   * early events are dropped.
   */
  endDial(requestId: string, callId?: string, details?: CmCallDetails): void {
    const pending = this.#pendingDials.get(requestId);
    this.#pendingDials.delete(requestId);
    const orphans = this.#takeOrphans(callId);
    if (!pending || callId === undefined || callId === '') return;
    this.#engine.batch(() => {
      this.#createOutbound(pending.draft, callId, details);
      for (const early of [...pending.early, ...orphans]) this.applyEvent(early, callId);
    });
  }

  /**
   * Tracks a call whose dial reply came after the dial had already failed locally (timeout or
   * abort): the server placed it after all. Its events from before now are lost.
   */
  trackLateDial(draft: DialDraft, callId: string): void {
    if (!this.#engine.get(callId)) this.#createOutbound(draft, callId);
  }

  /** Forgets every pending dial (their commands are failing with the connection). */
  clearPendingDials(): void {
    this.#pendingDials.clear();
    this.#orphans = [];
  }

  /**
   * Applies a server event. Returns false when it was about no call this client tracks (it is
   * then dropped, or kept as an orphan while dials are pending).
   */
  applyEvent(decoded: DecodedEvent, knownCallId?: string): boolean {
    if (!decoded.known) {
      this.#emitUnknown(decoded, knownCallId ?? decoded.wireCallId);
      return true;
    }
    // The common case first: the callid names a call we track (one lookup, no allocation).
    let callId: string | typeof BUFFERED | undefined = knownCallId ?? decoded.wireCallId;
    let existing = callId === '' ? undefined : this.#engine.get(callId);
    if (!existing && knownCallId === undefined) {
      callId = this.#resolve(decoded);
      if (callId === BUFFERED) return true;
      if (callId === undefined) {
        this.#keepOrphan(decoded);
        return false;
      }
      existing = this.#engine.get(callId);
    }
    const offer = decoded.meaning === wireEvents.call_incoming;
    if (!existing) {
      if (!offer) return false;
      this.#createIncoming(decoded, callId);
      return true;
    }
    // A repeated broadcast of an offer we already hold changes nothing.
    if (!offer) this.#applyToCall(decoded, existing);
    return true;
  }

  #createOutbound(draft: DialDraft, callId: string, details?: CmCallDetails): void {
    const at = this.#engine.now();
    const { from, to, channel, uid, appId } = draft;
    const timestamps = { ringing: at };
    // One literal per shape, no spread: a field added afterwards would cost every call an
    // out-of-object property array.
    this.#engine.track(
      details === undefined
        ? {
            callId,
            state: 'ringing',
            direction: 'outbound',
            from,
            to,
            createdAt: at,
            updatedAt: at,
            timestamps,
            channel,
            uid,
            appId,
          }
        : {
            callId,
            state: 'ringing',
            direction: 'outbound',
            from,
            to,
            createdAt: at,
            updatedAt: at,
            timestamps,
            channel,
            uid,
            appId,
            details: this.#shared(details),
          },
    );
    this.byKey.set(callKey(appId, channel, uid), callId);
  }

  /**
   * One frozen `{ gatewayIp }` object per gateway rather than one per call (a few gateways
   * serve thousands of calls): about 60 bytes less per tracked call.
   */
  #shared(details: CmCallDetails): CmCallDetails {
    const { gatewayIp } = details;
    if (gatewayIp === undefined || Object.keys(details).length !== 1) return details;
    const known = this.#gatewayDetails.get(gatewayIp);
    if (known) return known;
    if (this.#gatewayDetails.size >= MAX_SHARED_DETAILS) return details;
    const frozen = Object.freeze({ gatewayIp });
    this.#gatewayDetails.set(gatewayIp, frozen);
    return frozen;
  }

  #createIncoming(decoded: DecodedEvent, callId: string): void {
    const at = this.#engine.now();
    const fields = decoded;
    this.#engine.track(
      {
        callId,
        state: 'incoming',
        direction: 'inbound',
        from: fields.from ?? '',
        to: fields.to ?? '',
        channel: fields.channel ?? '',
        uid: fields.uid ?? '',
        appId: fields.appId ?? this.#plainAppId() ?? '',
        createdAt: at,
        updatedAt: at,
        timestamps: { incoming: at },
        expiresAt: at + this.#incomingTimeoutMs,
      },
      (call) => Object.freeze({ type: 'incoming', callId, call, receivedAt: at, raw: decoded.raw }),
    );
  }

  #applyToCall(decoded: DecodedEvent, existing: Call): void {
    const at = this.#engine.now();
    const { meaning } = decoded;
    if (meaning !== wireEvents.call_hangup) {
      const target = nextState(existing.state, stateAfter(meaning) ?? existing.state);
      if (target === existing.state && !existing.stale && !changesFields(decoded, existing)) {
        // Nothing about the call changes (digits, a repeated or late ringing, a bridge failure):
        // no new snapshot and no new table, only the event, about the current snapshot. The hot
        // path of IVRs, and calls$ subscribers are not woken for a table equal to the last one.
        this.#engine.emit(buildCmEvent(decoded, existing, at));
        return;
      }
      this.#engine.update(
        existing.callId,
        (call) => afterEvent(call, target, at, decoded),
        (call) => buildCmEvent(decoded, call, at),
      );
      return;
    }
    const { hangupCause, billsec, duration, sipDisposition } = decoded.details;
    const outcome = cmOutcome(hangupCause);
    const endedBy = cmEndedBy(sipDisposition);
    this.#engine.batch(() => {
      this.#engine.update(
        existing.callId,
        (call) => {
          const next: Mutable<Call> = afterEvent(call, 'hangup', at, decoded);
          if (hangupCause !== undefined) next.hangupCause = hangupCause;
          if (outcome !== undefined) next.outcome = outcome;
          if (endedBy !== undefined) next.endedBy = endedBy;
          next.details = { ...call.details, ...defined({ billsec, duration, sipDisposition }) };
          return next;
        },
        (call) => buildCmEvent(decoded, call, at),
      );
      this.#engine.remove(existing.callId, 'hangup', decoded.raw);
    });
  }

  #emitUnknown(decoded: DecodedEvent, callId: string): void {
    const call = this.#engine.get(callId);
    const event: Mutable<UnknownEvent> = {
      type: 'unknown',
      event: decoded.event,
      callId,
      receivedAt: this.#engine.now(),
      raw: decoded.raw,
    };
    if (call) event.call = call;
    this.#engine.emit(Object.freeze(event));
  }

  /** Orphaned events for `callId`; forgets all orphans once no dial is pending. */
  #takeOrphans(callId: string | undefined): DecodedEvent[] {
    const mine = this.#orphans.filter(
      (event) => callId !== undefined && event.wireCallId === callId,
    );
    this.#orphans =
      this.#pendingDials.size === 0
        ? []
        : this.#orphans.filter((event) => event.wireCallId !== callId);
    return mine;
  }

  #keepOrphan(decoded: DecodedEvent): void {
    if (
      this.#pendingDials.size === 0 ||
      decoded.wireCallId === '' ||
      decoded.event === 'call_incoming'
    )
      return;
    if (decoded.wireCallId.includes(':')) return; // composite keys are resolved, never orphaned
    this.#orphans.push(decoded);
    if (this.#orphans.length > MAX_ORPHANS) this.#orphans.shift();
  }

  /**
   * Finds the call an event is about: by callid, composite key, pending dial (then the event is
   * buffered there: {@link BUFFERED}), or channel/uid.
   */
  #resolve(decoded: DecodedEvent): string | typeof BUFFERED | undefined {
    const { wireCallId } = decoded;
    const fields = decoded;
    if (wireCallId !== '' && this.#engine.get(wireCallId)) return wireCallId;
    const composite = wireCallId.includes(':') ? this.byKey.get(wireCallId) : undefined;
    if (composite !== undefined) return composite;
    if (this.#matchPendingDial(decoded)) return BUFFERED;
    // Early outbound events carry callid "" and quirk-mode hangups a key we could not parse:
    // both still name the leg by appid:channel:uid.
    if (fields.channel !== undefined && fields.uid !== undefined) {
      if (wireCallId === '' || decoded.event === 'call_hangup') {
        const appId = fields.appId ?? this.#plainAppId();
        const byFields =
          appId === undefined
            ? undefined
            : this.byKey.get(callKey(appId, fields.channel, fields.uid));
        if (byFields !== undefined) return byFields;
      }
    }
    return decoded.event === 'call_incoming' && wireCallId !== '' ? wireCallId : undefined;
  }

  /** Buffers the event into the pending dial it belongs to, if any. */
  #matchPendingDial(decoded: DecodedEvent): boolean {
    const { channel, uid, appId } = decoded;
    if (channel === undefined || uid === undefined || this.#pendingDials.size === 0) return false;
    if (decoded.event === 'call_incoming') return false;
    const explicitAppId = appId ?? this.#plainAppId();
    let match: PendingDial | undefined;
    for (const pending of this.#pendingDials.values()) {
      const { draft } = pending;
      if (draft.channel !== channel || draft.uid !== uid) continue;
      if (explicitAppId !== undefined && draft.appId !== explicitAppId) continue;
      if (match) return false; // ambiguous without an appid: do not guess
      match = pending;
    }
    match?.early.push(decoded);
    return match !== undefined;
  }

  #plainAppId(): string | undefined {
    const appId = this.#registeredAppId();
    return appId === '' || appId === MULTI ? undefined : appId;
  }
}

/** `values` without its undefined entries. */
function defined<T extends object>(values: T): Partial<T> {
  const result: Partial<T> = {};
  for (const key of Object.keys(values) as Array<keyof T>) {
    if (values[key] !== undefined) result[key] = values[key];
  }
  return result;
}
