import { nanoid } from 'nanoid';
import { BehaviorSubject, filter, map, type Observable, Subject } from 'rxjs';
import type { Call, CallEndReason } from '../calls/call';
import { CallStore, type DialDraft } from '../calls/callStore';
import type { CallTable } from '../calls/callTable';
import type { ErrorCode } from '../codes';
import {
  CallError,
  type CallstreamError,
  createError,
  isCallstreamError,
  ValidationError,
} from '../errors';
import type { CallEvent, DtmfReceived } from '../events';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from '../options';
import type {
  AcceptParams,
  BridgeParams,
  CommandOptions,
  CommandResult,
  DialParams,
  DialResult,
  HangupOptions,
  TransferParams,
} from '../params';
import { decodeEvent } from '../protocol/decode';
import {
  type EncodedCommand,
  encodeAccept,
  encodeBridge,
  encodeCallAction,
  encodeDial,
  encodeRegister,
  encodeReject,
  encodeSendDtmf,
  encodeSubscribe,
  encodeTransfer,
  MULTI,
  resolveAppId,
} from '../protocol/encode';
import { type CommandReply, judgeReply } from '../protocol/replies';
import type { WireObject } from '../protocol/wire';
import type { ClientState } from '../state';
import { requireDialTarget, requireDtmf, requireNumberList, requireText } from '../validation';
import { callObservable } from './callObservable';
import { ConnectionManager } from './connectionManager';
import { type IncomingCall, toIncomingCall } from './incomingCall';
import { RecentMap } from './recentMap';
import { Timers } from './timers';

/** What {@link CallstreamClient.connect} resolves with. */
export interface Connected {
  /** The server's `session_id` for this connection. */
  readonly sessionId: string;
}

/** How long after a successful hangup reply a call is dropped if its `call_hangup` never comes. */
const HANGUP_GRACE_MS = 10_000;

/**
 * A Call Manager client: reactive streams of calls and events plus promise-returning commands.
 * Create it with {@link createClient}; see docs/getting-started.md.
 */
export class CallstreamClient implements AsyncDisposable {
  private readonly options: ResolvedOptions;
  private readonly connection: ConnectionManager;
  private readonly store: CallStore;
  private readonly timers = new Timers();
  private readonly table: BehaviorSubject<CallTable>;
  private readonly eventSubject = new Subject<CallEvent>();
  private readonly errorSubject = new Subject<CallstreamError>();
  private readonly accepting = new Set<string>();
  /** Why recently removed calls ended, to explain later commands on them. */
  private readonly ended = new RecentMap<string, CallEndReason>();
  /** Dials that failed locally (timeout, abort) and whose reply may still come, by request id. */
  private readonly lateDials = new RecentMap<string, DialDraft>();
  private committedNumbers: readonly string[];
  private dispatchQueue: CallEvent[][] = [];
  private subscribing = 0;
  private dispatching = false;

  /** Connection state: the current value on subscribe, then every real transition. */
  readonly state$: Observable<ClientState>;
  /** Every tracked call by id: the current table on subscribe, then a new immutable table per change. */
  readonly calls$: Observable<ReadonlyMap<string, Call>>;
  /** Every lifecycle event, typed by `type`; unknown server events pass through as `unknown`. */
  readonly events$: Observable<CallEvent> = this.eventSubject.asObservable();
  /** Inbound calls offered to this client, with accept / reject / ignore. */
  readonly incoming$: Observable<IncomingCall>;
  /** DTMF received on any tracked call (one or several digits per item, as the server sent them). */
  readonly dtmf$: Observable<DtmfReceived>;
  /** Non-fatal problems: malformed frames, lost connections, failed reconnect attempts. */
  readonly errors$: Observable<CallstreamError> = this.errorSubject.asObservable();

  constructor(options: ClientOptions) {
    this.options = resolveOptions(options);
    this.committedNumbers = this.options.subscribeNumbers;
    this.store = new CallStore(() => this.options.appId, this.options.incomingTimeoutMs);
    this.table = new BehaviorSubject(this.store.table);
    this.calls$ = this.table.asObservable();
    this.connection = new ConnectionManager(this.options, {
      register: () =>
        encodeRegister(
          this.options.authToken,
          this.options.clientId,
          this.options.appId,
          this.committedNumbers,
        ),
      onEvent: (frame) => this.handleEvent(frame),
      onConnected: (_sessionId, reconnects) => this.handleConnected(reconnects),
      onDisconnected: (error) => this.handleDisconnected(error),
      onStopped: (error) => this.handleStopped(error),
      onError: (error) => this.errorSubject.next(error),
      onLateReply: (frame) => this.handleLateReply(frame),
      // Re-sending the confirmed list changes nothing, unless a subscribe() is in flight: then
      // an old list could overtake the new one on the server, so that beat is skipped.
      heartbeat: () => (this.subscribing > 0 ? undefined : encodeSubscribe(this.committedNumbers)),
    });
    this.state$ = this.connection.state$;
    this.incoming$ = this.events$.pipe(
      filter((event) => event.type === 'incoming'),
      map((event) => toIncomingCall(event.call, this.incomingActions)),
    );
    this.dtmf$ = this.events$.pipe(
      filter((event) => event.type === 'dtmf'),
      map(({ callId, digits, call, receivedAt }) => ({ callId, digits, call, receivedAt })),
    );
  }

  /** Connects and registers; resolves with the server's session id. Rejects with a typed error. */
  connect(): Promise<Connected> {
    return this.connection.connect();
  }

  /** Closes the connection, fails pending commands with `closed` and removes every call. Idempotent; the client can connect again later. */
  async close(): Promise<void> {
    this.connection.close();
  }

  /** Same as {@link close}, for `await using client = createClient(…)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** The latest connection state. */
  get state(): ClientState {
    return this.connection.current;
  }

  /** The DIDs the server confirmed for this connection (re-sent on every reconnect). */
  get subscribedNumbers(): readonly string[] {
    return this.committedNumbers;
  }

  /** Snapshot of every tracked call. */
  activeCalls(): Call[] {
    return [...this.store.table.values()];
  }

  /** One call's snapshot, if tracked. */
  getCall(callId: string): Call | undefined {
    return this.store.table.get(callId);
  }

  /** One call's snapshots: the current one (if tracked), every change, then completes when it leaves `calls$`. */
  call$(callId: string): Observable<Call> {
    return callObservable(callId, this.table, this.events$);
  }

  /** Places an outbound call; resolves when the server accepted it (events follow on the streams). */
  async dial(params: DialParams, options: CommandOptions = {}): Promise<DialResult> {
    requireParams(params, 'dial');
    const appId = this.appIdFor(undefined, params.appId);
    if (this.isMulti && appId === undefined) {
      throw new ValidationError(
        'appid-required',
        'dial: appId is required when the client registered as MULTI',
      );
    }
    const command = encodeDial(params, appId);
    const requestId = this.newRequestId(command.action);
    const { fields } = command;
    const draft: DialDraft = {
      appId: appId ?? '',
      channel: fields.channel as string,
      uid: fields.uid as string,
      from: fields.from as string,
      to: fields.to as string,
    };
    const started = this.store.beginDial(requestId, draft);
    if (!started) {
      throw new ValidationError(
        'duplicate-dial',
        `dial: another dial with ${appId ?? ''}:${String(fields.channel)}:${String(fields.uid)} is still waiting for its reply`,
      );
    }
    let reply: CommandReply;
    try {
      reply = await this.execute(command, options, requestId);
    } catch (error) {
      this.store.endDial(requestId);
      // `outbound` is not idempotent: a reply that comes after all must not lose the call.
      if (isCallstreamError(error, 'command-timeout') || isCallstreamError(error, 'aborted')) {
        this.lateDials.set(requestId, draft);
      }
      throw error;
    }
    const callId = typeof reply.data.callid === 'string' ? reply.data.callid : '';
    if (callId === '') {
      this.store.endDial(requestId);
      throw createError('command-failed', 'dial: the reply carried no callid', {
        requestId,
        action: 'outbound',
        cause: reply.raw,
      });
    }
    this.apply(this.store.endDial(requestId, callId));
    const gatewayIp = typeof reply.data.gateway_ip === 'string' ? reply.data.gateway_ip : undefined;
    return { callId, raw: reply.raw, ...(gatewayIp ? { gatewayIp } : {}) };
  }

  /** Claims an incoming call and bridges it into a channel. First accept wins across clients. */
  async accept(
    callId: string,
    params: AcceptParams,
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    const call = this.requireOffer(callId, 'accept');
    requireParams(params, 'accept');
    const appId = this.appIdFor(call, params.appId);
    if (this.isMulti && appId === undefined) {
      throw new ValidationError(
        'appid-required',
        'accept: the offer names no appid; pass appId when the client registered as MULTI',
        { callId },
      );
    }
    const command = encodeAccept(callId, params, appId);
    this.accepting.add(callId);
    try {
      const reply = await this.execute(command, options);
      this.timers.clear(`expire:${callId}`);
      // Claimed: no deadline any more, and the call now lives in the accepted channel.
      this.store.update(callId, ({ expiresAt: _claimed, ...current }) => ({
        ...current,
        claimed: true,
        appId: appId ?? current.appId,
        channel: command.fields.channel as string,
        uid: command.fields.uid as string,
      }));
      this.publish([]);
      return this.result(reply);
    } catch (error) {
      this.dropLostOffer(callId, error);
      throw error;
    } finally {
      this.accepting.delete(callId);
    }
  }

  /** Refuses an incoming call for every client; it leaves `calls$` once the server confirms. */
  async reject(callId: string, reason = '', options: CommandOptions = {}): Promise<CommandResult> {
    const call = this.requireOffer(callId, 'reject');
    if (typeof reason !== 'string')
      throw new ValidationError('invalid-argument', 'reject: reason must be a string');
    const command = encodeReject(callId, reason, this.appIdFor(call));
    try {
      const reply = await this.execute(command, options);
      this.removeCall(callId, 'rejected');
      return this.result(reply);
    } catch (error) {
      this.dropLostOffer(callId, error);
      throw error;
    }
  }

  /** Drops an incoming call locally; the server is not told (another client may take it). */
  ignore(callId: string): void {
    const call = this.store.table.get(callId);
    if (call?.state === 'incoming') this.removeCall(callId, 'ignored');
  }

  /**
   * Ends a call: `endcall` for calls this client dialled, `hangup` for inbound ones (override with
   * `options.action`, required for calls this client does not track). The call leaves `calls$`
   * when its `call_hangup` arrives, or 10 s after the reply at the latest.
   */
  async hangup(callId: string, options: HangupOptions = {}): Promise<CommandResult> {
    requireText(callId, 'callId');
    const call = this.store.table.get(callId);
    if (!call && !options.action) throw this.untracked(callId, 'hangup');
    const action = options.action ?? (call?.direction === 'outbound' ? 'endcall' : 'hangup');
    const reply = await this.execute(
      encodeCallAction(action, callId, this.appIdFor(call)),
      options,
    );
    if (this.store.table.has(callId)) {
      this.timers.set(`hangup:${callId}`, HANGUP_GRACE_MS, () => this.removeCall(callId, 'hangup'));
    }
    return this.result(reply);
  }

  /** Sends DTMF digits (`0-9`, `*`, `#`) on a call. */
  async sendDtmf(
    callId: string,
    digits: string,
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    const call = this.requireCall(callId, 'sendDtmf');
    const command = encodeSendDtmf(callId, requireDtmf(digits), this.appIdFor(call));
    return this.result(await this.execute(command, options));
  }

  /** Bridges a call into a media channel, or moves a bridged call to another one. */
  async bridge(
    callId: string,
    params: BridgeParams,
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    const call = this.requireCall(callId, 'bridge');
    requireParams(params, 'bridge');
    const command = encodeBridge(callId, params, this.appIdFor(call, params.appId));
    return this.result(await this.execute(command, options));
  }

  /** Takes a call out of its media channel; the phone leg stays up. */
  async unbridge(callId: string, options: CommandOptions = {}): Promise<CommandResult> {
    const call = this.requireCall(callId, 'unbridge');
    const command = encodeCallAction('unbridge', callId, this.appIdFor(call));
    return this.result(await this.execute(command, options));
  }

  /** Transfers a call (SIP REFER) to a number or SIP URI. */
  async transfer(
    callId: string,
    destination: string,
    params: TransferParams = {},
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    const call = this.requireCall(callId, 'transfer');
    const target = requireDialTarget(destination, 'destination');
    if (params.leg !== undefined && !['aleg', 'bleg', 'A', 'B'].includes(params.leg)) {
      throw new ValidationError(
        'invalid-argument',
        `transfer: leg must be aleg, bleg, A or B (got ${JSON.stringify(params.leg)})`,
      );
    }
    const command = encodeTransfer(callId, target, params.leg, this.appIdFor(call));
    return this.result(await this.execute(command, options));
  }

  /**
   * Replaces this connection's DID subscriptions (empty = every DID allowed for the app id). The
   * list is committed only once the server confirms it, and re-sent on every reconnect.
   */
  async subscribe(
    numbers: readonly string[],
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    const list = requireNumberList(numbers, 'numbers');
    this.subscribing += 1;
    try {
      const reply = await this.execute(encodeSubscribe(list), options);
      this.committedNumbers = list;
      return this.result(reply);
    } finally {
      this.subscribing -= 1;
    }
  }

  private get isMulti(): boolean {
    return this.options.appId === MULTI;
  }

  /** The one appid rule of every command: explicit, else the call's, else the registered one. */
  private appIdFor(call: Call | undefined, explicit?: string): string | undefined {
    return resolveAppId(explicit, call?.appId, this.options.appId);
  }

  private readonly incomingActions = {
    accept: (callId: string, params: AcceptParams, options?: CommandOptions) =>
      this.accept(callId, params, options),
    reject: (callId: string, reason?: string, options?: CommandOptions) =>
      this.reject(callId, reason, options),
    ignore: (callId: string) => this.ignore(callId),
  };

  private newRequestId(action: string): string {
    return `${action}_${nanoid(12)}`;
  }

  private async execute(
    command: EncodedCommand,
    options: CommandOptions,
    requestId = this.newRequestId(command.action),
  ): Promise<CommandReply> {
    const frame = await this.connection.send(command, requestId, options);
    const judged = judgeReply(frame, command.action, requestId);
    if (judged instanceof Error) throw judged;
    return judged;
  }

  private result(reply: CommandReply): CommandResult {
    return {
      requestId: reply.raw.request_id as string,
      raw: reply.raw,
      ...(reply.statusCode === undefined ? {} : { statusCode: reply.statusCode }),
    };
  }

  /**
   * An offer this client can still answer: incoming, not claimed by an earlier accept of ours,
   * and not being accepted right now (a double click must not lose the call we won).
   */
  private requireOffer(callId: string, command: 'accept' | 'reject'): Call {
    const call = this.requireCall(callId, command);
    if (call.state !== 'incoming' || call.claimed || this.accepting.has(callId)) {
      const why = call.state !== 'incoming' ? call.state : 'already being accepted or accepted';
      throw new ValidationError(
        'invalid-call-state',
        `${command}: call ${callId} is ${why}, not an open offer`,
        {
          callId,
        },
      );
    }
    return call;
  }

  /** After a failed accept/reject: the offer is gone if the server no longer knows it or it expired. */
  private dropLostOffer(callId: string, error: unknown): void {
    if (this.store.table.get(callId)?.claimed) return;
    if (isCallstreamError(error, 'call-not-found')) this.removeCall(callId, 'claimed-elsewhere');
    else if (this.isPastDeadline(callId)) this.removeCall(callId, 'expired');
  }

  private requireCall(callId: string, command: string): Call {
    requireText(callId, 'callId');
    const call = this.store.table.get(callId);
    if (!call) throw this.untracked(callId, command);
    return call;
  }

  /** Explains a command on a call this client does not (or no longer) track. */
  private untracked(callId: string, command: string): CallstreamError {
    const reason = this.ended.get(callId);
    if (reason === 'expired') {
      return new CallError(
        'call-expired',
        `${command}: incoming call ${callId} expired before it was claimed`,
        { callId },
      );
    }
    const code: ErrorCode = reason === 'claimed-elsewhere' ? 'call-not-found' : 'unknown-call';
    const why = reason ? ` (it ended: ${reason})` : '';
    return createError(code, `${command}: call ${callId} is not tracked by this client${why}`, {
      callId,
    });
  }

  private isPastDeadline(callId: string): boolean {
    const expiresAt = this.store.table.get(callId)?.expiresAt;
    return expiresAt !== undefined && Date.now() >= expiresAt;
  }

  /** A reply after its command gave up: only a successful late dial matters (a live call). */
  private handleLateReply(frame: WireObject): void {
    const requestId = frame.request_id as string;
    const draft = this.lateDials.take(requestId);
    const reply = draft ? judgeReply(frame, 'outbound', requestId) : undefined;
    const callId = reply && !(reply instanceof Error) ? reply.data.callid : undefined;
    if (!draft || typeof callId !== 'string' || callId === '') {
      this.options.logger.debug('late reply discarded', { requestId });
      return;
    }
    this.store.trackLateDial(draft, callId);
    this.apply([]);
    this.errorSubject.next(
      createError(
        'late-dial',
        `a dial that had given up was placed after all: call ${callId} is tracked now`,
        {
          requestId,
          action: 'outbound',
          callId,
        },
      ),
    );
  }

  private handleEvent(frame: WireObject): void {
    const decoded = decodeEvent(frame);
    if (typeof decoded === 'string') {
      this.errorSubject.next(
        createError('malformed-frame', `skipped a malformed event: ${decoded}`, { cause: frame }),
      );
      return;
    }
    const events = this.store.applyEvent(decoded);
    if (events.length === 0) {
      this.options.logger.debug('event for an untracked call ignored', {
        event: decoded.event,
        callid: decoded.wireCallId,
      });
      return;
    }
    this.apply(events);
  }

  /** Does the bookkeeping the store's output needs (deadlines, forgetting), then publishes it. */
  private apply(events: CallEvent[]): void {
    for (const event of events) {
      if (event.type === 'incoming') this.scheduleExpiry(event.callId);
      if (event.type === 'removed') this.forgetCall(event.callId, event.reason);
    }
    this.publish(events);
  }

  private scheduleExpiry(callId: string): void {
    this.timers.set(`expire:${callId}`, this.options.incomingTimeoutMs, () => {
      // While an accept is in flight the server decides; its reply removes or keeps the call.
      if (!this.accepting.has(callId) && this.store.table.get(callId)?.state === 'incoming') {
        this.removeCall(callId, 'expired');
      }
    });
  }

  private handleConnected(reconnects: number): void {
    if (reconnects === 0) return;
    for (const call of this.store.table.values()) {
      if (!call.stale) continue;
      this.timers.set(`stale:${call.callId}`, this.options.staleCallTimeoutMs, () => {
        if (this.store.table.get(call.callId)?.stale) this.removeCall(call.callId, 'stale');
      });
    }
  }

  /**
   * Reconciliation rule (docs/concepts.md): unclaimed offers die with the connection that
   * received them; every other call is kept but marked `stale` until an event confirms it.
   */
  private handleDisconnected(error: CallstreamError): void {
    this.errorSubject.next(error);
    this.store.clearPendingDials();
    for (const call of this.store.table.values()) {
      if (call.state === 'incoming' && !call.claimed)
        this.removeCall(call.callId, 'connection-lost');
      else this.store.update(call.callId, (current) => ({ ...current, stale: true }));
    }
    this.publish([]);
  }

  private handleStopped(error: CallstreamError | undefined): void {
    this.timers.clearAll();
    const reason: CallEndReason = error ? 'connection-lost' : 'client-closed';
    for (const call of this.store.table.values()) this.removeCall(call.callId, reason);
  }

  private removeCall(callId: string, reason: CallEndReason): void {
    this.apply(this.store.remove(callId, reason));
  }

  private forgetCall(callId: string, reason: CallEndReason): void {
    this.timers.clear(`expire:${callId}`);
    this.timers.clear(`hangup:${callId}`);
    this.timers.clear(`stale:${callId}`);
    this.ended.set(callId, reason);
  }

  /**
   * Emits the new table, then the events, in order. A subscriber that changes calls while being
   * notified (e.g. ignore() inside incoming$) queues its changes behind the current batch, so
   * every subscriber sees events in the same order.
   */
  private publish(events: CallEvent[]): void {
    this.dispatchQueue.push(events);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      while (this.dispatchQueue.length > 0) {
        const batch = this.dispatchQueue.shift() ?? [];
        if (this.table.value !== this.store.table) this.table.next(this.store.table);
        for (const event of batch) this.eventSubject.next(event);
      }
    } finally {
      this.dispatching = false;
    }
  }
}

function requireParams(params: unknown, command: string): void {
  if (typeof params !== 'object' || params === null) {
    throw new ValidationError('invalid-argument', `${command}: a params object is required`);
  }
}

/** Creates a Call Manager client. Nothing is sent until {@link CallstreamClient.connect}. */
export function createClient(options: ClientOptions): CallstreamClient {
  return new CallstreamClient(options);
}
