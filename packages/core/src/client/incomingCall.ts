import type { Call } from '../calls/call';
import type { AcceptParams, CommandOptions, CommandResult } from '../params';

/**
 * An inbound call offered to this client, with the three ways to answer the offer. The CM
 * broadcasts the offer to every eligible client and the first `accept` wins; a lost race rejects
 * with `call-not-found` and removes the call. Not answering lets the lookup expire (~15 s).
 */
export interface IncomingCall extends Call {
  /** Claims the call and bridges it into a media channel. */
  accept(params: AcceptParams, options?: CommandOptions): Promise<CommandResult>;
  /** Refuses the call for every client (the caller hears it end). */
  reject(reason?: string, options?: CommandOptions): Promise<CommandResult>;
  /** Drops the call locally without telling the server; another client may still take it. */
  ignore(): void;
}

/** The client operations an {@link IncomingCall} delegates to. */
export interface IncomingCallActions {
  accept(callId: string, params: AcceptParams, options?: CommandOptions): Promise<CommandResult>;
  reject(callId: string, reason?: string, options?: CommandOptions): Promise<CommandResult>;
  ignore(callId: string): void;
}

/** Wraps a call snapshot with its actions; frozen like every snapshot. */
export function toIncomingCall(call: Call, actions: IncomingCallActions): IncomingCall {
  return Object.freeze({
    ...call,
    accept: (params: AcceptParams, options?: CommandOptions) =>
      actions.accept(call.callId, params, options),
    reject: (reason?: string, options?: CommandOptions) =>
      actions.reject(call.callId, reason, options),
    ignore: () => actions.ignore(call.callId),
  });
}
