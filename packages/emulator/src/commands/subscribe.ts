import { loggedNumbers, subscriptionProblem } from '../handshake';
import { normalizeNumbers } from '../normalize';
import { failReply, okReply } from '../replies';
import type { CommandRequest } from './request';

/** `subscribe`: replaces the session's DID list (normalised); `[]` makes it catch-all again. */
export function handleSubscribe(request: CommandRequest): void {
  const numbers = request.frame.numbers;
  const list = Array.isArray(numbers)
    ? numbers.filter((n): n is string => typeof n === 'string')
    : [];
  const problem = subscriptionProblem(request.ctx, 'numbers', list);
  if (problem !== undefined) {
    request.respond(failReply('subscribe', 400, `invalid parameter: ${problem}`));
    return;
  }
  request.session.subscribed = normalizeNumbers(list);
  request.ctx.logger.info('subscription replaced', {
    session: request.session.sessionId,
    numbers: loggedNumbers(request.session.subscribed),
  });
  request.respond(okReply('subscribe', { numbers: [...request.session.subscribed] }));
}
