import type { Call } from '../cm/call';
import type { AcceptParams } from '../cm/params';
import type { CallSnapshot } from './call';
import type { CommandOptions, CommandResult } from './commands';

/** The three ways to answer an offer, bound to its call. */
export interface OfferActions<Accept extends object = AcceptParams> {
  /** Claims the call (answers it). The first accept wins where several clients see the offer. */
  accept(params?: Accept, options?: CommandOptions): Promise<CommandResult>;
  /** Refuses the call for every client (the caller hears it end). */
  reject(reason?: string, options?: CommandOptions): Promise<CommandResult>;
  /** Drops the call locally without telling the backend; another client may still take it. */
  ignore(): void;
}

/**
 * An inbound call offered to this client: the call's snapshot plus {@link OfferActions}. Not
 * answering lets the offer expire (`expiresAt`). Generic over the backend's call type and accept
 * parameters; the defaults are the Call Manager's.
 */
export type IncomingCall<C extends CallSnapshot = Call, Accept extends object = AcceptParams> = C &
  OfferActions<Accept>;

/** The client operations an {@link IncomingCall} delegates to. */
export interface IncomingCallActions<Accept extends object> {
  /** The client's accept. */
  accept(callId: string, params?: Accept, options?: CommandOptions): Promise<CommandResult>;
  /** The client's reject. */
  reject(callId: string, reason?: string, options?: CommandOptions): Promise<CommandResult>;
  /** The client's ignore. */
  ignore(callId: string): void;
}

/** Wraps a call snapshot with its actions; frozen like every snapshot. */
export function toIncomingCall<C extends CallSnapshot, Accept extends object>(
  call: C,
  actions: IncomingCallActions<Accept>,
): IncomingCall<C, Accept> {
  const { callId } = call;
  const offer: OfferActions<Accept> = {
    accept: (params, options) => actions.accept(callId, params, options),
    reject: (reason, options) => actions.reject(callId, reason, options),
    ignore: () => actions.ignore(callId),
  };
  return Object.freeze({ ...call, ...offer });
}
