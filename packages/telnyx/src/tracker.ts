import type { CallEndReason, HangupEvent, Logger } from '@callstream/core';
import { type CallEngine, RecentMap, withState } from '@callstream/core/engine';
import { buildBackendEvent, isBackendEventName } from './backendEvents';
import type { TelnyxCall, TelnyxCallDetails } from './call';
import { CallIndex } from './callIndex';
import { decodeClientState } from './clientState';
import type { TelnyxBackendEvent } from './events';
import { telnyxEndedBy, telnyxOutcome } from './outcome';
import { type DecodedWebhook, textField } from './webhook/decode';

/** The ids a dial's answer names: enough to track the new leg before any webhook. */
export interface DialedLeg {
  readonly callControlId: string;
  readonly callLegId: string;
  readonly callSessionId: string;
  readonly connectionId: string;
  readonly from: string;
  readonly to: string;
  /** The `client_state` sent with the dial (base64). */
  readonly clientStateRaw?: string;
}

/** Most webhooks kept for legs a pending dial may still name (oldest dropped first). */
const MAX_EARLY = 256;

const DTMF = /^[0-9A-Da-d*#]{1,8}$/;

/** The fields every event built from a webhook shares. */
type EventBase = Pick<TelnyxBackendEvent, 'callId' | 'receivedAt' | 'occurredAt' | 'raw'>;

/** Settings of a {@link TelnyxCallTracker}. */
export interface TrackerOptions {
  /** Claim window of an offer. */
  readonly incomingTimeoutMs: number;
  /** Where skipped webhooks are logged. */
  readonly logger: Logger;
  /** Told about every Telnyx-only event, tracked call or not (command waiters listen here). */
  readonly onBackendEvent: (event: TelnyxBackendEvent) => void;
}

/**
 * Telnyx's correlation and reduction rules on top of the engine: which leg a webhook is about
 * (`call_control_id`, else `call_leg_id`; webhooks for a dial whose answer has not come yet are
 * kept until it does), and how each event changes the leg: forward only, terminal wins, late
 * state events (older `occurred_at` than the newest applied) skipped. The engine stores, freezes,
 * times and publishes; this class only decides.
 */
export class TelnyxCallTracker {
  private readonly index = new CallIndex();
  /** Call control ids whose `call.hangup` was seen or that left `calls$`: never tracked again. */
  private readonly ended = new RecentMap<string, true>(4096);
  private readonly pendingDials = new Set<string>();
  private early: DecodedWebhook[] = [];
  /** Calls whose `reject` was sent: their `call.hangup` removes them as `rejected`. */
  private readonly rejecting = new Set<string>();
  /** Epoch ms when each tracked call was last heard of (for reconciliation). */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly engine: CallEngine<TelnyxCall>,
    private readonly options: TrackerOptions,
  ) {}

  /** Drops what the tracker knows about a call that left the table. */
  forget(call: TelnyxCall): void {
    this.index.remove(call);
    this.ended.set(call.callId, true);
    this.rejecting.delete(call.callId);
    this.seen.delete(call.callId);
  }

  /** Epoch ms when `callId` was last heard of. */
  lastSeen(callId: string): number | undefined {
    return this.seen.get(callId);
  }

  /** Something about `callId` was heard (a command's answer, a status check): it is alive. */
  markSeen(callId: string): void {
    if (this.engine.get(callId)) this.seen.set(callId, this.engine.now());
  }

  /** The call a later `reject` response or `call.hangup` should remove as `rejected`. */
  markRejecting(callId: string, rejecting: boolean): void {
    if (rejecting) this.rejecting.add(callId);
    else this.rejecting.delete(callId);
  }

  /** A bridge of `a` with `b` was sent: their `call.bridged` link them. */
  expectBridge(a: string, b: string): void {
    this.index.expectBridge(a, b);
  }

  /** A transfer of `callId` was sent: the next outgoing leg in its session is the transfer's. */
  expectTransfer(callId: string): void {
    const call = this.engine.get(callId);
    if (call) this.index.expectTransfer(call.details.callSessionId, callId);
  }

  /** A dial was sent: webhooks for unknown legs are kept until its answer names the leg. */
  beginDial(requestId: string): void {
    this.pendingDials.add(requestId);
  }

  /**
   * A dial settled. With the leg its answer named, the call is tracked (`ringing`) and the
   * webhooks that arrived before the answer are replayed onto it. Returns whether a call was
   * created (false when it was already tracked or already ended).
   */
  endDial(requestId: string, leg?: DialedLeg): boolean {
    this.pendingDials.delete(requestId);
    const early = this.early;
    if (this.pendingDials.size === 0) {
      this.early = [];
      for (const webhook of early) {
        if (webhook.callControlId !== leg?.callControlId) this.markEnded(webhook);
      }
    }
    if (leg === undefined) return false;
    const id = leg.callControlId;
    if (this.engine.get(id) || this.ended.has(id)) return false;
    const mine = early.filter(
      (webhook) => webhook.callControlId === id || webhook.callLegId === leg.callLegId,
    );
    if (this.pendingDials.size > 0) this.early = early.filter((webhook) => !mine.includes(webhook));
    this.engine.batch(() => {
      this.track(this.newCall('outbound', 'ringing', leg, decodeClientState(leg.clientStateRaw)));
      for (const webhook of mine) this.apply(webhook);
    });
    return true;
  }

  /** Applies one verified, deduplicated webhook. Never throws on any payload. */
  apply(webhook: DecodedWebhook): void {
    if (webhook.eventType === 'call.initiated') {
      this.onInitiated(webhook);
      return;
    }
    const callId = this.resolve(webhook);
    const call = callId === undefined ? undefined : this.engine.get(callId);
    if (!call || callId === undefined) {
      this.onUntracked(webhook, callId);
      return;
    }
    this.seen.set(callId, this.engine.now());
    this.applyToCall(webhook, call);
  }

  // ---- call.initiated ------------------------------------------------------------------

  private onInitiated(webhook: DecodedWebhook): void {
    const id = webhook.callControlId;
    if (id === undefined) {
      this.skip(webhook, 'no call_control_id');
      return;
    }
    const existing = this.engine.get(id);
    if (existing) {
      this.seen.set(id, this.engine.now());
      // A leg we track from its dial answer: the webhook confirms it (no state change).
      if (existing.direction === 'outbound' && !this.isLate(existing, webhook)) {
        this.engine.update(
          id,
          (call) => this.stamped(call, webhook),
          (call) => Object.freeze({ type: 'initiated', call, ...this.base(webhook, id) }),
        );
      }
      return;
    }
    if (this.ended.has(id) || this.engine.endReasonOf(id) !== undefined) {
      this.skip(webhook, 'the call already ended');
      return;
    }
    const direction = webhook.payload.direction;
    if (direction === 'incoming' || direction === 'inbound') {
      this.createIncoming(webhook, id);
      return;
    }
    if (direction !== 'outgoing' && direction !== 'outbound') {
      this.skip(webhook, 'direction is neither incoming nor outgoing');
      return;
    }
    const session = webhook.callSessionId;
    const sibling = session === undefined ? undefined : this.index.sessionOwner(session);
    if (sibling !== undefined) {
      // A leg our transfer (or a link_to dial) created in a session we follow.
      this.createOutboundLeg(webhook, id, sibling);
      return;
    }
    if (this.pendingDials.size > 0) this.keepEarly(webhook);
    else this.skip(webhook, 'an outgoing leg this client did not dial');
  }

  private createIncoming(webhook: DecodedWebhook, id: string): void {
    const at = this.engine.now();
    const call: TelnyxCall = {
      ...this.newCall('inbound', 'incoming', this.legOf(webhook, id), this.clientStateOf(webhook)),
      expiresAt: at + this.options.incomingTimeoutMs,
    };
    const callerIdName = textField(webhook.payload, 'caller_id_name');
    const withName =
      callerIdName === undefined ? call : { ...call, details: { ...call.details, callerIdName } };
    this.track(this.stamped(withName, webhook), (tracked) =>
      Object.freeze({ type: 'incoming', call: tracked, ...this.base(webhook, id) }),
    );
  }

  private createOutboundLeg(webhook: DecodedWebhook, id: string, sibling: string): void {
    const transferredFrom = this.index.takeTransfer(webhook.callSessionId ?? '') ?? sibling;
    const call = this.newCall('outbound', 'ringing', this.legOf(webhook, id), {
      ...this.clientStateOf(webhook),
    });
    this.track(
      this.stamped({ ...call, details: { ...call.details, transferredFrom } }, webhook),
      (tracked) => Object.freeze({ type: 'initiated', call: tracked, ...this.base(webhook, id) }),
    );
  }

  // ---- events on a tracked call -----------------------------------------------------------

  private applyToCall(webhook: DecodedWebhook, call: TelnyxCall): void {
    const { callId } = call;
    switch (webhook.eventType) {
      case 'call.answered':
        this.moveTo(webhook, call, 'answered');
        return;
      case 'call.bridged':
        this.onBridged(webhook, call);
        return;
      case 'call.hangup':
        this.onHangup(webhook, call);
        return;
      case 'call.hold':
      case 'call.unhold':
        this.onHold(webhook, call, webhook.eventType === 'call.hold');
        return;
      case 'call.dtmf.received': {
        const digit = textField(webhook.payload, 'digit', 8);
        if (digit === undefined || !DTMF.test(digit)) {
          this.skip(webhook, 'no valid digit');
          return;
        }
        // Digits change nothing about the call: no new snapshot (the hot path of an IVR).
        this.engine.emit(
          Object.freeze({ type: 'dtmf', digits: digit, call, ...this.base(webhook, callId) }),
        );
        return;
      }
      default:
        this.onOther(webhook, call);
    }
  }

  private moveTo(webhook: DecodedWebhook, call: TelnyxCall, state: 'answered'): void {
    if (this.isLate(call, webhook) || (call.state !== 'incoming' && call.state !== 'ringing')) {
      this.skip(webhook, `late or repeated (the call is ${call.state})`);
      return;
    }
    const at = this.engine.now();
    this.engine.update(
      call.callId,
      (current) => this.stamped(withState(current, state, at), webhook),
      (next) => Object.freeze({ type: state, call: next, ...this.base(webhook, call.callId) }),
    );
  }

  private onBridged(webhook: DecodedWebhook, call: TelnyxCall): void {
    if (this.isLate(call, webhook)) {
      this.skip(webhook, 'late');
      return;
    }
    const at = this.engine.now();
    const peer = this.index.peerOf(call, (id) => this.engine.get(id));
    const rebridge =
      call.state === 'bridged' && peer !== undefined && peer !== call.details.bridgedWith;
    if (call.state === 'bridged' && !rebridge) {
      this.skip(webhook, 'already bridged');
      return;
    }
    this.engine.update(
      call.callId,
      (current) => {
        const next = this.stamped(withState(current, 'bridged', at), webhook);
        return peer === undefined
          ? next
          : { ...next, details: { ...next.details, bridgedWith: peer } };
      },
      (next) =>
        Object.freeze({
          type: 'bridged',
          rebridge,
          call: next,
          ...this.base(webhook, call.callId),
        }),
    );
  }

  private onHold(webhook: DecodedWebhook, call: TelnyxCall, held: boolean): void {
    if (this.isLate(call, webhook) || (call.held ?? false) === held) {
      this.skip(webhook, 'late or repeated hold change');
      return;
    }
    this.engine.update(
      call.callId,
      (current) => ({ ...this.stamped(current, webhook), held, updatedAt: this.engine.now() }),
      (next) =>
        Object.freeze({ type: 'hold', held, call: next, ...this.base(webhook, call.callId) }),
    );
  }

  /** Terminal wins: the leg ends whatever state it was in; a bridged peer that stays up is unbridged. */
  private onHangup(webhook: DecodedWebhook, call: TelnyxCall): void {
    const { payload } = webhook;
    const at = this.engine.now();
    const hangupCause = textField(payload, 'hangup_cause');
    const hangupSource = textField(payload, 'hangup_source');
    const sipHangupCause =
      textField(payload, 'sip_hangup_cause') ??
      (typeof payload.sip_hangup_cause === 'number' ? String(payload.sip_hangup_cause) : undefined);
    const outcome = telnyxOutcome(hangupCause);
    const endedBy = telnyxEndedBy(hangupSource, call.direction);
    const reason: CallEndReason = this.rejecting.has(call.callId) ? 'rejected' : 'hangup';
    const facts = {
      ...(hangupCause === undefined ? {} : { hangupCause }),
      ...(outcome === undefined ? {} : { outcome }),
      ...(endedBy === undefined ? {} : { endedBy }),
    };
    this.engine.batch(() => {
      this.engine.update(
        call.callId,
        (current) => {
          const next = this.stamped(withState(current, 'hangup', at), webhook);
          return {
            ...next,
            ...facts,
            details: {
              ...next.details,
              ...(hangupSource === undefined ? {} : { hangupSource }),
              ...(sipHangupCause === undefined ? {} : { sipHangupCause }),
            },
          };
        },
        (next): HangupEvent<TelnyxCall> =>
          Object.freeze({
            type: 'hangup',
            call: next,
            ...facts,
            ...this.base(webhook, call.callId),
          }),
      );
      this.unbridgeSurvivors(call, webhook);
      this.engine.remove(call.callId, reason, webhook.data);
    });
  }

  /**
   * Telnyx has no "unbridged" event: when a bridged leg ends, its peer moves to `unbridged`
   * (it then either gets its own `call.hangup`, or stays parked/held per the bridge options).
   */
  private unbridgeSurvivors(ended: TelnyxCall, webhook: DecodedWebhook): void {
    const at = this.engine.now();
    const endedId = ended.callId;
    for (const peerId of this.index.bridgedTo(endedId, ended.details.callSessionId)) {
      const peer = this.engine.get(peerId);
      if (peer?.state !== 'bridged') continue;
      const linked = peer.details.bridgedWith;
      if (linked !== undefined && linked !== endedId) continue;
      this.engine.update(
        peerId,
        (current) => {
          const { bridgedWith: _gone, ...details } = current.details;
          return { ...withState(current, 'unbridged', at), details };
        },
        (next) =>
          Object.freeze({
            type: 'unbridged',
            rebridge: false,
            call: next,
            ...this.base(webhook, peerId),
          }),
      );
    }
  }

  private onOther(webhook: DecodedWebhook, call: TelnyxCall): void {
    const name = webhook.eventType;
    if (!isBackendEventName(name)) {
      this.engine.emit(
        Object.freeze({ type: 'unknown', event: name, call, ...this.base(webhook, call.callId) }),
      );
      return;
    }
    const patch = this.detailsPatch(webhook);
    const current =
      patch === undefined
        ? call
        : (this.engine.update(call.callId, (latest) => ({
            ...latest,
            updatedAt: this.engine.now(),
            details: { ...latest.details, ...patch },
          })) ?? call);
    const event = buildBackendEvent(webhook, call.callId, current, this.engine.now());
    this.engine.emit(event);
    this.options.onBackendEvent(event);
  }

  /** The `details` a Telnyx-only event changes, if any. */
  private detailsPatch(webhook: DecodedWebhook): Partial<TelnyxCallDetails> | undefined {
    const name = webhook.eventType;
    if (name.startsWith('call.machine.') && name.endsWith('.ended')) {
      const result = textField(webhook.payload, 'result');
      return result === undefined ? undefined : { machineDetection: result };
    }
    if (name === 'call.recording.saved' || name === 'call.recording.error')
      return { recording: false };
    return undefined;
  }

  /** Marks whether a recording runs on `callId` (after `recordStart` / `recordStop`). */
  setRecording(callId: string, recording: boolean): void {
    this.engine.update(callId, (call) => ({
      ...call,
      updatedAt: this.engine.now(),
      details: { ...call.details, recording },
    }));
  }

  // ---- untracked legs ---------------------------------------------------------------------

  private onUntracked(webhook: DecodedWebhook, id: string | undefined): void {
    // A call that just left calls$ still gets its media and recording events (their waiters).
    if (id !== undefined && this.ended.has(id)) {
      if (isBackendEventName(webhook.eventType)) {
        const event = buildBackendEvent(webhook, id, undefined, this.engine.now());
        this.engine.emit(event);
        this.options.onBackendEvent(event);
      } else {
        this.skip(webhook, 'the call already ended');
      }
      return;
    }
    if (this.pendingDials.size > 0 && webhook.callControlId !== undefined) {
      this.keepEarly(webhook);
      return;
    }
    this.markEnded(webhook);
    this.skip(webhook, 'no tracked call');
  }

  /** A `call.hangup` for a leg not tracked: that leg must never be tracked later (late events). */
  private markEnded(webhook: DecodedWebhook): void {
    if (webhook.eventType === 'call.hangup' && webhook.callControlId !== undefined) {
      this.ended.set(webhook.callControlId, true);
    }
  }

  private keepEarly(webhook: DecodedWebhook): void {
    this.early.push(webhook);
    if (this.early.length > MAX_EARLY) this.early.shift();
  }

  // ---- helpers ----------------------------------------------------------------------------

  private resolve(webhook: DecodedWebhook): string | undefined {
    if (webhook.callControlId !== undefined) return webhook.callControlId;
    return webhook.callLegId === undefined ? undefined : this.index.byLeg(webhook.callLegId);
  }

  private track(call: TelnyxCall, event?: Parameters<CallEngine<TelnyxCall>['track']>[1]): void {
    const tracked = this.engine.track(call, event);
    this.index.add(tracked);
    this.seen.set(tracked.callId, this.engine.now());
  }

  private newCall(
    direction: 'inbound' | 'outbound',
    state: 'incoming' | 'ringing',
    leg: DialedLeg,
    clientState: { text?: string; raw?: string },
  ): TelnyxCall {
    const at = this.engine.now();
    return {
      callId: leg.callControlId,
      state,
      direction,
      from: leg.from,
      to: leg.to,
      createdAt: at,
      updatedAt: at,
      timestamps: { [state]: at },
      details: {
        callControlId: leg.callControlId,
        callLegId: leg.callLegId,
        callSessionId: leg.callSessionId,
        connectionId: leg.connectionId,
        ...(clientState.text === undefined ? {} : { clientState: clientState.text }),
        ...(clientState.raw === undefined ? {} : { clientStateRaw: clientState.raw }),
      },
    };
  }

  private legOf(webhook: DecodedWebhook, id: string): DialedLeg {
    const { payload } = webhook;
    return {
      callControlId: id,
      callLegId: webhook.callLegId ?? '',
      callSessionId: webhook.callSessionId ?? '',
      connectionId: textField(payload, 'connection_id') ?? '',
      from: textField(payload, 'from') ?? '',
      to: textField(payload, 'to') ?? '',
    };
  }

  private clientStateOf(webhook: DecodedWebhook): { text?: string; raw?: string } {
    return decodeClientState(webhook.payload.client_state);
  }

  /** Records the event's `occurred_at` (and a newer `client_state`) on the snapshot. */
  private stamped(call: TelnyxCall, webhook: DecodedWebhook): TelnyxCall {
    const details: { -readonly [K in keyof TelnyxCallDetails]: TelnyxCallDetails[K] } = {
      ...call.details,
      lastEventAt: Math.max(call.details.lastEventAt ?? 0, webhook.occurredAt),
    };
    if ('client_state' in webhook.payload) {
      const { text, raw } = this.clientStateOf(webhook);
      delete details.clientState;
      delete details.clientStateRaw;
      if (text !== undefined) details.clientState = text;
      if (raw !== undefined) details.clientStateRaw = raw;
    }
    return { ...call, details };
  }

  /** A state event older than the newest one applied (reordered delivery): never move back. */
  private isLate(call: TelnyxCall, webhook: DecodedWebhook): boolean {
    const last = call.details.lastEventAt;
    return last !== undefined && webhook.occurredAt < last;
  }

  private base(webhook: DecodedWebhook, callId: string): EventBase {
    return {
      callId,
      receivedAt: this.engine.now(),
      occurredAt: webhook.occurredAt,
      raw: webhook.data,
    };
  }

  private skip(webhook: DecodedWebhook, why: string): void {
    this.options.logger.debug('webhook skipped', {
      eventType: webhook.eventType,
      eventId: webhook.id,
      why,
    });
  }
}
