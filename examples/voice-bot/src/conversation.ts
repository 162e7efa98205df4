import type {
  ActiveCallClient,
  ActiveCallIncomingCall,
  ActiveCallSession,
} from '@callstream/active-call';
import { lastValueFrom, merge, take } from 'rxjs';
import { CallerInputs } from './inputs';
import { type Intent, intentOfDigit, intentOfText } from './intents';
import type { VoiceBotSettings } from './options';
import type { BotOutcome } from './outcomes';
import { LINES, type LineName } from './script';

/** Where the outcomes of a conversation go. */
export type Report = (outcome: BotOutcome) => void;

/**
 * One call from answer to end: greet, then answer each final transcript or key press until the
 * caller leaves, asks for an agent (transfer) or stays silent too long. Never rejects: a failure
 * is reported as `failed`, and the call is hung up.
 */
export async function converse(
  client: ActiveCallClient,
  offer: ActiveCallIncomingCall,
  settings: VoiceBotSettings,
  report: Report,
): Promise<void> {
  const { callId } = offer;
  // The call's last snapshot tells how it ended (call$ completes when it leaves calls$).
  const last = lastValueFrom(client.call$(callId), { defaultValue: undefined });
  let inputs: CallerInputs | undefined;
  try {
    const { session } = await offer.accept({ option: settings.callOption });
    inputs = new CallerInputs(session);
    report({ kind: 'answered', callId, from: offer.from });
    await dialogue(client, session, inputs, settings, report);
  } catch (error) {
    report({ kind: 'failed', callId, message: (error as Error).message });
    await client.hangup(callId).catch(() => undefined);
  } finally {
    inputs?.end();
  }
  const final = await last;
  report({
    kind: 'ended',
    callId,
    reason: final?.endReason ?? 'unknown',
    ...(final?.outcome === undefined ? {} : { outcome: final.outcome }),
  });
}

/** The turns of the conversation; returns once the bot is done with the call. */
async function dialogue(
  client: ActiveCallClient,
  session: ActiveCallSession,
  inputs: CallerInputs,
  settings: VoiceBotSettings,
  report: Report,
): Promise<void> {
  const { callId } = session;
  const say = (line: LineName, bargeIn = true) => speak(session, line, bargeIn, report);
  let silentTurns = 0;
  let prompt: LineName = 'greeting';
  while (true) {
    if (!(await say(prompt))) return;
    const input = await inputs.next(settings.noInputMs);
    if (input.kind === 'gone') return;
    if (input.kind === 'silence') {
      silentTurns += 1;
      report({ kind: 'no-input', callId, count: silentTurns });
      if (silentTurns < settings.maxNoInput) {
        prompt = 'reprompt';
        continue;
      }
      await goodbye(session, say);
      return;
    }
    silentTurns = 0;
    let intent: Intent;
    if (input.kind === 'speech') {
      report({ kind: 'heard', callId, text: input.text });
      intent = intentOfText(input.text);
    } else {
      report({ kind: 'digit', callId, digit: input.digit });
      intent = intentOfDigit(input.digit);
    }
    report({ kind: 'intent', callId, intent });
    switch (intent) {
      case 'hours':
        prompt = 'hours';
        break;
      case 'unknown':
        prompt = input.kind === 'digit' ? 'badKey' : 'notUnderstood';
        break;
      case 'goodbye':
        await goodbye(session, say);
        return;
      case 'agent':
        if (await transfer(client, session, settings, say, report)) return;
        await goodbye(session, say);
        return;
    }
  }
}

/** Says the goodbye line (no barge-in: the caller is leaving) and hangs up. */
async function goodbye(
  session: ActiveCallSession,
  say: (line: LineName, bargeIn?: boolean) => Promise<boolean>,
): Promise<void> {
  if (await say('goodbye', false)) await session.hangup({ reason: 'bot-goodbye' });
}

/** Hands the caller to the agent; false when the transfer failed (after telling the caller). */
async function transfer(
  client: ActiveCallClient,
  session: ActiveCallSession,
  settings: VoiceBotSettings,
  say: (line: LineName, bargeIn?: boolean) => Promise<boolean>,
  report: Report,
): Promise<boolean> {
  const { callId } = session;
  if (!(await say('agent', false))) return true;
  try {
    await client.transfer(callId, settings.agent, {
      options: { timeout: settings.transferTimeoutSec },
    });
    report({ kind: 'transferred', callId, to: settings.agent });
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    report({ kind: 'transfer-failed', callId, code: typeof code === 'string' ? code : 'unknown' });
    return !(await say('agentBusy', false));
  }
}

/**
 * Plays one line and waits until it stopped. With `bargeIn`, the caller starting to speak (VAD
 * `speaking`, or a first partial transcript) or pressing a key stops it at once. Resolves false
 * when the call ended meanwhile.
 */
async function speak(
  session: ActiveCallSession,
  line: LineName,
  bargeIn: boolean,
  report: Report,
): Promise<boolean> {
  const { callId } = session;
  const playback = await session.tts(LINES[line]);
  report({ kind: 'playing', callId, line });
  const cut = bargeIn
    ? merge(session.on('speaking'), session.on('asrDelta'), session.on('dtmf'))
        .pipe(take(1))
        .subscribe(() => {
          report({ kind: 'barge-in', callId, line });
          void session.interrupt().catch(() => undefined);
        })
    : undefined;
  const how = await playback.done;
  cut?.unsubscribe();
  report({ kind: 'said', callId, line, how });
  return how !== 'hungup';
}
