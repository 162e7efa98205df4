import type {
  CallControl,
  Capability,
  ClientState,
  CommandOptions,
  CommandResult,
  Connected,
  DialRequest,
  DialResult,
} from '@callstream/core';
import {
  CallClientBase,
  CallEngine,
  insecureTransportWarning,
  requireDialTarget,
  requireText,
} from '@callstream/core/engine';
import { nanoid } from 'nanoid';
import { BehaviorSubject, filter, map, type Observable } from 'rxjs';
import type { ActiveCall, ActiveCallDetails } from './call';
import { acError } from './codes';
import {
  type ActiveCallClientOptions,
  mergeCallOption,
  type ResolvedOptions,
  resolveOptions,
} from './options';
import {
  encodeCallCommand,
  encodeHangup,
  encodeReject,
  encodeRinging,
  type HangupParams,
  type RingingParams,
} from './protocol/commands';
import type { AcAnswerEvent, ActiveCallEvent } from './protocol/events';
import type { CallOption, ReferOption } from './protocol/options';
import { requirePlainObject } from './protocol/schema';
import { CALL_TYPES, type CallType, sessionUrl } from './protocol/url';
import { CallSession } from './session/session';
import { requireCommandOptions } from './session/specs';
import type { ActiveCallSession } from './session/types';
import type { SessionClosure } from './session/waiters';
import { type ActiveCallClientEvent, ActiveCallTracker } from './tracker';
import { parseWebhook } from './webhook/payload';

/** What the Active Call backend can do. */
export type ActiveCallCapability = Extract<
  Capability,
  'dial' | 'inbound' | 'receiveDtmf' | 'transfer' | 'speak' | 'play' | 'speechRecognition'
>;

const CAPABILITIES: ReadonlySet<ActiveCallCapability> = new Set<ActiveCallCapability>([
  'dial',
  'inbound',
  'receiveDtmf',
  'transfer',
  'speak',
  'play',
  'speechRecognition',
]);

/** How long a rejected offer's socket stays open so the `reject` frame is run first. */
const REJECT_LINGER_MS = 250;
/** How long a session may stay open after its call ended before the client closes it. */
const END_GRACE_MS = 5_000;

/** Parameters of {@link ActiveCallClient.dial}: the neutral `{ to, from }` plus the session's. */
export interface ActiveCallDialParams extends DialRequest {
  /** Media transport. @default the client's `callType` ('sip') */
  type?: CallType;
  /** Session id (the call's id). @default `s.<random>` */
  id?: string;
  /** The call's options, laid over the client's `callOption` (WebRTC: `option.offer`). */
  option?: CallOption;
}

/** What `dial()` resolves with: the answered call's id, its `answer` and its session. */
export interface ActiveCallDialResult extends DialResult {
  /** The `answer` event (the remote SDP for SIP, the server's SDP answer for WebRTC). */
  readonly answer: AcAnswerEvent;
  /** The call's session: TTS, playback, ASR events, audio. */
  readonly session: ActiveCallSession;
}

/** Parameters of `accept()`: optional everywhere, as on every backend. */
export interface ActiveCallAcceptParams {
  /** The call's options (ASR, TTS, VAD…), laid over the client's `callOption`. */
  option?: CallOption;
}

/** What `accept()` resolves with. */
export interface ActiveCallAcceptResult extends CommandResult {
  /** The `answer` event (the server's SDP answer). */
  readonly answer: AcAnswerEvent;
  /** The call's session. */
  readonly session: ActiveCallSession;
}

/** Options of `reject()`. */
export interface ActiveCallRejectOptions extends CommandOptions {
  /** SIP status the caller gets (e.g. 486 busy, 603 decline). @default the server's choice */
  code?: number;
}

/** Options of `hangup()`: the command's options plus the `hangup` fields. */
export interface ActiveCallHangupOptions extends CommandOptions, HangupParams {}

/** Parameters of `transfer()`. */
export interface ActiveCallTransferParams {
  /** Caller presented to the transfer target. @default this side of the call (its callee URI for an inbound call, its caller for an outbound one) */
  caller?: string;
  /** The refer options (timeout, hold music, autoHangup…). */
  options?: ReferOption;
}

/**
 * An offer on `incoming$`: the call's snapshot with accept / reject / ignore (the neutral
 * `IncomingCall`, typed with this backend's results) and `ringing`.
 */
export type ActiveCallIncomingCall = ActiveCall & {
  /** Answers the call (see {@link ActiveCallClient.accept}). */
  accept(
    params?: ActiveCallAcceptParams,
    options?: CommandOptions,
  ): Promise<ActiveCallAcceptResult>;
  /** Refuses the call (see {@link ActiveCallClient.reject}). */
  reject(reason?: string, options?: ActiveCallRejectOptions): Promise<CommandResult>;
  /** Drops the offer locally; the server keeps the caller waiting until its accept timeout. */
  ignore(): void;
  /** Answers 180/183 (opens the call's session). See {@link ActiveCallClient.ringing}. */
  ringing(params?: RingingParams, options?: CommandOptions): Promise<CommandResult>;
};

function localId(): string {
  return `ac-${nanoid(12)}`;
}

/**
 * A client of a RustPBX Active Call server: one WebSocket per call, inbound calls from its
 * webhook. Create it with {@link createActiveCallClient}; see docs/active-call.md. It
 * implements the provider-neutral `CallControl` contract (`sendDtmf` rejects with
 * `unsupported`: the protocol cannot send digits), plus each call's {@link ActiveCallSession}
 * with every command of the protocol.
 */
export class ActiveCallClient
  extends CallClientBase<ActiveCall, ActiveCallAcceptParams, ActiveCallClientEvent>
  implements CallControl<ActiveCall, ActiveCallCapability>
{
  /** This client's backend: `active-call`. */
  readonly backend = 'active-call';
  /** What Active Call can do. */
  readonly capabilities: ReadonlySet<ActiveCallCapability> = CAPABILITIES;
  /** The client's state: `idle` → `connected` (`connect()`) → `closed` (`close()`). */
  readonly state$: Observable<ClientState>;
  /** Offers from the webhook, with accept / reject / ignore / ringing. */
  override readonly incoming$: Observable<ActiveCallIncomingCall>;
  readonly #options: ResolvedOptions;
  readonly #state = new BehaviorSubject<ClientState>({ status: 'idle' });
  readonly #tracker: ActiveCallTracker;
  readonly #sessions = new Map<string, CallSession>();
  readonly #endTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #rung = new Set<string>();
  /** Logged the first time a credential travels over an unencrypted socket to another machine. */
  #insecureWarning: string | undefined;

  constructor(options: ActiveCallClientOptions) {
    const resolved = resolveOptions(options);
    let onRemoved: (call: ActiveCall) => void = () => {};
    const engine = new CallEngine<ActiveCall>({
      logger: resolved.logger,
      incomingTimeoutMs: resolved.acceptTimeoutMs,
      staleCallTimeoutMs: 60_000,
      onRemoved: (call) => onRemoved(call),
    });
    super(engine);
    this.#options = resolved;
    this.#insecureWarning = insecureTransportWarning(
      resolved.endpoint,
      'credentials in the call options (SIP password, provider keys)',
    );
    this.#tracker = new ActiveCallTracker(engine, resolved.acceptTimeoutMs);
    onRemoved = (call) => this.#removed(call);
    this.state$ = this.#state.asObservable();
    // What `util.inspect` shows: never options or frames (they may carry credentials).
    Object.defineProperty(this, Symbol.for('nodejs.util.inspect.custom'), {
      value: () =>
        `ActiveCallClient { endpoint: ${JSON.stringify(resolved.safeEndpoint)}, state: '${this.#state.value.status}', calls: ${this.engine.calls.size} }`,
    });
    this.incoming$ = engine.events$.pipe(
      filter((event) => event.type === 'incoming'),
      map((event): ActiveCallIncomingCall => {
        const call = event.call as ActiveCall;
        const { callId } = call;
        return Object.freeze({
          ...call,
          accept: (params?: ActiveCallAcceptParams, commandOptions?: CommandOptions) =>
            this.accept(callId, params, commandOptions),
          reject: (reason?: string, commandOptions?: ActiveCallRejectOptions) =>
            this.reject(callId, reason, commandOptions),
          ignore: () => this.ignore(callId),
          ringing: (params?: RingingParams, commandOptions?: CommandOptions) =>
            this.ringing(callId, params, commandOptions),
        });
      }),
    );
  }

  /** The latest state. */
  get state(): ClientState {
    return this.#state.value;
  }

  /**
   * Makes the client ready: dials are allowed and webhook offers are taken. Nothing is opened:
   * every call has its own socket, opened by `dial()` or by answering an offer. Resolves with a
   * local id (there is no server session for the client itself).
   */
  async connect(): Promise<Connected> {
    const current = this.#state.value;
    if (current.status === 'connected') return { sessionId: current.sessionId };
    const sessionId = localId();
    this.#state.next({ status: 'connected', sessionId, reconnects: 0 });
    this.#options.logger.info('active-call client ready', { endpoint: this.#options.safeEndpoint });
    return { sessionId };
  }

  /**
   * Closes every session (the server ends their calls), fails pending commands with `closed`
   * and removes every call (`client-closed`). Idempotent; `connect()` makes it usable again.
   */
  async close(): Promise<void> {
    const error = acError('closed', 'the client was closed');
    this.engine.removeAll('client-closed');
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    for (const session of sessions) session.shutdown(error);
    for (const timer of this.#endTimers.values()) clearTimeout(timer);
    this.#endTimers.clear();
    this.#rung.clear();
    if (this.#state.value.status !== 'closed') this.#state.next({ status: 'closed' });
  }

  /**
   * Places a call: opens a session (`/call/sip`, `/call/webrtc` or `/call`) and sends `invite`.
   * The call is in `calls$` (state `ringing`) at once. Resolves when it is answered; rejects
   * with `call-rejected` (busy, declined, no answer: `statusCode` is the SIP code),
   * `call-failed`, `call-ended`, `connection-lost`, `unreachable`, `connect-timeout` (the socket
   * did not open within `openTimeoutMs`), `liveness-timeout` (the socket went silent: the
   * keep-alive closed it), `command-timeout` or `aborted` (both close the session: a pending
   * invite can only be cancelled that way), every error carrying the `callId`.
   */
  async dial(
    params: ActiveCallDialParams,
    options: CommandOptions = {},
  ): Promise<ActiveCallDialResult> {
    this.#requireConnected('dial');
    requirePlainObject(params, 'dial params');
    const timeoutMs = requireCommandOptions(options, this.#options.dialTimeoutMs, 'dial');
    const type = params.type ?? this.#options.callType;
    if (!CALL_TYPES.includes(type)) {
      throw acError('invalid-argument', `dial: type must be ${CALL_TYPES.join(', ')}`);
    }
    const callId =
      params.id === undefined ? `s.${nanoid(21)}` : requireText(params.id, 'dial: id', 256);
    const to = this.#target(params.to, type);
    const from = params.from;
    if (typeof from !== 'string' || from.length > 2048) {
      throw acError('invalid-argument', 'dial: from must be a string (a caller URI or number)');
    }
    const own = params.option ?? {};
    requirePlainObject(own, 'dial: option');
    const option = mergeCallOption(this.#options.callOption, {
      ...(type === 'sip' ? { callee: to } : {}),
      ...(from === '' ? {} : { caller: from }),
      ...own,
    });
    if (
      type === 'webrtc' &&
      (typeof option.offer !== 'string' || !option.offer.startsWith('v=0'))
    ) {
      throw acError(
        'invalid-argument',
        'dial: a webrtc call needs option.offer, the SDP offer of an RTCPeerConnection with its ICE candidates (see gatherOffer)',
      );
    }
    const frame = encodeCallCommand('invite', option);
    if (this.engine.get(callId) || this.#sessions.has(callId)) {
      throw acError('invalid-argument', `dial: call ${callId} already exists in this client`);
    }
    this.#requireRoom('dial');
    this.#tracker.trackOutbound({
      callId,
      type,
      from,
      to: params.to,
      caller: option.caller,
      callee: option.callee,
    });
    const session = this.#open(callId, type);
    let answer: AcAnswerEvent;
    try {
      answer = await session.setUp(frame, options, timeoutMs);
    } catch (error) {
      // The server ends a failed call's session itself (after its last events); a call it
      // leaves open is closed after a grace period.
      if (this.engine.get(callId)) this.#armEndTimer(callId, session);
      throw error;
    }
    return { callId, raw: answer, answer, session };
  }

  /**
   * Answers an offer: opens `/call/sip?id=<dialogId>` (unless `ringing` did) and sends `accept`.
   * Resolves with the `answer`. When the server has nothing pending (taken, timed out, the
   * caller hung up) it rejects with `call-not-found` and the call leaves `calls$` (`not-found`,
   * or `expired` past its deadline).
   */
  async accept(
    callId: string,
    params: ActiveCallAcceptParams = {},
    options: CommandOptions = {},
  ): Promise<ActiveCallAcceptResult> {
    requireText(callId, 'callId');
    this.#requireConnected('accept');
    this.engine.requireOffer(callId, 'accept');
    requirePlainObject(params, 'accept params');
    const timeoutMs = requireCommandOptions(options, this.#options.commandTimeoutMs, 'accept');
    const own = params.option ?? {};
    requirePlainObject(own, 'accept: option');
    const option = mergeCallOption(this.#options.callOption, own);
    const frame = encodeCallCommand('accept', option);
    if (this.#rung.has(callId) && (option.asr || option.vad || option.denoise)) {
      this.#options.logger.warn(
        'accept after ringing: the server attaches no ASR/VAD/denoise to a call rung first',
        { callId },
      );
    }
    return this.engine.accepting(callId, async () => {
      const session = this.#sessionFor(callId);
      try {
        const answer = await session.setUp(frame, options, timeoutMs);
        return { requestId: localId(), raw: answer, answer, session };
      } catch (error) {
        this.#acceptFailed(callId, error);
        throw error;
      }
    });
  }

  /**
   * Refuses an offer: sends `reject` (reason, optional SIP `code`) on the call's session, which
   * is then closed; the call leaves `calls$` as `rejected`.
   */
  async reject(
    callId: string,
    reason = 'rejected',
    options: ActiveCallRejectOptions = {},
  ): Promise<CommandResult> {
    requireText(callId, 'callId');
    this.#requireConnected('reject');
    this.engine.requireOffer(callId, 'reject');
    if (typeof reason !== 'string')
      throw acError('invalid-argument', 'reject: reason must be a string');
    requireCommandOptions(options, this.#options.commandTimeoutMs, 'reject');
    const frame = encodeReject(reason, options.code);
    const session = this.#sessionFor(callId);
    try {
      await session.send(frame);
    } catch (error) {
      this.engine.dropLostOffer(callId, error);
      throw error;
    }
    session.closeAfter(REJECT_LINGER_MS);
    this.engine.remove(callId, 'rejected', frame);
    return { requestId: localId(), raw: {} };
  }

  /**
   * Inbound only: answers 180 (or 183 with early media, a ringtone) before `accept`, opening
   * the call's session. The server attaches no ASR/VAD to a call rung first: accept directly
   * when the call needs speech recognition.
   */
  async ringing(
    callId: string,
    params: RingingParams = {},
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    requireText(callId, 'callId');
    this.#requireConnected('ringing');
    this.engine.requireOffer(callId, 'ringing');
    requireCommandOptions(options, this.#options.commandTimeoutMs, 'ringing');
    const frame = encodeRinging(params);
    const session = this.#sessionFor(callId);
    await session.send(frame);
    this.#rung.add(callId);
    return { requestId: localId(), raw: {} };
  }

  /**
   * Ends a call: sends `hangup` (reason, initiator, BYE headers) and resolves once the server
   * closed the session (or after `timeoutMs`, when the client closes it). A call still ringing
   * is cancelled by closing its session; an offer not yet accepted is rejected.
   */
  async hangup(callId: string, options: ActiveCallHangupOptions = {}): Promise<CommandResult> {
    requireText(callId, 'callId');
    const call = this.engine.get(callId);
    if (!call) throw this.engine.untracked(callId, 'hangup');
    requirePlainObject(options, 'hangup options');
    const { signal, timeoutMs, ...fields } = options;
    encodeHangup(fields);
    if (call.state === 'incoming' && !call.claimed) {
      return this.reject(callId, fields.reason ?? 'rejected', {
        ...(signal ? { signal } : {}),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    }
    const session = this.#sessions.get(callId);
    if (!session) {
      this.engine.remove(callId, 'hangup');
      return { requestId: localId(), raw: {} };
    }
    await session.hangup(fields, {
      ...(signal ? { signal } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    return { requestId: localId(), raw: {} };
  }

  /** Active Call cannot send DTMF: always rejects with `unsupported`, nothing is sent. */
  sendDtmf(callId: string, digits: string, options?: CommandOptions): Promise<CommandResult> {
    void callId;
    void digits;
    void options;
    return this.unsupported('sendDtmf', 'sendDtmf');
  }

  /**
   * Transfers a call with `refer`: the server dials `destination` (a SIP URI, or a number made
   * one with `sipDomain`) and bridges it in. Resolves once the new leg answered.
   */
  async transfer(
    callId: string,
    destination: string,
    params: ActiveCallTransferParams = {},
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    requireText(callId, 'callId');
    const call = this.engine.requireCall(callId, 'transfer');
    requirePlainObject(params, 'transfer params');
    const callee = this.#target(destination, 'sip', 'destination');
    const details = call.details as ActiveCallDetails | undefined;
    const caller =
      params.caller ??
      (call.direction === 'inbound'
        ? (details?.callee ?? call.to)
        : (details?.caller ?? call.from));
    if (typeof caller !== 'string' || caller === '') {
      throw acError(
        'invalid-argument',
        'transfer: this call has no caller URI; pass params.caller',
        {
          callId,
        },
      );
    }
    const session = this.session(callId);
    const answer = await session.refer(caller, callee, params.options, options);
    return { requestId: localId(), raw: answer };
  }

  /**
   * The session of a call (commands: `tts`, `play`, `interrupt`, `refer`…; events, transcript,
   * audio). Throws `unknown-call` for a call this client does not track, and
   * `invalid-call-state` for an offer nobody rang or accepted yet (it has no session).
   */
  session(callId: string): ActiveCallSession {
    requireText(callId, 'callId');
    const session = this.#sessions.get(callId);
    if (session) return session;
    const call = this.engine.requireCall(callId, 'session');
    throw acError(
      'invalid-call-state',
      `session: call ${call.callId} is an offer without a session yet (accept or ring it first)`,
      { callId },
    );
  }

  /**
   * The webhook intake (framework-agnostic): give it the body of the server's POST (raw bytes,
   * text, or an already parsed object). Resolves as soon as the offer is on `incoming$`: answer
   * the POST with 2xx then, quickly (the server rejects the caller with 503 on a non-2xx or a
   * slow answer). Rejects with `webhook-malformed` (`statusCode` 400/413) for a bad body, and
   * with `not-connected`/`closed`/`no-resource` (`statusCode` 503) when it takes no calls.
   */
  async handleWebhook(body: unknown): Promise<void> {
    const status = this.#state.value.status;
    if (status !== 'connected') {
      throw acError(
        status === 'closed' ? 'closed' : 'not-connected',
        'webhook: the client takes no calls (connect() it first)',
        { statusCode: 503 },
      );
    }
    const parsed = parseWebhook(body);
    if (parsed.kind === 'other') {
      this.#options.logger.debug('webhook ignored (not an invite)', { event: parsed.event });
      return;
    }
    const { invite } = parsed;
    if (this.engine.get(invite.dialogId) || this.#sessions.has(invite.dialogId)) {
      this.#options.logger.debug('webhook for a known call ignored', { callId: invite.dialogId });
      return;
    }
    if (this.engine.calls.size >= this.#options.maxCalls) {
      throw acError(
        'no-resource',
        `webhook: the client already has ${this.#options.maxCalls} calls`,
        {
          statusCode: 503,
          callId: invite.dialogId,
        },
      );
    }
    this.#tracker.trackOffer(invite);
  }

  /** The backend's name, for messages. */
  protected get backendName(): string {
    return 'Active Call';
  }

  // ---- internals ---------------------------------------------------------------------------

  #requireConnected(command: string): void {
    const status = this.#state.value.status;
    if (status === 'connected') return;
    if (status === 'closed') throw acError('closed', `${command}: the client was closed`);
    throw acError('not-connected', `${command}: call connect() first`);
  }

  #requireRoom(command: string): void {
    if (this.engine.calls.size < this.#options.maxCalls) return;
    throw acError(
      'no-resource',
      `${command}: the client already has ${this.#options.maxCalls} calls (maxCalls)`,
    );
  }

  /** A dialable target: a SIP URI as given, a number made a URI with `sipDomain`. */
  #target(value: unknown, type: CallType, name = 'to'): string {
    if (type !== 'sip' && (value === '' || value === undefined)) return '';
    if (typeof value !== 'string') {
      throw acError('invalid-argument', `${name} must be a number or a sip: URI`);
    }
    if (/^(sips?|tel):/i.test(value)) return requireText(value, name, 2048);
    const number = requireDialTarget(value, name);
    if (/^sips?:/i.test(number)) return number;
    return this.#options.sipDomain === undefined
      ? number
      : `sip:${number}@${this.#options.sipDomain}`;
  }

  /** The call's session, opened on `/call/sip?id=<callId>` for an offer that has none yet. */
  #sessionFor(callId: string): CallSession {
    return this.#sessions.get(callId) ?? this.#open(callId, 'sip');
  }

  #open(callId: string, type: CallType): CallSession {
    const options = this.#options;
    const session = new CallSession(
      {
        callId,
        type,
        url: sessionUrl(options.endpoint, type, {
          id: callId,
          dump: options.dump,
          pingSeconds: options.pingSeconds,
          ...(options.serverSideTrack === 'server-side-track'
            ? {}
            : { serverSideTrack: options.serverSideTrack }),
        }),
        serverSideTrack: options.serverSideTrack,
        WebSocket: options.WebSocket,
        openTimeoutMs: options.openTimeoutMs,
        keepAlive: options.keepAlive,
        commandTimeoutMs: options.commandTimeoutMs,
        logger: options.logger,
      },
      {
        event: (source, event, reportable) => this.#onEvent(source, event, reportable),
        problem: (error) => this.engine.report(error),
        localEnd: (source) => this.#tracker.localEnd(source.callId),
        closed: (source, closure) => this.#onClosed(source, closure),
        ...(this.#insecureWarning === undefined
          ? {}
          : { credentialSent: () => this.#warnInsecure() }),
      },
    );
    this.#sessions.set(callId, session);
    session.open();
    return session;
  }

  /** Once per client (the endpoint never changes): a later session's frames are not searched. */
  #warnInsecure(): void {
    if (this.#insecureWarning === undefined) return;
    this.#options.logger.warn(this.#insecureWarning);
    this.#insecureWarning = undefined;
  }

  #onEvent(session: CallSession, event: ActiveCallEvent, reportable: boolean): void {
    if (event.event !== 'error') {
      // One change or one emission: the engine publishes it in order without an outer batch.
      this.#tracker.apply(session.callId, event, !reportable);
      return;
    }
    this.engine.batch(() => {
      this.#tracker.apply(session.callId, event, !reportable);
      if (event.event === 'error' && reportable && !('unknown' in event)) {
        this.engine.report(
          acError('server-error', `call ${session.callId}: ${String(event.sender)} failed`, {
            callId: session.callId,
            action: String(event.sender),
            serverError: String(event.error),
            ...(typeof event.code === 'number' ? { statusCode: event.code } : {}),
          }),
        );
      }
    });
  }

  #onClosed(session: CallSession, closure: SessionClosure): void {
    const { callId } = session;
    if (this.#sessions.get(callId) === session) this.#sessions.delete(callId);
    const timer = this.#endTimers.get(callId);
    if (timer !== undefined) clearTimeout(timer);
    this.#endTimers.delete(callId);
    this.engine.batch(() => {
      const call = this.engine.get(callId);
      if (closure.by === 'network' && closure.error && call) this.engine.report(closure.error);
      this.#tracker.sessionClosed(callId, closure);
    });
  }

  /** A call left `calls$`: its session must not outlive it for long. */
  #removed(call: ActiveCall): void {
    const { callId } = call;
    this.#tracker.forget(callId);
    this.#rung.delete(callId);
    const session = this.#sessions.get(callId);
    if (!session || session.state === 'closed') return;
    if (call.state === 'incoming' && !call.claimed && !session.settingUp) {
      // An offer that expired or was ignored: the server drops the pending call with the socket.
      // (A rejected one closes after its linger, which the reject set up.)
      session.closeAfter(REJECT_LINGER_MS);
      return;
    }
    this.#armEndTimer(callId, session);
  }

  /** Closes `session` after {@link END_GRACE_MS} unless the server closes it first. */
  #armEndTimer(callId: string, session: CallSession): void {
    if (session.state === 'closed' || this.#endTimers.has(callId)) return;
    const timer = setTimeout(() => {
      this.#endTimers.delete(callId);
      session.terminate();
    }, END_GRACE_MS);
    this.#endTimers.set(callId, timer);
  }

  /** After a failed accept: "no pending call" means the offer is gone. */
  #acceptFailed(callId: string, error: unknown): void {
    const call = this.engine.get(callId);
    if (!call || call.claimed) return;
    if (!(error instanceof Error) || (error as { code?: string }).code !== 'call-not-found') return;
    const expired = call.expiresAt !== undefined && this.engine.now() >= call.expiresAt;
    this.engine.remove(callId, expired ? 'expired' : 'not-found');
  }
}

/** Creates an Active Call client. Nothing is opened until a dial or an offer needs a socket. */
export function createActiveCallClient(options: ActiveCallClientOptions): ActiveCallClient {
  return new ActiveCallClient(options);
}
