import { isAuthorized } from './auth';
import type { EmulatorContext } from './context';
import { normalizeNumbers } from './normalize';
import type { Session } from './session';
import { MAX_CLOSE_REASON_BYTES, truncateUtf8 } from './text';

/** Close code used for every handshake failure (policy violation). */
export const HANDSHAKE_CLOSE_CODE = 1008;

/** Sends the `{"status":"error"}` register answer and closes the socket with 1008. */
export function failHandshake(ctx: EmulatorContext, session: Session, error: string): void {
  ctx.logger.warn('registration failed', { session: session.sessionId, error });
  session.send({ status: 'error', error });
  session.ws.close(HANDSHAKE_CLOSE_CODE, truncateUtf8(error, MAX_CLOSE_REASON_BYTES));
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** A subscription for a log line: the numbers while short, else their count (lines stay small). */
export function loggedNumbers(numbers: readonly string[]): readonly string[] | string {
  return numbers.length <= 10 ? numbers : `${numbers.length} numbers`;
}

/**
 * Why a list of numbers to subscribe to is over the caps (too many, or one too long), or
 * undefined when it is within them. Shared by `register` and `subscribe`.
 */
export function subscriptionProblem(
  ctx: EmulatorContext,
  name: string,
  numbers: readonly string[],
): string | undefined {
  const { maxSubscribedNumbers, maxFieldLength } = ctx.options.limits;
  if (numbers.length > maxSubscribedNumbers) {
    return `${name}: at most ${maxSubscribedNumbers} numbers (got ${numbers.length})`;
  }
  if (numbers.some((number) => number.length > maxFieldLength)) {
    return `${name}: a number is longer than ${maxFieldLength} characters`;
  }
  return undefined;
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
  if (clientId.length > ctx.options.limits.maxFieldLength) {
    failHandshake(
      ctx,
      session,
      `client_id is longer than ${ctx.options.limits.maxFieldLength} characters`,
    );
    return false;
  }
  if (numbers !== undefined && numbers !== null && !isStringArray(numbers)) {
    failHandshake(ctx, session, 'subscribe_numbers must be an array of strings');
    return false;
  }
  const overCap = isStringArray(numbers)
    ? subscriptionProblem(ctx, 'subscribe_numbers', numbers)
    : undefined;
  if (overCap !== undefined) {
    failHandshake(ctx, session, overCap);
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
    subscribed: loggedNumbers(session.subscribed),
  });
  return true;
}
