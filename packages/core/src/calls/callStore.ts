import type {
  BridgedEvent,
  CallEvent,
  DtmfEvent,
  HangupEvent,
  RemovedEvent,
  UnbridgedEvent,
  UnknownEvent,
} from '../events';
import type { DecodedEvent } from '../protocol/decode';
import { MULTI } from '../protocol/encode';
import type { Call, CallEndReason, CallState } from './call';
import { CallTable } from './callTable';
import { nextState } from './transitions';

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

const stateOf: Partial<Record<string, CallState>> = {
  call_ringing: 'ringing',
  call_answered: 'answered',
  agora_bridge_start: 'bridged',
  agora_bridge_end: 'unbridged',
};

const typeOf: Partial<Record<string, CallEvent['type']>> = {
  call_incoming: 'incoming',
  call_initiated: 'initiated',
  call_ringing: 'ringing',
  call_answered: 'answered',
  agora_bridge_start: 'bridged',
  agora_bridge_end: 'unbridged',
  agora_bridge_failed: 'bridge-failed',
  call_hangup: 'hangup',
  dtmf_received: 'dtmf',
};

/** `resolve()` result for an event kept by a pending dial until its reply arrives. */
const BUFFERED = Symbol('buffered');

/** Bound on orphaned events kept while dials are pending. */
const MAX_ORPHANS = 256;

/** `appid:channel:uid`: how the CM keys outbound legs (and names quirk-mode hangups). */
export function callKey(appId: string, channel: string, uid: string): string {
  return `${appId}:${channel}:${uid}`;
}

/**
 * The client's table of calls and the rules that change it. Pure bookkeeping: no I/O and no
 * timers (the client owns those). Every method returns the events it produced, in order; the
 * table is already updated when they are returned.
 */
export class CallStore {
  private current = CallTable.empty;
  /** Outbound calls by `appid:channel:uid`, to resolve composite-key hangups (quirk mode). */
  private readonly byKey = new Map<string, string>();
  /** The reverse of {@link byKey}, so removing a call does not scan every key. */
  private readonly keyOf = new Map<string, string>();
  private readonly pendingDials = new Map<string, PendingDial>();
  /**
   * Events naming a callid nobody knows yet, kept only while dials are pending: a reply can be
   * overtaken by its call's first events, and not every event names its leg by channel/uid.
   */
  private orphans: DecodedEvent[] = [];

  /**
   * @param registeredAppId - the app id the connection registered with (may be "MULTI")
   * @param now - clock for snapshot timestamps
   */
  constructor(
    private readonly registeredAppId: () => string,
    private readonly incomingTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current immutable table. */
  get table(): CallTable {
    return this.current;
  }

  /**
   * Registers a dial that is waiting for its reply, so early events can be matched to it by
   * `appid:channel:uid` (keyed by request id, never by a shared key: Go weakness W4). Returns
   * false when another pending dial already uses the same key.
   */
  beginDial(requestId: string, draft: DialDraft): boolean {
    const key = callKey(draft.appId, draft.channel, draft.uid);
    for (const pending of this.pendingDials.values()) {
      if (pending.key === key) return false;
    }
    this.pendingDials.set(requestId, { draft, key, early: [] });
    return true;
  }

  /**
   * Ends a pending dial. With a call id the call is created (state `ringing`) and the events that
   * arrived early are replayed onto it; without one the dial failed and its early events are dropped.
   */
  endDial(requestId: string, callId?: string): CallEvent[] {
    const pending = this.pendingDials.get(requestId);
    this.pendingDials.delete(requestId);
    const orphans = this.takeOrphans(callId);
    if (!pending || callId === undefined || callId === '') return [];
    this.createOutbound(pending.draft, callId);
    return [...pending.early, ...orphans].flatMap((early) => this.applyEvent(early, callId));
  }

  /**
   * Tracks a call whose dial reply came after the dial had already failed locally (timeout or
   * abort): the server placed it after all. Its events from before now are lost.
   */
  trackLateDial(draft: DialDraft, callId: string): void {
    if (!this.current.has(callId)) this.createOutbound(draft, callId);
  }

  private createOutbound(draft: DialDraft, callId: string): void {
    const at = this.now();
    this.put({
      callId,
      state: 'ringing',
      direction: 'outbound',
      from: draft.from,
      to: draft.to,
      channel: draft.channel,
      uid: draft.uid,
      appId: draft.appId,
      createdAt: at,
      updatedAt: at,
      timestamps: { ringing: at },
    });
    const key = callKey(draft.appId, draft.channel, draft.uid);
    this.byKey.set(key, callId);
    this.keyOf.set(callId, key);
  }

  /** Orphaned events for `callId`; forgets all orphans once no dial is pending. */
  private takeOrphans(callId: string | undefined): DecodedEvent[] {
    const mine = this.orphans.filter(
      (event) => callId !== undefined && event.wireCallId === callId,
    );
    this.orphans =
      this.pendingDials.size === 0
        ? []
        : this.orphans.filter((event) => event.wireCallId !== callId);
    return mine;
  }

  /** Applies a server event; returns what it produced (nothing for events about unknown calls). */
  applyEvent(decoded: DecodedEvent, knownCallId?: string): CallEvent[] {
    if (!decoded.known) {
      const callId = knownCallId ?? decoded.wireCallId;
      return [this.unknownEvent(decoded, callId, this.current.get(callId))];
    }
    const callId = knownCallId ?? this.resolve(decoded);
    if (callId === BUFFERED) return [];
    if (callId === undefined) {
      this.keepOrphan(decoded);
      return [];
    }
    const existing = this.current.get(callId);
    if (!existing) {
      return decoded.event === 'call_incoming' ? [this.createIncoming(decoded, callId)] : [];
    }
    if (decoded.event === 'call_incoming') return []; // a repeated broadcast of a call we already hold
    return this.applyToCall(decoded, existing);
  }

  /** Applies a local change (e.g. after a successful accept); no-op for an untracked call. */
  update(callId: string, change: (call: Call) => Omit<Call, 'callId' | 'updatedAt'>): void {
    const call = this.current.get(callId);
    if (call) this.put({ ...change(call), callId, updatedAt: this.now() });
  }

  /** Removes a call and returns the `removed` event (none when the call is not tracked). */
  remove(callId: string, reason: CallEndReason, raw: RemovedEvent['raw'] = {}): RemovedEvent[] {
    const call = this.current.get(callId);
    if (!call) return [];
    this.current = this.current.without(callId);
    const key = this.keyOf.get(callId);
    if (key !== undefined && this.byKey.get(key) === callId) this.byKey.delete(key);
    this.keyOf.delete(callId);
    const at = this.now();
    const final: Call = {
      ...call,
      updatedAt: at,
      endReason: reason,
      ...(call.state === 'hangup'
        ? {}
        : { state: 'hangup', timestamps: { ...call.timestamps, hangup: at } }),
    };
    return [{ type: 'removed', callId, call: final, reason, receivedAt: at, raw }];
  }

  /** Forgets every pending dial (their commands are failing with the connection). */
  clearPendingDials(): void {
    this.pendingDials.clear();
    this.orphans = [];
  }

  private keepOrphan(decoded: DecodedEvent): void {
    if (
      this.pendingDials.size === 0 ||
      decoded.wireCallId === '' ||
      decoded.event === 'call_incoming'
    )
      return;
    if (decoded.wireCallId.includes(':')) return; // composite keys are resolved, never orphaned
    this.orphans.push(decoded);
    if (this.orphans.length > MAX_ORPHANS) this.orphans.shift();
  }

  /**
   * Finds the call an event is about: by callid, composite key, pending dial (then the event is
   * buffered there: {@link BUFFERED}), or channel/uid.
   */
  private resolve(decoded: DecodedEvent): string | typeof BUFFERED | undefined {
    const { wireCallId, fields } = decoded;
    if (wireCallId !== '' && this.current.has(wireCallId)) return wireCallId;
    const composite = wireCallId.includes(':') ? this.byKey.get(wireCallId) : undefined;
    if (composite !== undefined) return composite;
    if (this.matchPendingDial(decoded)) return BUFFERED;
    // Early outbound events carry callid "" and quirk-mode hangups a key we could not parse:
    // both still name the leg by appid:channel:uid.
    if (fields.channel !== undefined && fields.uid !== undefined) {
      if (wireCallId === '' || decoded.event === 'call_hangup') {
        const appId = fields.appId ?? this.plainAppId();
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
  private matchPendingDial(decoded: DecodedEvent): boolean {
    const { channel, uid, appId } = decoded.fields;
    if (channel === undefined || uid === undefined || this.pendingDials.size === 0) return false;
    if (decoded.event === 'call_incoming') return false;
    const explicitAppId = appId ?? this.plainAppId();
    let match: PendingDial | undefined;
    for (const pending of this.pendingDials.values()) {
      const { draft } = pending;
      if (draft.channel !== channel || draft.uid !== uid) continue;
      if (explicitAppId !== undefined && draft.appId !== explicitAppId) continue;
      if (match) return false; // ambiguous without an appid: do not guess
      match = pending;
    }
    match?.early.push(decoded);
    return match !== undefined;
  }

  private plainAppId(): string | undefined {
    const appId = this.registeredAppId();
    return appId === '' || appId === MULTI ? undefined : appId;
  }

  private createIncoming(decoded: DecodedEvent, callId: string): CallEvent {
    const at = this.now();
    const { fields } = decoded;
    const call: Call = {
      callId,
      state: 'incoming',
      direction: 'inbound',
      from: fields.from ?? '',
      to: fields.to ?? '',
      channel: fields.channel ?? '',
      uid: fields.uid ?? '',
      appId: fields.appId ?? this.plainAppId() ?? '',
      createdAt: at,
      updatedAt: at,
      timestamps: { incoming: at },
      expiresAt: at + this.incomingTimeoutMs,
    };
    this.put(call);
    return { type: 'incoming', callId, call, receivedAt: at, raw: decoded.raw };
  }

  private applyToCall(decoded: DecodedEvent, existing: Call): CallEvent[] {
    const at = this.now();
    if (
      decoded.event === 'dtmf_received' &&
      !existing.stale &&
      !changesFields(decoded.fields, existing)
    ) {
      // Digits change nothing about the call: no new snapshot, no new table (the hot path of IVRs).
      const digits = decoded.details.digits ?? '';
      return [
        {
          type: 'dtmf',
          callId: existing.callId,
          call: existing,
          digits,
          receivedAt: at,
          raw: decoded.raw,
        },
      ];
    }
    const { fields, details } = decoded;
    const target = decoded.event === 'call_hangup' ? 'hangup' : stateOf[decoded.event];
    const state = target === undefined ? existing.state : nextState(existing.state, target);
    const { stale: _wasStale, ...confirmed } = existing; // any event proves the call is alive
    const call: Call = {
      ...confirmed,
      ...definedFields(fields, existing),
      state,
      updatedAt: at,
      timestamps:
        state === existing.state ? existing.timestamps : { ...existing.timestamps, [state]: at },
      ...(details.hangupCause === undefined ? {} : { hangupCause: details.hangupCause }),
    };
    this.put(call);
    const base = { callId: call.callId, call, receivedAt: at, raw: decoded.raw };
    const event = buildEvent(decoded.event, base, details);
    if (decoded.event !== 'call_hangup') return [event];
    return [event, ...this.remove(call.callId, 'hangup', decoded.raw)];
  }

  private unknownEvent(
    decoded: DecodedEvent,
    callId: string,
    call: Call | undefined,
  ): UnknownEvent {
    return {
      type: 'unknown',
      event: decoded.event,
      callId,
      receivedAt: this.now(),
      raw: decoded.raw,
      ...(call ? { call } : {}),
    };
  }

  private put(call: Call): void {
    this.current = this.current.with(call);
  }
}

/** Whether applying the event's call fields would change the snapshot. */
function changesFields(fields: DecodedEvent['fields'], existing: Call): boolean {
  const patch = definedFields(fields, existing);
  return (Object.keys(patch) as Array<keyof Call>).some((key) => patch[key] !== existing[key]);
}

/** The event's non-empty call fields, except a direction or app id that would contradict ours. */
function definedFields(fields: DecodedEvent['fields'], existing: Call): Partial<Call> {
  const result: { -readonly [K in keyof Call]?: Call[K] } = {};
  if (fields.channel !== undefined) result.channel = fields.channel;
  if (fields.uid !== undefined) result.uid = fields.uid;
  if (fields.from !== undefined) result.from = fields.from;
  if (fields.to !== undefined) result.to = fields.to;
  if (fields.appId !== undefined && existing.appId === '') result.appId = fields.appId;
  return result;
}

type Base = { callId: string; call: Call; receivedAt: number; raw: CallEvent['raw'] };

function buildEvent(event: string, base: Base, details: DecodedEvent['details']): CallEvent {
  const type = typeOf[event] ?? 'initiated';
  switch (type) {
    case 'bridged':
      return {
        ...base,
        type,
        rebridge: details.rebridge ?? false,
        ...pick(details, 'previousChannel', 'previousUid'),
      } satisfies BridgedEvent;
    case 'unbridged':
      return {
        ...base,
        type,
        rebridge: details.rebridge ?? false,
        ...pick(details, 'segmentBillsec'),
      } satisfies UnbridgedEvent;
    case 'bridge-failed':
      return { ...base, type, ...pick(details, 'reason') };
    case 'hangup':
      return {
        ...base,
        type,
        ...pick(details, 'hangupCause', 'duration', 'billsec', 'sipDisposition'),
      } satisfies HangupEvent;
    case 'dtmf':
      return { ...base, type, digits: details.digits ?? '' } satisfies DtmfEvent;
    case 'incoming':
    case 'initiated':
    case 'ringing':
    case 'answered':
      return { ...base, type };
    default:
      return { ...base, type: 'initiated' };
  }
}

function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Partial<Pick<T, K>> {
  const result: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    if (source[key] !== undefined) result[key] = source[key];
  }
  return result;
}
