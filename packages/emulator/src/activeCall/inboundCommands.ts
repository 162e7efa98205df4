import { CommandFailure } from './commandFailure';
import type { CallOption, Command } from './commands';
import type { AcContext } from './context';
import { attendee } from './format';
import type { PendingInbound } from './inboundStore';
import { answered, mergeOption, startMainTrack } from './outbound';
import { rtpSdp } from './sdp';
import type { AcSession } from './session';
import { LOCAL_END } from './teardown';

type RingingCommand = Extract<Command, { command: 'ringing' }>;

/** The pending call this session may take: its id must equal the dialog id (§6.3). */
function pendingFor(ctx: AcContext, session: AcSession): PendingInbound | undefined {
  const pending = ctx.inbound.get(session.id);
  if (!pending) return undefined;
  return pending.rungBy === undefined || pending.rungBy === session.id ? pending : undefined;
}

/** Only SIP sessions set up media for an inbound SIP call; other paths fail the handshake. */
function requireSip(session: AcSession, sender: string): void {
  if (session.callType === 'sip') return;
  session.emit('error', {
    trackId: session.id,
    sender,
    error: 'Failed to setup track: an inbound SIP call needs a /call/sip session',
  });
  throw new CommandFailure(`${sender} failed: not a SIP session`, LOCAL_END);
}

function takeOver(session: AcSession, pending: PendingInbound): void {
  session.direction = 'inbound';
  session.callAttempted = true;
  session.from = attendee(pending.caller);
  session.to = attendee(pending.callee);
  session.startTime = pending.createdAt;
}

/**
 * `ringing` (§3.2): media is prepared (`trackStart` of the main track), the caller hears 180,
 * or 183 with SDP when `earlyMedia` or a `ringtone` is given; a ringtone plays on the
 * server-side track. No `ringing` event. Without a pending call the set-up fails.
 */
export async function ringing(
  ctx: AcContext,
  session: AcSession,
  command: RingingCommand,
): Promise<void> {
  const pending = pendingFor(ctx, session);
  if (!pending) {
    session.emit('error', { trackId: session.id, sender: 'ringing', error: 'no pending call' });
    throw new CommandFailure('no pending call to ringing', LOCAL_END);
  }
  requireSip(session, 'ringing');
  if (!(await session.sleep(ctx.options.timing.setupMs))) return;
  // The deadline may have passed, or the caller cancelled, while media was prepared.
  if (ctx.inbound.get(session.id) !== pending) return;
  takeOver(session, pending);
  pending.rungBy = session.id;
  if (session.state === 'idle') {
    session.state = 'ringing';
    session.rungFirst = true;
    session.ringTime = Date.now();
  }
  const earlyMedia = command.earlyMedia === true || command.ringtone !== undefined;
  ctx.inbound.record({ dialogId: pending.dialogId, state: 'ringing', earlyMedia });
  startMainTrack(session);
  if (command.ringtone !== undefined) session.track.play(command.ringtone, undefined);
}

/**
 * `accept` (§3.2): 200 OK, then `answer` with the server's SDP (`trackStart` first when no
 * `ringing` preceded). Without a pending call: `reject` 486 "no pending call", an `error`, end.
 */
export async function accept(
  ctx: AcContext,
  session: AcSession,
  option: CallOption,
): Promise<void> {
  const pending = pendingFor(ctx, session);
  if (!pending) {
    session.emit('reject', {
      trackId: session.id,
      reason: 'no pending call',
      code: 486,
      refer: false,
    });
    throw new CommandFailure('no pending call to accept', LOCAL_END);
  }
  requireSip(session, 'accept');
  if (!(await session.sleep(ctx.options.timing.acceptMs))) return;
  if (!ctx.inbound.take(session.id, { state: 'accepted' })) {
    session.emit('reject', {
      trackId: session.id,
      reason: 'no pending call',
      code: 486,
      refer: false,
    });
    throw new CommandFailure('no pending call to accept', LOCAL_END);
  }
  takeOver(session, pending);
  session.option = mergeOption(session.option, option);
  startMainTrack(session);
  answered(session, rtpSdp());
}

/**
 * `reject` (§3.2): the pending call is refused with the given SIP code and reason; no event,
 * the socket stays open. A silent no-op when nothing is pending.
 */
export function reject(ctx: AcContext, session: AcSession, reason: string, code?: number): void {
  const pending = pendingFor(ctx, session);
  if (!pending) return;
  ctx.inbound.take(pending.dialogId, {
    state: 'rejected',
    reason,
    ...(code === undefined ? {} : { code }),
  });
  ctx.logger.info('inbound call rejected', { dialogId: pending.dialogId, code, reason });
}
