import { type ParsedScenario, parseScenario } from '../scenario';
import { AUDIO_CODECS, type AudioCodec } from './audio';
import { CommandFailure } from './commandFailure';
import type { CallOption } from './commands';
import type { AcContext } from './context';
import { attendee, newSsrc, userPart, withSipScheme } from './format';
import { builtIn } from './hangupReason';
import { pressDigitsNow, remoteHangsUp } from './remoteParty';
import { rtpSdp, SdpError, webrtcAnswerSdp } from './sdp';
import type { AcSession, Decline } from './session';
import { LOCAL_END } from './teardown';

/** Caller of an outbound call that names none (the server's default). */
export const DEFAULT_OUTBOUND_CALLER = 'sip:active-call@127.0.0.1';

/** Options given later fill in; the fields they leave out keep their earlier values. */
export function mergeOption(existing: CallOption | undefined, incoming: CallOption): CallOption {
  return { ...existing, ...incoming };
}

/** The main (remote party) track is set up: `trackStart` with the session id. */
export function startMainTrack(session: AcSession): void {
  if (session.mainTrack) return;
  session.mainTrack = { startedAt: Date.now(), ssrc: newSsrc() };
  session.emit('trackStart', { trackId: session.id });
}

/** The call is answered: `answer` with the remote (or server) SDP. */
export function answered(session: AcSession, sdp: string): void {
  session.declineRinging = undefined;
  session.state = 'answered';
  session.answerTime = Date.now();
  session.emit('answer', { trackId: session.id, sdp, refer: false });
}

/** Fails the set-up: `error` from `sender`, then (via the dispatcher) `error` from `command` and the end. */
function setupFailure(session: AcSession, sender: string, message: string): CommandFailure {
  session.emit('error', { trackId: session.id, sender, error: message });
  return new CommandFailure(message, LOCAL_END);
}

/** Waits while the call rings; the remote party may decline meanwhile. */
function ringWait(session: AcSession, ms: number): Promise<'elapsed' | 'ended' | Decline> {
  return new Promise((resolve) => {
    session.declineRinging = resolve;
    void session.sleep(ms).then((completed) => resolve(completed ? 'elapsed' : 'ended'));
  });
}

/** A SIP final failure: `reject`, `error` (sender `invite`), then the session ends. */
function finalFailure(session: AcSession, decline: Decline): CommandFailure {
  session.declineRinging = undefined;
  session.emit('reject', {
    trackId: session.id,
    reason: decline.reason,
    code: decline.code,
    refer: false,
  });
  session.emit('error', {
    trackId: session.id,
    sender: 'invite',
    error: `${decline.reason} (${decline.code})`,
  });
  return new CommandFailure(`invite failed: ${decline.code} ${decline.reason}`, {
    reason: builtIn('ByCallee'),
    initiator: 'callee',
  });
}

/** The remote party's final answer per scenario, and when it comes (after ringing). */
function remoteAnswer(
  ctx: AcContext,
  scenario: ParsedScenario | undefined,
): { afterMs: number; decline?: Decline } {
  const t = ctx.options.timing;
  switch (scenario?.kind) {
    case 'answer':
      return { afterMs: scenario.param ?? t.answerMs };
    case 'busy':
      return { afterMs: 0, decline: { code: 486, reason: 'Busy Here' } };
    case 'reject':
      return { afterMs: 0, decline: { code: 603, reason: 'Decline' } };
    case 'noAnswer':
      return {
        afterMs: scenario.param ?? t.noAnswerMs,
        decline: { code: 480, reason: 'Temporarily Unavailable' },
      };
    default:
      return { afterMs: t.answerMs };
  }
}

/** What the remote party does after answering (remote hangup, digits), off the command queue. */
function afterAnswer(
  ctx: AcContext,
  session: AcSession,
  scenario: ParsedScenario | undefined,
): void {
  const t = ctx.options.timing;
  if (scenario?.kind === 'remoteHangup') {
    const after = scenario.param ?? t.remoteHangupMs;
    void session.sleep(after).then((completed) => {
      if (completed) remoteHangsUp(ctx, session);
    });
  } else if (scenario?.kind === 'pressDigits') {
    pressDigitsNow(ctx, session, scenario.param);
  }
}

async function sipInvite(ctx: AcContext, session: AcSession, option: CallOption): Promise<void> {
  const callee = option.callee;
  if (callee === undefined || callee.trim() === '') {
    throw setupFailure(session, 'invite', 'callee is required for a SIP invite');
  }
  const t = ctx.options.timing;
  const caller = withSipScheme(option.caller ?? DEFAULT_OUTBOUND_CALLER);
  session.direction = 'outbound';
  session.state = 'inviting';
  session.callAttempted = true;
  session.from = attendee(caller);
  session.to = attendee(callee);
  session.startTime = Date.now();
  if (!(await session.sleep(t.setupMs))) return;
  startMainTrack(session);
  const scenario = parseScenario(userPart(callee));
  if (scenario?.kind === 'noResource') {
    throw finalFailure(session, { code: 503, reason: 'Service Unavailable' });
  }
  if (scenario?.kind === 'slowGateway') {
    if (!(await session.sleep(scenario.param ?? t.slowGatewayMs))) return;
  }
  for (let ring = 0; ring < ctx.options.ringCount; ring += 1) {
    const outcome = await ringWait(session, t.ringMs);
    if (outcome === 'ended') return;
    if (outcome !== 'elapsed') throw finalFailure(session, outcome);
    session.state = 'ringing';
    session.ringTime ??= Date.now();
    session.emit('ringing', { trackId: session.id, earlyMedia: false, refer: false });
  }
  const plan = remoteAnswer(ctx, scenario);
  const outcome = await ringWait(session, plan.afterMs);
  if (outcome === 'ended') return;
  if (outcome !== 'elapsed') throw finalFailure(session, outcome);
  if (plan.decline) throw finalFailure(session, plan.decline);
  answered(session, rtpSdp());
  afterAnswer(ctx, session, scenario);
}

async function webrtcInvite(ctx: AcContext, session: AcSession, option: CallOption): Promise<void> {
  let sdp: string;
  try {
    sdp = webrtcAnswerSdp(option.offer ?? '');
  } catch (error) {
    const detail = error instanceof SdpError ? error.message : String(error);
    throw setupFailure(session, 'invite', `Failed to setup track: ${detail}`);
  }
  session.direction = 'outbound';
  session.state = 'inviting';
  session.callAttempted = true;
  if (option.caller !== undefined) session.from = attendee(option.caller);
  if (option.callee !== undefined) session.to = attendee(option.callee);
  if (!(await session.sleep(ctx.options.timing.webrtcHandshakeMs))) return;
  startMainTrack(session);
  answered(session, sdp);
}

async function websocketInvite(
  ctx: AcContext,
  session: AcSession,
  option: CallOption,
): Promise<void> {
  const codec = option.codec ?? 'pcm';
  if (!AUDIO_CODECS.includes(codec as AudioCodec)) {
    throw setupFailure(session, 'invite', `unsupported codec: ${codec}`);
  }
  session.codec = codec as AudioCodec;
  session.direction = 'outbound';
  session.state = 'inviting';
  session.callAttempted = true;
  if (!(await session.sleep(ctx.options.timing.setupMs))) return;
  session.pipelineStarted = true;
  startMainTrack(session);
  answered(session, '');
}

/**
 * `invite` (§3.1): an outbound SIP call played by the scenario of its callee, a WebRTC
 * offer/answer, or the start of `/call` audio. Blocks the command queue until answered or failed.
 */
export async function invite(
  ctx: AcContext,
  session: AcSession,
  option: CallOption,
): Promise<void> {
  if (session.state !== 'idle') {
    throw new CommandFailure(
      session.callType === 'websocket'
        ? 'no track created for caller'
        : 'the call is already set up',
    );
  }
  session.option = mergeOption(session.option, option);
  switch (session.callType) {
    case 'sip':
      return sipInvite(ctx, session, option);
    case 'webrtc':
      return webrtcInvite(ctx, session, option);
    case 'websocket':
      return websocketInvite(ctx, session, option);
  }
}
