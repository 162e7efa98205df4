import { EmulatorError } from '../errors';
import type { AcContext } from './context';
import { builtIn } from './hangupReason';
import type { AcSession } from './session';
import { endSession } from './teardown';
import type { ActiveCallRemote, SpeakOptions } from './types';

/** Longest simulated utterance, in characters. */
export const MAX_SPEECH_CHARS = 2000;
/** Most digits one `pressDigits` call may press. */
export const MAX_DIGITS = 64;
/** Utterances and digit sequences one session may have queued or running. */
export const MAX_REMOTE_ACTIONS = 32;

/** Counts a remote-party action against the session's cap; false when the cap is reached. */
function reserveAction(ctx: AcContext, session: AcSession): boolean {
  if (session.remoteActions >= MAX_REMOTE_ACTIONS) {
    ctx.logger.warn('remote party busy: action refused', { session: session.id });
    return false;
  }
  session.remoteActions += 1;
  return true;
}

/** The remote party of an answered call hangs up (BYE from the far end). */
export function remoteHangsUp(ctx: AcContext, session: AcSession): void {
  // We were the UAC of an outbound call, so the far end is the callee; inbound, the caller.
  const end =
    session.direction === 'inbound'
      ? { reason: builtIn('ByCaller'), initiator: 'caller' }
      : { reason: builtIn('ByCallee'), initiator: 'callee' };
  endSession(ctx, session, end);
}

/** One `dtmf` event per digit, `digitGapMs` apart, off the command queue. */
export function pressDigitsNow(ctx: AcContext, session: AcSession, digits: string): boolean {
  if (!reserveAction(ctx, session)) return false;
  void (async () => {
    try {
      for (const digit of digits) {
        if (!(await session.sleep(ctx.options.timing.digitGapMs))) return;
        session.emit('dtmf', { trackId: session.id, digit });
      }
    } finally {
      session.remoteActions -= 1;
    }
  })();
  return true;
}

/** Which speech processors the call has (§4.1): VAD with `vad`, ASR with `asr`. */
function processors(ctx: AcContext, session: AcSession): { vad: boolean; asr: boolean } {
  if (session.rungFirst && !ctx.options.asrAfterRinging) return { vad: false, asr: false };
  const vad = session.option?.vad;
  return {
    // Only the built-in silero VAD emits events; any other type is a no-op VAD.
    vad: vad !== undefined && (vad.type ?? 'silero') === 'silero',
    asr: session.option?.asr !== undefined,
  };
}

/** Word counts at which the partial transcripts are cut. */
function partialCuts(words: number, partials: number): number[] {
  const cuts: number[] = [];
  for (let i = 1; i <= partials; i += 1)
    cuts.push(Math.max(1, Math.round((i * words) / (partials + 1))));
  return cuts;
}

/** One utterance of simulated user speech (§11 item 3). */
async function utter(
  ctx: AcContext,
  session: AcSession,
  text: string,
  options: SpeakOptions,
  enabled: { vad: boolean; asr: boolean },
): Promise<void> {
  const t = ctx.options.timing;
  const words = text.trim().split(/\s+/);
  const partials = options.partials ?? Math.min(words.length - 1, 8);
  const confidence = options.confidence === undefined ? {} : { confidence: options.confidence };
  const index = session.asrIndex;
  session.asrIndex += 1;
  const trackId = session.id;
  const startTime = Date.now();
  session.remoteSpeaking += 1;
  session.audio.start();
  try {
    if (enabled.vad) session.emit('speaking', { trackId, startTime, ...confidence });
    let spoken = 0;
    for (const cut of partialCuts(words.length, partials)) {
      if (!(await session.sleep(t.asrWordMs * Math.max(1, cut - spoken)))) return;
      spoken = cut;
      if (enabled.asr) {
        session.emit('asrDelta', {
          trackId,
          index,
          startTime,
          endTime: Date.now(),
          text: words.slice(0, cut).join(' '),
          ...confidence,
        });
      }
    }
    const rest = Math.max(0, words.length - spoken) * t.asrWordMs + t.asrFinalMs;
    if (!(await session.sleep(rest))) return;
    const endTime = Date.now();
    if (enabled.asr) {
      session.emit('asrFinal', { trackId, index, startTime, endTime, text, ...confidence });
    }
    if (enabled.vad) session.emit('silence', { trackId, startTime, duration: endTime - startTime });
    if (enabled.asr) {
      const provider = session.option?.asr?.provider ?? 'unknown';
      session.emit('metrics', {
        key: `completed.asr.${provider}`,
        duration: endTime - startTime,
        data: { index },
      });
    }
  } finally {
    session.remoteSpeaking -= 1;
  }
}

function answeredSession(ctx: AcContext, id: string): AcSession | undefined {
  const session = ctx.sessions.get(id);
  return session && !session.ending && session.state === 'answered' ? session : undefined;
}

/** The remote-party controls of {@link ActiveCallEmulator.remote}. */
export function createRemote(ctx: AcContext): ActiveCallRemote {
  return {
    hangup(id) {
      const session = ctx.sessions.get(id);
      if (session && !session.ending && session.state === 'answered') {
        remoteHangsUp(ctx, session);
        return true;
      }
      if (session?.declineRinging) {
        session.declineRinging({ code: 603, reason: 'Decline' });
        return true;
      }
      // The caller of a pending inbound call gives up (CANCEL).
      const pending = ctx.inbound.take(id, { state: 'cancelled' });
      if (!pending) return false;
      const rung = pending.rungBy === undefined ? undefined : ctx.sessions.get(pending.rungBy);
      if (rung && !rung.ending) {
        endSession(ctx, rung, { reason: builtIn('Canceled'), initiator: 'caller' });
      }
      return true;
    },
    pressDigits(id, digits) {
      if (typeof digits !== 'string' || !new RegExp(`^[0-9*#A-D]{1,${MAX_DIGITS}}$`).test(digits)) {
        throw new EmulatorError(
          'INVALID_ARGUMENT',
          `pressDigits: 1 to ${MAX_DIGITS} of 0-9 * # A-D are needed`,
        );
      }
      const session = answeredSession(ctx, id);
      if (!session) return false;
      return pressDigitsNow(ctx, session, digits);
    },
    speak(id, text, options = {}) {
      if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_SPEECH_CHARS) {
        throw new EmulatorError(
          'INVALID_ARGUMENT',
          `speak: text must be non-empty and at most ${MAX_SPEECH_CHARS} characters`,
        );
      }
      const { partials, confidence } = options;
      if (
        partials !== undefined &&
        (!Number.isInteger(partials) || partials < 0 || partials > 64)
      ) {
        throw new EmulatorError(
          'INVALID_ARGUMENT',
          'speak: partials must be an integer from 0 to 64',
        );
      }
      if (
        confidence !== undefined &&
        (typeof confidence !== 'number' || !Number.isFinite(confidence))
      ) {
        throw new EmulatorError('INVALID_ARGUMENT', 'speak: confidence must be a finite number');
      }
      const session = answeredSession(ctx, id);
      if (!session) return false;
      const enabled = processors(ctx, session);
      if (!enabled.vad && !enabled.asr) return false;
      if (!reserveAction(ctx, session)) return false;
      session.speech = session.speech
        .then(() => utter(ctx, session, text, options, enabled))
        .finally(() => {
          session.remoteActions -= 1;
        })
        .catch((error: unknown) => ctx.logger.error('speech failed', { error: String(error) }));
      return true;
    },
    hold(id, onHold) {
      if (typeof onHold !== 'boolean') {
        throw new EmulatorError('INVALID_ARGUMENT', 'hold: onHold must be a boolean');
      }
      const session = answeredSession(ctx, id);
      if (!session) return false;
      session.emit('hold', { trackId: session.id, onHold });
      return true;
    },
  };
}
