import type { CallEngine } from '../engine/callEngine';
import { RecentMap } from '../engine/recentMap';
import { createError } from '../errors';
import type { Logger } from '../logger';
import type { Call } from './call';
import type { CmCallTracker, DialDraft } from './callTracker';
import { judgeReply } from './protocol/replies';
import type { WireObject } from './protocol/wire';

/**
 * Replies that arrive after their command gave up (timeout or abort). Most are simply dropped,
 * but two mean the server did something the client must not lose: a dial that placed a call
 * (`late-dial`) and an accept that claimed one (`late-accept`). Both are remembered here, by
 * request id, for the last 1,024 commands that gave up.
 */
export class LateReplies {
  readonly #dials = new RecentMap<string, DialDraft>();
  readonly #accepts = new RecentMap<string, { callId: string; claim: (call: Call) => Call }>();
  readonly #engine: CallEngine<Call>;
  readonly #tracker: CmCallTracker;
  readonly #logger: Logger;

  constructor(engine: CallEngine<Call>, tracker: CmCallTracker, logger: Logger) {
    this.#engine = engine;
    this.#tracker = tracker;

    this.#logger = logger;
  }

  /** A dial that gave up: if its reply comes after all, the call it placed is tracked. */
  rememberDial(requestId: string, draft: DialDraft): void {
    this.#dials.set(requestId, draft);
  }

  /** An accept that gave up: if its reply comes after all and succeeded, the call is claimed. */
  rememberAccept(requestId: string, callId: string, claim: (call: Call) => Call): void {
    this.#accepts.set(requestId, { callId, claim });
  }

  /** Handles a reply whose command had already given up. */
  handle(frame: WireObject): void {
    const requestId = frame.request_id as string;
    const dial = this.#dials.take(requestId);
    const accept = dial ? undefined : this.#accepts.take(requestId);
    if (dial) this.#lateDial(frame, requestId, dial);
    else if (accept) this.#lateAccept(frame, requestId, accept.callId, accept.claim);
    else this.#logger.debug('late reply discarded', { requestId });
  }

  #lateDial(frame: WireObject, requestId: string, draft: DialDraft): void {
    const reply = judgeReply(frame, 'outbound', requestId);
    const callId = reply instanceof Error ? undefined : reply.data.callid;
    if (typeof callId !== 'string' || callId === '') {
      this.#logger.debug('late reply discarded', { requestId });
      return;
    }
    this.#engine.batch(() => {
      this.#tracker.trackLateDial(draft, callId);
      this.#engine.report(
        createError(
          'late-dial',
          `a dial that had given up was placed after all: call ${callId} is tracked now`,
          { requestId, action: 'outbound', callId },
        ),
      );
    });
  }

  #lateAccept(
    frame: WireObject,
    requestId: string,
    callId: string,
    claim: (call: Call) => Call,
  ): void {
    if (judgeReply(frame, 'accept', requestId) instanceof Error) {
      this.#logger.debug('late reply discarded', { requestId });
      return;
    }
    const call = this.#engine.get(callId);
    const claimable = call !== undefined && call.direction === 'inbound' && !call.claimed;
    this.#engine.batch(() => {
      if (claimable) this.#engine.claim(callId, claim);
      this.#engine.report(
        createError(
          'late-accept',
          claimable
            ? `an accept that had given up succeeded after all: call ${callId} is claimed now`
            : `an accept that had given up succeeded after all, but call ${callId} had already left calls$: hang it up with { action: 'hangup' } if unwanted`,
          { requestId, action: 'accept', callId },
        ),
      );
    });
  }
}
