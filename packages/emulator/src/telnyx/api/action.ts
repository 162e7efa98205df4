import type { Leg } from '../calls/leg';
import type { TelnyxContext } from '../context';
import type { Body } from './validate';

/**
 * One call command. `prepare` validates the body against the leg and throws a
 * `TelnyxApiError` for anything wrong, changing nothing; it returns the effect, which runs only
 * once every check passed (and after the command's `client_state` was applied) and may return
 * extra `data` fields.
 */
export interface ActionSpec {
  /** HTTP method of the route. @default 'POST' */
  readonly method?: 'POST' | 'PUT';
  /** Media commands need an answered leg (90034 otherwise). @default false */
  readonly needsAnswer?: boolean;
  prepare(ctx: TelnyxContext, leg: Leg, body: Body): () => Record<string, unknown> | undefined;
}
