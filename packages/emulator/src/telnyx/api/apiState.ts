import type { ResolvedTelnyxOptions } from '../options';
import { CommandIdCache } from './commandIds';
import { RollingWindowLimiter } from './rateLimiter';

/** Request-side state: idempotency memory and rate-limit windows. */
export class ApiState {
  readonly commandIds: CommandIdCache;
  readonly dialLimiter: RollingWindowLimiter;
  readonly apiLimiter: RollingWindowLimiter | undefined;

  constructor(options: ResolvedTelnyxOptions) {
    this.commandIds = new CommandIdCache(options.commandIdWindowMs, options.maxCommandIds);
    this.dialLimiter = new RollingWindowLimiter(options.dialRateLimit);
    this.apiLimiter =
      options.apiRateLimit === null ? undefined : new RollingWindowLimiter(options.apiRateLimit);
  }

  reset(): void {
    this.commandIds.clear();
    this.dialLimiter.reset();
    this.apiLimiter?.reset();
  }
}
