import { normalizeNumbers } from '../normalize';
import { okReply } from '../replies';
import type { CommandRequest } from './request';

/** `subscribe`: replaces the session's DID list (normalised); `[]` makes it catch-all again. */
export function handleSubscribe(request: CommandRequest): void {
  const numbers = request.frame.numbers;
  const list = Array.isArray(numbers)
    ? numbers.filter((n): n is string => typeof n === 'string')
    : [];
  request.session.subscribed = normalizeNumbers(list);
  request.ctx.logger.info('subscription replaced', {
    session: request.session.sessionId,
    numbers: request.session.subscribed,
  });
  request.respond(okReply('subscribe', { numbers: [...request.session.subscribed] }));
}
