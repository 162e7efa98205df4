import { nanoid } from 'nanoid';
import type { CallEngine } from '../engine/callEngine';
import { pointAtCaller } from '../engine/callerStack';
import type { CommandResult } from '../engine/commands';
import { type CallstreamError, isCallstreamError } from '../errors';
import type { CheckedCommandOptions } from '../validation';
import type { Call } from './call';
import type { ConnectionManager } from './connectionManager';
import type { EncodedCommand } from './protocol/encode';
import { type CommandReply, judgeReply } from './protocol/replies';

/** A fresh `request_id` for a command: its action and a random suffix. */
export function newRequestId(action: string): string {
  return `${action}_${nanoid(12)}`;
}

/** What every command but `dial` resolves with. */
export function commandResult(reply: CommandReply): CommandResult {
  return {
    requestId: reply.raw.request_id as string,
    raw: reply.raw,
    ...(reply.statusCode === undefined ? {} : { statusCode: reply.statusCode }),
  };
}

/** How one command runs: its request id, what its reply does, and a hook for when it left. */
export interface RunOptions<T> {
  /** @default a new id from {@link newRequestId} */
  readonly requestId?: string;
  /** Applies a successful reply; what it returns resolves the command. @default {@link commandResult} */
  readonly onReply?: (reply: CommandReply) => T;
  /** Called once the frame was handed to the socket. */
  readonly onSent?: () => void;
}

/**
 * Sends checked commands and judges their replies by the one rule of PROTOCOL.md §6, in the
 * frame handler that received them (frames right behind a reply see its effects). A tracked call
 * the server says it does not know leaves `calls$` as `not-found` right there.
 */
export class CommandRunner {
  readonly #connection: ConnectionManager;
  readonly #engine: CallEngine<Call>;

  constructor(connection: ConnectionManager, engine: CallEngine<Call>) {
    this.#connection = connection;
    this.#engine = engine;
  }

  /** Sends `command` and resolves with what `onReply` makes of its successful reply. */
  async run<T = CommandResult>(
    command: EncodedCommand,
    options: CheckedCommandOptions,
    how: RunOptions<T> = {},
  ): Promise<T> {
    const requestId = how.requestId ?? newRequestId(command.action);
    const onReply = how.onReply ?? ((reply: CommandReply) => commandResult(reply) as T);
    try {
      return await this.#connection.send(
        command,
        requestId,
        { ...options, onSent: how.onSent },
        (frame) => {
          const judged = judgeReply(frame, command.action, requestId);
          if (judged instanceof Error) {
            this.#forgetUnknownCall(command, judged);
            throw judged;
          }
          return onReply(judged);
        },
      );
    } catch (error) {
      throw isCallstreamError(error, 'command-timeout') ? pointAtCaller(error) : error;
    }
  }

  /**
   * The server said it does not know the call a command named: a tracked call it forgot (its
   * hangup event was lost) leaves `calls$` now as `not-found`, instead of staying a ghost. Offers
   * keep their own rule (`claimed-elsewhere`, see `CallEngine.dropLostOffer`).
   */
  #forgetUnknownCall(command: EncodedCommand, error: CallstreamError): void {
    if (error.code !== 'call-not-found') return;
    if (command.action === 'accept' || command.action === 'reject') return;
    const callId = command.fields.callid;
    if (typeof callId === 'string' && this.#engine.get(callId)) {
      this.#engine.remove(callId, 'not-found');
    }
  }
}
