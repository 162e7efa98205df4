import { isAuthorized } from './auth';
import type { EmulatorContext } from './context';
import { normalizeNumbers } from './normalize';
import type { Session } from './session';

/** Close code used for every handshake failure (policy violation). */
export const HANDSHAKE_CLOSE_CODE = 1008;

/** Sends the `{"status":"error"}` register answer and closes the socket with 1008. */
export function failHandshake(ctx: EmulatorContext, session: Session, error: string): void {
  ctx.logger.warn('registration failed', { session: session.sessionId, error });
  session.send({ status: 'error', error });
  session.ws.close(HANDSHAKE_CLOSE_CODE, error.slice(0, 120));
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * Handles the first frame of a session, which must be `register` (§4). On success the session
 * is live and gets `{"status":"registered","client_id"}`; anything else is answered with
 * `{"status":"error","error":…}` and a 1008 close. Returns whether the session is now live.
 */
export function handleRegister(ctx: EmulatorContext, session: Session, frame: unknown): boolean {
  session.cancelRegisterTimeout?.();
  session.cancelRegisterTimeout = undefined;
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    failHandshake(ctx, session, 'expected register');
    return false;
  }
  const message = frame as Record<string, unknown>;
  if (message.action !== 'register') {
    failHandshake(ctx, session, 'expected register');
    return false;
  }
  if (ctx.faults.refuseRegistrations !== null) {
    failHandshake(ctx, session, ctx.faults.refuseRegistrations);
    return false;
  }
  const { auth_token: token, client_id: clientId, appid, subscribe_numbers: numbers } = message;
  if (typeof clientId !== 'string' || clientId === '') {
    failHandshake(ctx, session, 'missing client_id');
    return false;
  }
  if (numbers !== undefined && numbers !== null && !isStringArray(numbers)) {
    failHandshake(ctx, session, 'subscribe_numbers must be an array of strings');
    return false;
  }
  if (
    typeof token !== 'string' ||
    typeof appid !== 'string' ||
    !isAuthorized(ctx.options, appid, token)
  ) {
    failHandshake(ctx, session, 'unauthorized');
    return false;
  }
  session.phase = 'registered';
  session.clientId = clientId;
  session.appId = appid;
  session.subscribed = normalizeNumbers(isStringArray(numbers) ? numbers : []);
  session.send({ status: 'registered', client_id: clientId });
  ctx.logger.info('session registered', {
    session: session.sessionId,
    clientId,
    appid,
    subscribed: session.subscribed,
  });
  return true;
}
