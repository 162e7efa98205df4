import type { EmulatorContext } from '../context';
import type { Leg } from '../gateway/legs';
import type { Reply } from '../replies';
import type { Session } from '../session';

/** One validated command from a registered session. */
export interface CommandRequest {
  readonly ctx: EmulatorContext;
  readonly session: Session;
  readonly action: string;
  readonly frame: Readonly<Record<string, unknown>>;
  readonly requestId: string | undefined;
  /** The explicit `appid`, else the registered one (`MULTI` sessions always name one, §10). */
  readonly appid: string;
  /** Sends the reply (request_id attached, reply faults applied). */
  respond(reply: Reply): void;
}

/** Handles one action; it must call `respond` exactly once (possibly later). */
export type CommandHandler = (request: CommandRequest) => void;

/** A string field of a validated frame ('' when absent). */
export function field(request: CommandRequest, key: string): string {
  const value = request.frame[key];
  return typeof value === 'string' ? value : '';
}

/** An optional string field (undefined when absent or empty). */
export function optionalField(request: CommandRequest, key: string): string | undefined {
  const value = request.frame[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The live leg a follow-up command names, or undefined ("callid not found"): unknown, ending,
 * or belonging to another app id (isolation, §10). A composite `appid:channel:uid` callid (what
 * quirk mode puts on A-leg hangups) is accepted too.
 */
export function findLeg(request: CommandRequest): Leg | undefined {
  const { ctx, appid } = request;
  const leg = ctx.legs.find(field(request, 'callid'));
  if (!leg || leg.state === 'ending' || leg.appid !== appid) return undefined;
  return leg;
}
