import type { Observable } from 'rxjs';
import type { CallstreamError } from '../errors';
import type { CallSnapshot } from './call';
import type { CommandOptions, CommandResult, DialRequest, DialResult } from './commands';
import type { AnyCallEvent, DtmfReceived } from './events';
import type { IncomingCall } from './incomingCall';
import type { ClientState } from './state';

/**
 * What a backend can do, beyond the streams every backend has. A command whose capability a
 * backend lacks rejects with a typed `unsupported` error (never a silent no-op); check
 * `client.capabilities.has(…)` (or {@link supports}) first in portable code.
 */
export type Capability =
  /** `dial()` places outbound calls. */
  | 'dial'
  /** Inbound calls arrive on `incoming$`. */
  | 'inbound'
  /** `sendDtmf()` sends digits on a call. */
  | 'sendDtmf'
  /** Digits the remote party presses arrive on `dtmf$`. */
  | 'receiveDtmf'
  /** `transfer()` hands a call to another number or URI. */
  | 'transfer'
  /** Calls can be bridged (into a media channel, or to another leg). */
  | 'bridge'
  /** Several clients see the same offer and the first `accept` wins (the others get `call-not-found`). */
  | 'sharedOffers'
  /** The client reconnects by itself after a dropped connection. */
  | 'reconnect'
  /** Text-to-speech on a call. */
  | 'speak'
  /** Audio file playback on a call. */
  | 'play'
  /** Speech recognition events. */
  | 'speechRecognition'
  /** Collecting digits with a prompt (gather). */
  | 'gather'
  /** Call recording. */
  | 'record';

/** What `connect()` resolves with. */
export interface Connected {
  /** The backend's id for this connection (CM `session_id`; a local id where there is none). */
  readonly sessionId: string;
}

/**
 * The provider-neutral contract every callstream client implements: the same streams and common
 * commands whatever the backend, so a program written against it runs unchanged on the Call
 * Manager, Active Call and Telnyx. Backend-specific commands (CM `bridge`, Active Call `tts`,
 * Telnyx `speak`) live on each backend's own client type.
 *
 * @typeParam C - the backend's call snapshot
 * @typeParam Cap - the capabilities the backend has
 */
export interface CallControl<
  C extends CallSnapshot = CallSnapshot,
  Cap extends Capability = Capability,
> {
  /** Which backend this client talks to: `cm`, `active-call`, `telnyx`. */
  readonly backend: string;
  /** What this backend can do. */
  readonly capabilities: ReadonlySet<Cap>;
  /** Connection state: the current value on subscribe, then every real transition. */
  readonly state$: Observable<ClientState>;
  /** The latest connection state. */
  readonly state: ClientState;
  /** Every tracked call by id: the current table on subscribe, then a new immutable table per change. */
  readonly calls$: Observable<ReadonlyMap<string, C>>;
  /** Inbound calls offered to this client, with accept / reject / ignore. */
  readonly incoming$: Observable<IncomingCall<C, object>>;
  /** DTMF received on any tracked call. */
  readonly dtmf$: Observable<DtmfReceived<C>>;
  /** Every lifecycle event, typed by `type`; backend-only events arrive as `backend`. */
  readonly events$: Observable<AnyCallEvent<C>>;
  /** Non-fatal problems. */
  readonly errors$: Observable<CallstreamError>;

  /** Connects (or gets ready to receive calls); rejects with a typed error. */
  connect(): Promise<Connected>;
  /** Closes the client: pending commands fail with `closed`, every call leaves `calls$`. Idempotent. */
  close(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;

  /** Places an outbound call; resolves when the backend accepted it (events follow). */
  dial(params: DialRequest, options?: CommandOptions): Promise<DialResult>;
  /** Answers an offer. Backend parameters are optional: every backend has defaults. */
  accept(callId: string, params?: object, options?: CommandOptions): Promise<CommandResult>;
  /** Refuses an offer. */
  reject(callId: string, reason?: string, options?: CommandOptions): Promise<CommandResult>;
  /** Drops an offer locally without telling the backend. */
  ignore(callId: string): void;
  /** Ends a call. */
  hangup(callId: string, options?: CommandOptions): Promise<CommandResult>;
  /** Sends DTMF digits (capability `sendDtmf`). */
  sendDtmf(callId: string, digits: string, options?: CommandOptions): Promise<CommandResult>;
  /** Transfers a call to a number or SIP URI (capability `transfer`). */
  transfer(
    callId: string,
    destination: string,
    params?: object,
    options?: CommandOptions,
  ): Promise<CommandResult>;

  /** Snapshot of every tracked call. */
  activeCalls(): C[];
  /** One call's snapshot, if tracked. */
  getCall(callId: string): C | undefined;
  /** One call's snapshots: the current one, every change, then completes when it leaves `calls$`. */
  call$(callId: string): Observable<C>;
}

/** Whether `client` has `capability` (a readable shorthand for `client.capabilities.has`). */
export function supports(
  client: { readonly capabilities: ReadonlySet<Capability> },
  capability: Capability,
): boolean {
  return client.capabilities.has(capability);
}
