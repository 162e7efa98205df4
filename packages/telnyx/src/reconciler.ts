import type { CallEndReason, CallstreamError } from '@callstream/core';
import { isTelnyxError } from './codes';

/** What a {@link Reconciler} asks and tells. */
export interface ReconcilerDeps {
  /** Whether `callId` is tracked and may be checked (unclaimed offers expire by themselves). */
  checkable(callId: string): boolean;
  /** Every tracked call that may be checked, with when it was last heard of. */
  candidates(): Iterable<readonly [callId: string, lastSeen: number]>;
  /** `GET /calls/{id}`: whether Telnyx says the leg is alive (rejects with a typed error). */
  status(callId: string): Promise<boolean>;
  /** The call is confirmed alive. */
  alive(callId: string): void;
  /** The call is gone: remove it for `reason`. */
  gone(callId: string, reason: CallEndReason): void;
  /** A check failed for another reason (network …): reported on `errors$`. */
  report(error: CallstreamError): void;
  /** Local clock. */
  now(): number;
}

/** Most status checks sent by one sweep (the others wait for the next). */
const MAX_CHECKS_PER_SWEEP = 20;

/**
 * Webhooks can be lost (dropped deliveries, an endpoint that was down, a crash), and Telnyx has
 * no replay. So a call that nothing has been heard of for `intervalMs`, and a call that should
 * have ended (`graceMs` after a hangup, a reject or a failed command), is checked with
 * `GET /calls/{id}`: a leg that is not alive any more leaves `calls$` (`hangup`; `not-found`
 * when Telnyx does not know it). A check that fails (network, a revoked key) is reported on
 * `errors$` once per kind of failure, not once per call and sweep, until a check is answered.
 * Every timer is released by {@link stop}.
 */
export class Reconciler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Set<string>();
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  /**
   * The code of the last failure reported: a revoked key or an outage fails every check the
   * same way, and one report says it (again only after a check got an answer).
   */
  private reportedCode: string | undefined;

  constructor(
    private readonly settings: { readonly intervalMs: number; readonly graceMs: number },
    private readonly deps: ReconcilerDeps,
  ) {}

  /** Pending timers (for leak checks). */
  get timerCount(): number {
    return this.timers.size + (this.sweepTimer === undefined ? 0 : 1);
  }

  /** Starts checking (on connect). */
  start(): void {
    this.active = true;
    this.reportedCode = undefined;
  }

  /** Stops checking and clears every timer (on close). */
  stop(): void {
    this.active = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    if (this.sweepTimer !== undefined) clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /** Checks `callId` `delayMs` from now (default `graceMs`) unless it leaves `calls$` first. */
  schedule(callId: string, delayMs = this.settings.graceMs): void {
    if (!this.active || this.timers.has(callId)) return;
    this.timers.set(
      callId,
      setTimeout(() => {
        this.timers.delete(callId);
        void this.check(callId);
      }, delayMs),
    );
  }

  /** The call left `calls$`: no check for it any more. */
  forget(callId: string): void {
    const timer = this.timers.get(callId);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(callId);
  }

  /** The number of tracked calls changed: the periodic sweep runs only while there are calls. */
  tableSize(size: number): void {
    if (size === 0 || !this.active) {
      if (this.sweepTimer !== undefined) clearTimeout(this.sweepTimer);
      this.sweepTimer = undefined;
      return;
    }
    if (this.sweepTimer !== undefined) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = undefined;
      this.sweep();
    }, this.settings.intervalMs);
  }

  private sweep(): void {
    if (!this.active) return;
    const quietSince = this.deps.now() - this.settings.intervalMs;
    let remaining = false;
    let sent = 0;
    for (const [callId, lastSeen] of this.deps.candidates()) {
      remaining = true;
      if (lastSeen > quietSince || this.timers.has(callId) || this.running.has(callId)) continue;
      if (sent >= MAX_CHECKS_PER_SWEEP) break;
      sent += 1;
      void this.check(callId);
    }
    if (remaining) this.tableSize(1);
  }

  private async check(callId: string): Promise<void> {
    if (!this.active || this.running.has(callId) || !this.deps.checkable(callId)) return;
    this.running.add(callId);
    try {
      if (await this.deps.status(callId)) {
        this.reportedCode = undefined;
        this.deps.alive(callId);
      } else this.answered(callId, 'hangup');
    } catch (error) {
      if (isTelnyxError(error, 'call-not-found')) this.answered(callId, 'not-found');
      else if (isTelnyxError(error, 'call-ended')) this.answered(callId, 'hangup');
      else if (!isTelnyxError(error, 'closed') && this.active)
        this.failed(error as CallstreamError);
    } finally {
      this.running.delete(callId);
    }
  }

  /** Telnyx answered that the call is over. */
  private answered(callId: string, reason: CallEndReason): void {
    this.reportedCode = undefined;
    this.deps.gone(callId, reason);
  }

  private failed(error: CallstreamError): void {
    if (error.code === this.reportedCode) return;
    this.reportedCode = error.code;
    this.deps.report(error);
  }
}
