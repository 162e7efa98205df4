import { RecentMap } from '@callstream/core/engine';
import type { TelnyxCall } from './call';

/**
 * The tracker's secondary keys: legs by `call_leg_id` (`call.recording.saved` has no
 * `call_control_id`), calls by `call_session_id`, the bridges and transfers this client asked
 * for. Everything is dropped when its call leaves, so the index never outgrows the table.
 */
export class CallIndex {
  private readonly legs = new Map<string, string>();
  /** Legs of calls that left recently: their recording can still be saved after the hangup. */
  private readonly recentLegs = new RecentMap<string, string>(1024);
  private readonly sessions = new Map<string, Set<string>>();
  private readonly bridgePeers = new Map<string, string>();
  private readonly transfers = new Map<string, string>();

  /** Indexes a newly tracked call. */
  add(call: TelnyxCall): void {
    const { callLegId, callSessionId } = call.details;
    if (callLegId !== '') this.legs.set(callLegId, call.callId);
    if (callSessionId === '') return;
    let members = this.sessions.get(callSessionId);
    if (!members) {
      members = new Set();
      this.sessions.set(callSessionId, members);
    }
    members.add(call.callId);
  }

  /** Forgets a call that left the table (its leg id is remembered a while longer). */
  remove(call: TelnyxCall): void {
    const { callLegId, callSessionId } = call.details;
    if (this.legs.get(callLegId) === call.callId) {
      this.legs.delete(callLegId);
      this.recentLegs.set(callLegId, call.callId);
    }
    const members = this.sessions.get(callSessionId);
    members?.delete(call.callId);
    if (members?.size === 0) {
      this.sessions.delete(callSessionId);
      this.transfers.delete(callSessionId);
    }
    const peer = this.bridgePeers.get(call.callId);
    this.bridgePeers.delete(call.callId);
    if (peer !== undefined && this.bridgePeers.get(peer) === call.callId) {
      this.bridgePeers.delete(peer);
    }
  }

  /** The call a leg id belongs to (tracked, or recently removed). */
  byLeg(callLegId: string): string | undefined {
    return this.legs.get(callLegId) ?? this.recentLegs.get(callLegId);
  }

  /** A tracked call in `session`, if any. */
  sessionOwner(session: string): string | undefined {
    const members = this.sessions.get(session);
    return members === undefined ? undefined : members.values().next().value;
  }

  /** Our `bridge` of `a` with `b` was sent. */
  expectBridge(a: string, b: string): void {
    this.bridgePeers.set(a, b);
    this.bridgePeers.set(b, a);
  }

  /** Our `transfer` of `callId` (in `session`) was sent. */
  expectTransfer(session: string, callId: string): void {
    if (session !== '') this.transfers.set(session, callId);
  }

  /** The call whose transfer created the new leg in `session`, once. */
  takeTransfer(session: string): string | undefined {
    const from = this.transfers.get(session);
    this.transfers.delete(session);
    return from;
  }

  /**
   * Who `call` is bridged with, from what we know: our bridge command, the transfer that made
   * one of the two legs, else the only other tracked leg of its session.
   */
  peerOf(call: TelnyxCall, get: (callId: string) => TelnyxCall | undefined): string | undefined {
    const commanded = this.bridgePeers.get(call.callId);
    if (commanded !== undefined) return commanded;
    if (call.details.transferredFrom !== undefined) return call.details.transferredFrom;
    const others = [...(this.sessions.get(call.details.callSessionId) ?? [])].filter(
      (id) => id !== call.callId,
    );
    const transferLeg = others.find((id) => get(id)?.details.transferredFrom === call.callId);
    if (transferLeg !== undefined) return transferLeg;
    return others.length === 1 ? others[0] : undefined;
  }

  /** Tracked legs that may be bridged with `callId` (its session and its commanded peer). */
  bridgedTo(callId: string, session: string): string[] {
    const candidates = new Set(this.sessions.get(session) ?? []);
    const commanded = this.bridgePeers.get(callId);
    if (commanded !== undefined) candidates.add(commanded);
    candidates.delete(callId);
    return [...candidates];
  }
}
