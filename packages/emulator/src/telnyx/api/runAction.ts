import { isAnswered, isLive } from '../calls/leg';
import type { TelnyxContext } from '../context';
import type { ActionSpec } from './action';
import { type ApiAnswer, ok, type RequestFacts } from './answer';
import type { ApiState } from './apiState';
import { CALL_ACTIONS } from './callActions';
import { commandKey } from './commandIds';
import { apiError } from './errors';
import { MEDIA_ACTIONS } from './mediaActions';
import { type Body, optionalClientState, optionalString } from './validate';

const ACTIONS: Readonly<Record<string, ActionSpec>> = { ...CALL_ACTIONS, ...MEDIA_ACTIONS };

/** Whether `verb` is a command the emulator serves with `method`. */
export function isKnownAction(verb: string, method: string): boolean {
  const spec = Object.hasOwn(ACTIONS, verb) ? ACTIONS[verb] : undefined;
  return spec !== undefined && (spec.method ?? 'POST') === method;
}

/**
 * `POST /calls/{id}/actions/{verb}` (and `PUT …/client_state_update`), in Telnyx's order:
 * unknown call → 90015; a `command_id` seen on this call within the window → the first answer
 * again, nothing else; ended call → 90018; media before answer → 90034; then the command's own
 * checks. Only when all pass does the command's `client_state` become the leg's, then the effect.
 */
export function runAction(
  ctx: TelnyxContext,
  api: ApiState,
  verb: string,
  callControlId: string,
  body: Body,
  facts: RequestFacts,
): ApiAnswer {
  const spec = ACTIONS[verb];
  if (spec === undefined) throw apiError.notFound();
  facts.callControlId = callControlId;
  facts.action = verb;
  const leg = ctx.legs.get(callControlId);
  if (leg === undefined) throw apiError.unknownCall();
  const commandId = optionalString(body, 'command_id');
  if (commandId !== undefined) {
    facts.commandId = commandId;
    const remembered = api.commandIds.get(commandKey(callControlId, commandId));
    if (remembered !== undefined) {
      facts.replayed = true;
      return remembered;
    }
  }
  if (!isLive(leg)) throw apiError.callEnded();
  if (spec.needsAnswer === true && !isAnswered(leg)) throw apiError.notAnswered();
  const clientState = optionalClientState(body, 'client_state', ctx.options.maxClientStateLength);
  const effect = spec.prepare(ctx, leg, body);
  if (clientState !== undefined) leg.clientState = clientState === '' ? undefined : clientState;
  const answer = ok(effect());
  if (commandId !== undefined)
    api.commandIds.remember(commandKey(callControlId, commandId), answer);
  return answer;
}
