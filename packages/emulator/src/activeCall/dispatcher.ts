import { CommandFailure } from './commandFailure';
import type { Command } from './commands';
import type { AcContext } from './context';
import { reasonFromCommand } from './hangupReason';
import { accept, reject, ringing } from './inboundCommands';
import { invite } from './outbound';
import { refer } from './refer';
import type { AcSession } from './session';
import { endSession } from './teardown';

type TtsCommand = Extract<Command, { command: 'tts' }>;

function tts(session: AcSession, command: TtsCommand): void {
  const sessionOption = session.option?.tts;
  if (sessionOption === undefined && command.option === undefined) {
    throw new CommandFailure('no tts option available');
  }
  session.track.tts({
    text: command.text,
    ...(command.playId === undefined ? {} : { playId: command.playId }),
    streaming: command.streaming === true,
    endOfStream: command.endOfStream === true,
    base64: command.base64 === true,
    // The command's option is laid field by field over the session's.
    option: { ...sessionOption, ...command.option },
    autoHangup: command.autoHangup,
    waitInputMs: command.waitInputTimeout,
  });
}

/** Executes a command; returns a promise only when the command has to wait (set-up, transfer). */
function run(ctx: AcContext, session: AcSession, command: Command): Promise<void> | undefined {
  switch (command.command) {
    case 'invite':
      return invite(ctx, session, command.option);
    case 'accept':
      return accept(ctx, session, command.option);
    case 'reject':
      reject(ctx, session, command.reason, command.code);
      return undefined;
    case 'ringing':
      return ringing(ctx, session, command);
    case 'tts':
      tts(session, command);
      return undefined;
    case 'play':
      session.track.play(command.url, command.playId, {
        autoHangup: command.autoHangup,
        waitInputMs: command.waitInputTimeout,
      });
      return;
    case 'interrupt':
      session.track.interrupt(command.graceful === true);
      return;
    case 'hangup':
      // The SIP layer reports any local teardown with initiator "caller" (§5.3).
      endSession(ctx, session, {
        reason: reasonFromCommand(command.reason, command.initiator),
        initiator: 'caller',
      });
      return;
    case 'refer':
      return refer(ctx, session, command);
    case 'history':
      session.emit('addHistory', {
        sender: session.id,
        speaker: command.speaker,
        text: command.text,
      });
      return;
    case 'mute':
    case 'unmute':
    case 'pause':
    case 'resume':
      // Accepted without any event (pause/resume are no-ops on the real server).
      return;
  }
}

function report(ctx: AcContext, session: AcSession, error: unknown): void {
  if (session.ending) return;
  const failure =
    error instanceof CommandFailure
      ? error
      : new CommandFailure(`internal error: ${String(error)}`);
  if (!(error instanceof CommandFailure)) {
    ctx.logger.error('command failed unexpectedly', { session: session.id, error: String(error) });
  }
  session.emit('error', { trackId: session.id, sender: 'command', error: failure.message });
  if (failure.end) endSession(ctx, session, failure.end);
}

/**
 * Executes one command of a session's queue. A failure becomes an `error` event with sender
 * `command` (and ends the session when the failure is fatal); nothing is thrown. Returns a
 * promise (that never rejects) only for a command that waits.
 */
export function executeCommand(
  ctx: AcContext,
  session: AcSession,
  command: Command,
): Promise<void> | undefined {
  if (session.ending) return undefined;
  let waiting: Promise<void> | undefined;
  try {
    waiting = run(ctx, session, command);
  } catch (error) {
    report(ctx, session, error);
    return undefined;
  }
  return waiting?.catch((error: unknown) => report(ctx, session, error));
}
