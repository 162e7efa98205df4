import type {
  AnsweredEvent,
  BackendEvent,
  CallOutcome,
  DtmfEvent,
  HangupEvent,
  HoldEvent,
  IncomingEvent,
  InitiatedEvent,
  RemovedEvent,
  RingingEvent,
  UnknownEvent,
} from '@callstream/core';
import { type CallEngine, withState } from '@callstream/core/engine';
import type { ActiveCall, ActiveCallDetails } from './call';
import { backendEvent, dtmfEvent, holdEvent, occurred } from './clientEvents';
import { endedBy, hangupOutcome, rejectOutcome } from './outcome';
import { isUnknownEvent } from './protocol/decode';
import type { AcEventName, AcKnownEvent, ActiveCallEvent } from './protocol/events';
import type { CallType } from './protocol/url';
import type { SessionClosure } from './session/waiters';
import { withHeld } from './snapshot';
import type { WebhookInvite } from './webhook/payload';

/**
 * A known Active Call event with no neutral meaning (TTS and playback, ASR, VAD, metrics,
 * errors, transfer legs…), as it reaches the client's `events$`. `event` is the typed wire
 * event (also in `raw`).
 */
export interface ActiveCallBackendEvent extends BackendEvent<ActiveCall> {
  /** The backend: `active-call`. */
  readonly backend: 'active-call';
  /** The wire event name. */
  readonly name: AcEventName;
  /** The event, typed. */
  readonly event: AcKnownEvent;
}

/** Everything the client's `events$` emits. */
export type ActiveCallClientEvent =
  | IncomingEvent<ActiveCall>
  | InitiatedEvent<ActiveCall>
  | RingingEvent<ActiveCall>
  | AnsweredEvent<ActiveCall>
  | HangupEvent<ActiveCall>
  | DtmfEvent<ActiveCall>
  | HoldEvent<ActiveCall>
  | RemovedEvent<ActiveCall>
  | UnknownEvent<ActiveCall>
  | ActiveCallBackendEvent;

/** What the tracker remembers about a live call beyond its snapshot. */
interface Memo {
  /** This client hung up or closed the session. */
  localEnd: boolean;
  /** An `inactivity` event came (the hangup that follows is a time limit). */
  inactive: boolean;
}

/** What a new outbound call is. */
export interface OutboundCall {
  readonly callId: string;
  readonly type: CallType;
  readonly from: string;
  readonly to: string;
  readonly caller?: string | undefined;
  readonly callee?: string | undefined;
}

type Raw = { readonly [key: string]: unknown };

/**
 * Active Call's rules on top of the engine: how each wire event and each session end changes a
 * call, in neutral terms (docs/concepts.md "One model for every backend"). The engine stores,
 * freezes, times and publishes; this class only decides.
 */
export class ActiveCallTracker {
  private readonly memos = new Map<string, Memo>();

  constructor(
    private readonly engine: CallEngine<ActiveCall>,
    private readonly acceptTimeoutMs: number,
  ) {}

  /** Forgets a call that left the table. */
  forget(callId: string): void {
    this.memos.delete(callId);
  }

  /** A dial starts: the call exists (state `ringing`) before its socket opens. */
  trackOutbound(call: OutboundCall): ActiveCall {
    const at = this.engine.now();
    this.memos.set(call.callId, { localEnd: false, inactive: false });
    const details: ActiveCallDetails = {
      callType: call.type,
      ...(call.caller === undefined ? {} : { caller: call.caller }),
      ...(call.callee === undefined ? {} : { callee: call.callee }),
    };
    return this.engine.track(
      {
        callId: call.callId,
        state: 'ringing',
        direction: 'outbound',
        from: call.from,
        to: call.to,
        createdAt: at,
        updatedAt: at,
        timestamps: { ringing: at },
        details,
      },
      (snapshot) =>
        Object.freeze({
          type: 'initiated',
          callId: call.callId,
          call: snapshot,
          receivedAt: at,
          raw: Object.freeze({ callType: call.type }),
        }),
    );
  }

  /** A webhook offered a call: it is `incoming` until accepted or its deadline passes. */
  trackOffer(invite: WebhookInvite): ActiveCall {
    const at = this.engine.now();
    this.memos.set(invite.dialogId, { localEnd: false, inactive: false });
    return this.engine.track(
      {
        callId: invite.dialogId,
        state: 'incoming',
        direction: 'inbound',
        from: userPart(invite.caller),
        to: userPart(invite.callee),
        createdAt: at,
        updatedAt: at,
        timestamps: { incoming: at },
        expiresAt: at + this.acceptTimeoutMs,
        details: {
          callType: 'sip',
          caller: invite.caller,
          callee: invite.callee,
          ...(invite.createdAt === undefined ? {} : { offeredAt: invite.createdAt }),
          headers: Object.freeze([...invite.headers]),
          ...(invite.offer === undefined ? {} : { offer: invite.offer }),
        },
      },
      (snapshot) =>
        Object.freeze({
          type: 'incoming',
          callId: invite.dialogId,
          call: snapshot,
          receivedAt: at,
          raw: invite.raw,
        }),
    );
  }

  /** This client ends the call (hangup sent, or its session closed by this client). */
  localEnd(callId: string): void {
    const memo = this.memos.get(callId);
    if (memo) memo.localEnd = true;
  }

  /**
   * Applies one event of a call's session. `setupFailure` marks an `error` that failed the
   * call's set-up (its outcome becomes `failed` if the session then simply closes).
   *
   * This runs for every frame: each event is one object literal (no spread of a shared base),
   * frozen once, and events that change nothing about the call make no snapshot.
   */
  apply(callId: string, event: ActiveCallEvent, setupFailure = false): void {
    const at = this.engine.now();
    const call = this.engine.get(callId);
    const occurredAt = typeof event.timestamp === 'number' ? event.timestamp : undefined;
    if (isUnknownEvent(event)) {
      const unknown: Mutable<UnknownEvent<ActiveCall>> = {
        type: 'unknown',
        callId,
        receivedAt: at,
        raw: event,
        event: event.event,
      };
      if (call) unknown.call = call;
      this.engine.emit(occurred(unknown, occurredAt));
      return;
    }
    const known = event as AcKnownEvent;
    if (call && this.applyNeutral(call, known, at, occurredAt)) return;
    if (known.event === 'inactivity') {
      const memo = this.memos.get(callId);
      if (memo) memo.inactive = true;
    }
    if (known.event === 'error' && call && setupFailure) {
      this.engine.update(callId, (current) => ({
        ...current,
        details: { ...(current.details as ActiveCallDetails), failure: known.error },
      }));
    }
    const latest = call === undefined ? undefined : (this.engine.get(callId) ?? call);
    this.engine.emit(backendEvent(callId, latest, at, occurredAt, known));
  }

  /**
   * The session's socket is gone. A call still tracked ends here: as `hangup` when this client
   * ended it or the server closed the session cleanly (WebRTC and `/call` sessions never send
   * a `hangup` event), as `connection-lost` when the network dropped it.
   */
  sessionClosed(callId: string, closure: SessionClosure): void {
    const call = this.engine.get(callId);
    if (!call) return;
    const memo = this.memos.get(callId);
    const local = closure.by === 'client' || memo?.localEnd === true;
    if (!local && closure.by === 'network') {
      this.engine.remove(callId, 'connection-lost', closeRaw(closure));
      return;
    }
    const answered = call.timestamps.answered !== undefined;
    const details = call.details as ActiveCallDetails;
    let outcome: CallOutcome;
    if (local) outcome = answered ? 'completed' : 'cancelled';
    else if (memo?.inactive) outcome = 'time-limit';
    else if (details.failure !== undefined) outcome = 'failed';
    else outcome = answered ? 'completed' : 'unknown';
    const at = this.engine.now();
    const raw = closeRaw(closure);
    this.engine.batch(() => {
      this.engine.update(
        callId,
        (current) => ({
          ...withState(current, 'hangup', at),
          outcome,
          ...(local ? { endedBy: 'local' as const } : {}),
        }),
        (snapshot): HangupEvent<ActiveCall> =>
          Object.freeze({
            type: 'hangup',
            callId,
            call: snapshot,
            receivedAt: at,
            raw,
            outcome,
            ...(local ? { endedBy: 'local' as const } : {}),
          }),
      );
      this.engine.remove(callId, 'hangup', raw);
    });
  }

  /** Maps the events that have a neutral meaning; false for the others. */
  private applyNeutral(
    call: ActiveCall,
    event: AcKnownEvent,
    at: number,
    occurredAt: number | undefined,
  ): boolean {
    const { callId } = call;
    if (event.refer === true) return false; // the transfer leg is not the call
    switch (event.event) {
      case 'ringing':
        this.engine.update(
          callId,
          (current) => {
            const next = withState(current, 'ringing', at);
            if (event.earlyMedia === undefined) return next;
            return {
              ...next,
              details: { ...(current.details as ActiveCallDetails), earlyMedia: event.earlyMedia },
            };
          },
          (snapshot): RingingEvent<ActiveCall> =>
            occurred<RingingEvent<ActiveCall>>(
              { type: 'ringing', callId, call: snapshot, receivedAt: at, raw: event },
              occurredAt,
            ),
        );
        return true;
      case 'answer':
        this.engine.batch(() => {
          if (call.direction === 'inbound' && !call.claimed) this.engine.claim(callId);
          this.engine.update(
            callId,
            (current) => withState(current, 'answered', at),
            (snapshot): AnsweredEvent<ActiveCall> =>
              occurred<AnsweredEvent<ActiveCall>>(
                { type: 'answered', callId, call: snapshot, receivedAt: at, raw: event },
                occurredAt,
              ),
          );
        });
        return true;
      case 'reject': {
        // An inbound accept's "no pending call" is decided by the accept itself.
        if (call.direction === 'inbound' || call.timestamps.answered !== undefined) return false;
        const end: End = {
          hangupCause: event.code === undefined ? event.reason : `${event.code} ${event.reason}`,
          outcome: rejectOutcome(event.code),
          endedBy: 'remote',
        };
        if (event.code !== undefined) end.rejectCode = event.code;
        this.end(call, event, at, occurredAt, end);
        return true;
      }
      case 'hangup': {
        const memo = this.memos.get(callId);
        const answered = call.timestamps.answered !== undefined;
        const end: End = {
          outcome: memo?.inactive ? 'time-limit' : hangupOutcome(event.reason, answered),
        };
        if (event.reason !== undefined) end.hangupCause = event.reason;
        const side = endedBy(memo?.localEnd === true, event.initiator);
        if (side !== undefined) end.endedBy = side;
        if (event.initiator !== undefined) end.initiator = event.initiator;
        this.end(call, event, at, occurredAt, end);
        return true;
      }
      case 'dtmf':
        this.engine.emit(dtmfEvent(call, at, occurredAt, event, event.digit));
        return true;
      case 'hold': {
        const held = event.onHold;
        if ((call.held ?? false) === held) {
          // A repeated hold (or unhold of a call never held) changes nothing: the event about
          // the current snapshot, no new snapshot and no calls$ table.
          this.engine.emit(holdEvent(call, at, occurredAt, event, held));
          return true;
        }
        this.engine.update(
          callId,
          (current) => withHeld(current, held, at),
          (snapshot) => holdEvent(snapshot, at, occurredAt, event, held),
        );
        return true;
      }
      default:
        return false;
    }
  }

  /** The call ended on the network: the `hangup` event, then it leaves the table. */
  private end(
    call: ActiveCall,
    raw: Raw,
    at: number,
    occurredAt: number | undefined,
    how: End,
  ): void {
    const { callId } = call;
    const { rejectCode, initiator, ...neutral } = how;
    this.engine.batch(() => {
      this.engine.update(
        callId,
        (current) => ({
          ...withState(current, 'hangup', at),
          ...neutral,
          details: {
            ...(current.details as ActiveCallDetails),
            ...(rejectCode === undefined ? {} : { rejectCode }),
            ...(initiator === undefined ? {} : { initiator }),
          },
        }),
        (snapshot): HangupEvent<ActiveCall> =>
          occurred<HangupEvent<ActiveCall>>(
            { type: 'hangup', callId, call: snapshot, receivedAt: at, raw, ...neutral },
            occurredAt,
          ),
      );
      this.engine.remove(callId, 'hangup', raw);
    });
  }
}

/** How a call ended on the network (the neutral fields, and the details' extras). */
interface End {
  hangupCause?: string;
  outcome: CallOutcome;
  endedBy?: 'local' | 'remote';
  rejectCode?: number;
  initiator?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The number (user part) of a `sip:`/`sips:`/`tel:` URI, as the neutral `from`/`to` carry
 * numbers on every backend; the URI as it is when it has none (the full URIs stay in
 * `details.caller`/`details.callee`).
 */
export function userPart(uri: string): string {
  const match = /^(?:sips?:)?([^@;:]+)@/i.exec(uri) ?? /^tel:([^;]+)/i.exec(uri);
  return match?.[1] ?? uri;
}

/** What a synthesized end carries as `raw`: the close, since no wire event said it. */
function closeRaw(closure: SessionClosure): Raw {
  return Object.freeze({
    close: Object.freeze({
      by: closure.by,
      ...(closure.code === undefined ? {} : { code: closure.code }),
      ...(closure.reason === undefined ? {} : { reason: closure.reason }),
    }),
  });
}
