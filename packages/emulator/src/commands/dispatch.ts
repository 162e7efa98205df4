import type { EmulatorContext } from '../context';
import { APPID_REQUIRED, cmError, failReply, isEchoableRequestId, type Reply } from '../replies';
import { sendReply } from '../routing';
import type { Session } from '../session';
import { clip } from '../text';
import {
  handleBridge,
  handleHangup,
  handleSendDtmf,
  handleTransfer,
  handleUnbridge,
} from './callCommands';
import { handleAccept, handleReject } from './inbound';
import { handleOutbound } from './outbound';
import type { CommandHandler } from './request';
import { COMMAND_SPECS, lengthError, missingFields, SCHEDULING_ACTIONS, typeError } from './spec';
import { handleSubscribe } from './subscribe';

const HANDLERS: Readonly<Record<string, CommandHandler>> = {
  outbound: handleOutbound,
  accept: handleAccept,
  reject: handleReject,
  bridge: handleBridge,
  unbridge: handleUnbridge,
  endcall: handleHangup,
  hangup: handleHangup,
  transfer: handleTransfer,
  send_dtmf: handleSendDtmf,
  subscribe: handleSubscribe,
};

/** The error text of work refused because the timer cap is reached. */
export function busyText(ctx: EmulatorContext): string {
  return `emulator busy: ${ctx.options.limits.maxTimers} timers pending (limits.maxTimers)`;
}

/**
 * Validates and runs one frame of a registered session. Every frame that can be answered gets
 * exactly one reply; `request_id` is echoed whenever it is a string, and a non-string JSON scalar
 * one is echoed as is on the error reply that rejects it. Order of checks: JSON object
 * → action → field types → MULTI appid (§10) → required fields → the command itself.
 */
export function dispatchCommand(
  ctx: EmulatorContext,
  session: Session,
  frame: unknown,
  parseError: boolean,
): void {
  if (parseError) {
    sendReply(ctx, session, cmError('invalid JSON'), undefined);
    return;
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    sendReply(ctx, session, cmError('expected a JSON object'), undefined);
    return;
  }
  const message = frame as Record<string, unknown>;
  const rawId = message.request_id;
  const requestId = typeof rawId === 'string' ? rawId : undefined;
  const reply = (body: Reply): void => sendReply(ctx, session, body, requestId);
  if (rawId !== undefined && requestId === undefined) {
    // Echoed as it came, so a client that sent it can still match this error to its command.
    const echo = isEchoableRequestId(rawId) ? rawId : undefined;
    sendReply(ctx, session, cmError('invalid parameter: request_id must be a string'), echo);
    return;
  }
  const action = message.action;
  if (typeof action !== 'string' || action === '') {
    reply(cmError('missing action'));
    return;
  }
  if (action === 'register') {
    reply(cmError('already registered'));
    return;
  }
  const spec = Object.hasOwn(COMMAND_SPECS, action) ? COMMAND_SPECS[action] : undefined;
  const handler = Object.hasOwn(HANDLERS, action) ? HANDLERS[action] : undefined;
  if (!spec || !handler) {
    reply(cmError(`unknown action: ${clip(action)}`));
    return;
  }
  const wrongType = typeError(spec, message) ?? lengthError(spec, message, ctx.options.limits);
  if (wrongType) {
    reply(failReply(action, 400, wrongType));
    return;
  }
  const explicitAppid =
    typeof message.appid === 'string' && message.appid !== '' ? message.appid : undefined;
  if (
    spec.needsAppid &&
    session.isMulti &&
    (explicitAppid === undefined || explicitAppid === 'MULTI')
  ) {
    reply(cmError(APPID_REQUIRED));
    return;
  }
  const missing = missingFields(spec, message);
  if (missing.length > 0) {
    reply(failReply(action, 400, `missing parameters: ${missing.join(', ')}`));
    return;
  }
  if (SCHEDULING_ACTIONS.has(action) && ctx.timers.size >= ctx.options.limits.maxTimers) {
    ctx.logger.warn('command refused: timer cap reached', {
      action,
      session: session.sessionId,
      maxTimers: ctx.options.limits.maxTimers,
    });
    reply(failReply(action, 503, busyText(ctx)));
    return;
  }
  ctx.logger.debug('command', { action, requestId, session: session.sessionId });
  handler({
    ctx,
    session,
    action,
    frame: message,
    requestId,
    appid: explicitAppid ?? session.appId ?? '',
    respond: reply,
  });
}
