import type { Observable } from 'rxjs';
import { CallEngine } from '../engine/callEngine';
import { CallClientBase } from '../engine/clientBase';
import type { CallControl, Capability, Connected } from '../engine/control';
import type { CallEvent } from '../engine/events';
import type { ClientState } from '../engine/state';
import { type CallstreamError, createError, isCallstreamError, ValidationError } from '../errors';
import {
  requireCommandOptions,
  requireDialTarget,
  requireDtmf,
  requireNumberList,
  requireText,
} from '../validation';
import type { Call } from './call';
import { CmCallTracker, type DialDraft } from './callTracker';
import { CommandRunner, commandResult, newRequestId } from './commandRunner';
import { ConnectionManager } from './connectionManager';
import { LateReplies } from './lateReplies';
import { withMedia } from './media';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './options';
import {
  checkAcceptParams,
  checkBridgeParams,
  checkDialParams,
  checkHangupAction,
  checkRejectReason,
  checkTransferParams,
} from './paramChecks';
import type {
  AcceptParams,
  BridgeParams,
  CommandOptions,
  CommandResult,
  DialParams,
  DialResult,
  HangupOptions,
  TransferParams,
} from './params';
import { decodeEvent } from './protocol/decode';
import {
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
} from './protocol/encode';
import type { WireObject } from './protocol/wire';

export type { Connected } from '../engine/control';

/** What the Call Manager backend can do. */
export type CmCapability = Extract<
  Capability,
  | 'dial'
  | 'inbound'
  | 'sendDtmf'
  | 'receiveDtmf'
  | 'transfer'
  | 'bridge'
  | 'sharedOffers'
  | 'reconnect'
>;

const CM_CAPABILITIES: ReadonlySet<CmCapability> = new Set<CmCapability>([
  'dial',
  'inbound',
  'sendDtmf',
  'receiveDtmf',
  'transfer',
  'bridge',
  'sharedOffers',
  'reconnect',
]);

/**
 * A Call Manager client: reactive streams of calls and events plus promise-returning commands.
 * Create it with {@link createClient}; see docs/getting-started.md. It implements the
 * provider-neutral {@link CallControl} contract, plus the CM's own commands (`bridge`,
 * `unbridge`, `subscribe`). Its internals are true private fields, so neither `console.log`
 * nor `util.inspect` can show the auth token it holds.
 */
export class CallstreamClient
  extends CallClientBase<Call, AcceptParams, CallEvent>
  implements CallControl<Call, CmCapability>
{
  /** This client's backend: the Call Manager. */
  readonly backend = 'cm';
  /** What the Call Manager can do. */
  readonly capabilities: ReadonlySet<CmCapability> = CM_CAPABILITIES;
  /** Connection state: the current value on subscribe, then every real transition. */
  readonly state$: Observable<ClientState>;
  readonly #options: ResolvedOptions;
  readonly #connection: ConnectionManager;
  readonly #tracker: CmCallTracker;
  readonly #late: LateReplies;
  readonly #commands: CommandRunner;
  #committedNumbers: readonly string[];
  #subscribing = 0;

  constructor(options: ClientOptions) {
    const resolved = resolveOptions(options);
    let tracker: CmCallTracker | undefined;
    super(
      new CallEngine<Call>({
        logger: resolved.logger,
        incomingTimeoutMs: resolved.incomingTimeoutMs,
        staleCallTimeoutMs: resolved.staleCallTimeoutMs,
        onRemoved: (call) => tracker?.forget(call),
      }),
    );
    this.#options = resolved;
    this.#committedNumbers = resolved.subscribeNumbers;
    tracker = new CmCallTracker(this.engine, () => resolved.appId, resolved.incomingTimeoutMs);
    this.#tracker = tracker;
    this.#late = new LateReplies(this.engine, tracker, resolved.logger);
    this.#connection = new ConnectionManager(resolved, {
      register: () =>
        encodeRegister(
          resolved.authToken,
          resolved.clientId,
          resolved.appId,
          this.#committedNumbers,
        ),
      onEvent: (frame) => this.#handleEvent(frame),
      onConnected: (_sessionId, reconnects) => {
        if (reconnects > 0) this.engine.armStaleTimers();
      },
      onDisconnected: (error) => this.#handleDisconnected(error),
      onStopped: (error) => this.engine.removeAll(error ? 'connection-lost' : 'client-closed'),
      onError: (error) => this.engine.report(error),
      onLateReply: (frame) => this.#late.handle(frame),
      // Re-sending the confirmed list changes nothing, unless a subscribe() is in flight: then
      // an old list could overtake the new one on the server, so that beat is skipped.
      heartbeat: () =>
        this.#subscribing > 0 ? undefined : encodeSubscribe(this.#committedNumbers),
    });
    this.state$ = this.#connection.state$;
    this.#commands = new CommandRunner(this.#connection, this.engine);
  }

  /** Connects and registers; resolves with the server's session id. Rejects with a typed error. */
  connect(): Promise<Connected> {
    return this.#connection.connect();
  }

  /** Closes the connection, fails pending commands with `closed` and removes every call. Idempotent; the client can connect again later. */
  async close(): Promise<void> {
    this.#connection.close();
  }

  /** The latest connection state. */
  get state(): ClientState {
    return this.#connection.current;
  }

  /** The DIDs the server confirmed for this connection (re-sent on every reconnect). */
  get subscribedNumbers(): readonly string[] {
    return this.#committedNumbers;
  }

  /**
   * Places an outbound call; resolves when the server accepted it (events follow on the
   * streams). Without `channel`/`uid` the `media` option picks them.
   */
  async dial(params: DialParams, options?: CommandOptions): Promise<DialResult> {
    const checked = checkDialParams(params);
    const commandOptions = requireCommandOptions(options, 'dial');
    const appId = this.#appIdFor(undefined, checked.appId);
    if (this.#isMulti && appId === undefined) {
      throw new ValidationError(
        'appid-required',
        'dial: appId is required when the client registered as MULTI',
      );
    }
    const media = await withMedia(
      checked,
      { direction: 'outbound', from: checked.from, to: checked.to, ...(appId ? { appId } : {}) },
      this.#options.media,
      'dial',
    );
    const command = encodeDial(media, appId);
    const requestId = newRequestId(command.action);
    const { fields } = command;
    const draft: DialDraft = {
      appId: appId ?? '',
      channel: fields.channel as string,
      uid: fields.uid as string,
      from: fields.from as string,
      to: fields.to as string,
    };
    if (!this.#tracker.beginDial(requestId, draft)) {
      throw new ValidationError(
        'duplicate-dial',
        `dial: another dial with ${appId ?? ''}:${String(fields.channel)}:${String(fields.uid)} is still waiting for its reply`,
      );
    }
    try {
      return await this.#commands.run(command, commandOptions, {
        requestId,
        onReply: (reply) => {
          const callId = typeof reply.data.callid === 'string' ? reply.data.callid : '';
          if (callId === '') {
            throw createError('command-failed', 'dial: the reply carried no callid', {
              requestId,
              action: 'outbound',
              cause: reply.raw,
            });
          }
          if (this.engine.get(callId) !== undefined) {
            // A new call cannot have the id of one already tracked: trusting the reply would
            // overwrite that call (and move it backwards). Keep the call, refuse the reply.
            throw createError(
              'malformed-frame',
              `dial: the reply names call ${callId}, which this client already tracks`,
              { requestId, action: 'outbound', callId, cause: reply.raw },
            );
          }
          const gatewayIp =
            typeof reply.data.gateway_ip === 'string' ? reply.data.gateway_ip : undefined;
          this.#tracker.endDial(requestId, callId, gatewayIp ? { gatewayIp } : undefined);
          return { callId, raw: reply.raw, ...(gatewayIp ? { gatewayIp } : {}) };
        },
      });
    } catch (error) {
      this.#tracker.endDial(requestId);
      // `outbound` is not idempotent: a reply that comes after all must not lose the call.
      if (gaveUp(error)) this.#late.rememberDial(requestId, draft);
      throw error;
    }
  }

  /**
   * Claims an incoming call and bridges it into a channel. First accept wins across clients.
   * Without `channel`/`uid` the `media` option picks them.
   */
  async accept(
    callId: string,
    params?: AcceptParams,
    options?: CommandOptions,
  ): Promise<CommandResult> {
    requireText(callId, 'callId');
    const checked = checkAcceptParams(params);
    const commandOptions = requireCommandOptions(options, 'accept');
    const call = this.engine.requireOffer(callId, 'accept');
    const appId = this.#appIdFor(call, checked.appId);
    if (this.#isMulti && appId === undefined) {
      throw new ValidationError(
        'appid-required',
        'accept: the offer names no appid; pass appId when the client registered as MULTI',
        { callId },
      );
    }
    return this.engine.accepting(callId, async () => {
      const media = await withMedia(
        checked,
        { direction: 'inbound', callId, from: call.from, to: call.to, ...(appId ? { appId } : {}) },
        this.#options.media,
        'accept',
      );
      const command = encodeAccept(callId, media, appId);
      const requestId = newRequestId(command.action);
      // Claimed: no deadline any more, and the call now lives in the accepted channel.
      const claim = (current: Call): Call => ({
        ...current,
        appId: appId ?? current.appId,
        channel: command.fields.channel as string,
        uid: command.fields.uid as string,
      });
      try {
        return await this.#commands.run(command, commandOptions, {
          requestId,
          onReply: (reply) => {
            this.engine.claim(callId, claim);
            return commandResult(reply);
          },
        });
      } catch (error) {
        if (gaveUp(error)) this.#late.rememberAccept(requestId, callId, claim);
        throw error;
      }
    });
  }

  /** Refuses an incoming call for every client; it leaves `calls$` once the server confirms. */
  async reject(callId: string, reason?: string, options?: CommandOptions): Promise<CommandResult> {
    requireText(callId, 'callId');
    const why = checkRejectReason(reason);
    const commandOptions = requireCommandOptions(options, 'reject');
    const call = this.engine.requireOffer(callId, 'reject');
    const command = encodeReject(callId, why, this.#appIdFor(call));
    try {
      return await this.#commands.run(command, commandOptions, {
        onReply: (reply) => {
          this.engine.remove(callId, 'rejected');
          return commandResult(reply);
        },
      });
    } catch (error) {
      this.engine.dropLostOffer(callId, error);
      throw error;
    }
  }

  /**
   * Ends a call: `endcall` for calls this client dialled, `hangup` for inbound ones (override with
   * `options.action`, required for calls this client does not track). The call leaves `calls$`
   * when its `call_hangup` arrives, at once when the server says it does not know the call
   * (`not-found`), or `hangupGraceMs` after the command was sent at the latest.
   */
  async hangup(callId: string, options?: HangupOptions): Promise<CommandResult> {
    requireText(callId, 'callId');
    const explicit = checkHangupAction(options);
    const commandOptions = requireCommandOptions(options, 'hangup');
    const call = this.engine.get(callId);
    if (!call && !explicit) throw this.engine.untracked(callId, 'hangup');
    const action = explicit ?? (call?.direction === 'outbound' ? 'endcall' : 'hangup');
    const command = encodeCallAction(action, callId, this.#appIdFor(call));
    return this.#commands.run(command, commandOptions, {
      // From the moment it left, whatever the reply says (or if none comes).
      onSent: () => this.engine.expectEnd(callId, this.#options.hangupGraceMs),
    });
  }

  /** Sends DTMF digits (`0-9`, `*`, `#`) on a call. */
  async sendDtmf(callId: string, digits: string, options?: CommandOptions): Promise<CommandResult> {
    const call = this.#requireCall(callId, 'sendDtmf');
    const checkedDigits = requireDtmf(digits);
    const commandOptions = requireCommandOptions(options, 'sendDtmf');
    const command = encodeSendDtmf(callId, checkedDigits, this.#appIdFor(call));
    return this.#commands.run(command, commandOptions);
  }

  /** Bridges a call into a media channel, or moves a bridged call to another one. */
  async bridge(
    callId: string,
    params: BridgeParams,
    options?: CommandOptions,
  ): Promise<CommandResult> {
    const call = this.#requireCall(callId, 'bridge');
    const checked = checkBridgeParams(params);
    const commandOptions = requireCommandOptions(options, 'bridge');
    const command = encodeBridge(callId, checked, this.#appIdFor(call, checked.appId));
    return this.#commands.run(command, commandOptions);
  }

  /** Takes a call out of its media channel; the phone leg stays up. */
  async unbridge(callId: string, options?: CommandOptions): Promise<CommandResult> {
    const call = this.#requireCall(callId, 'unbridge');
    const commandOptions = requireCommandOptions(options, 'unbridge');
    const command = encodeCallAction('unbridge', callId, this.#appIdFor(call));
    return this.#commands.run(command, commandOptions);
  }

  /** Transfers a call (SIP REFER) to a number or SIP URI. */
  async transfer(
    callId: string,
    destination: string,
    params?: TransferParams,
    options?: CommandOptions,
  ): Promise<CommandResult> {
    const call = this.#requireCall(callId, 'transfer');
    const target = requireDialTarget(destination, 'destination');
    const { leg } = checkTransferParams(params);
    const commandOptions = requireCommandOptions(options, 'transfer');
    const command = encodeTransfer(callId, target, leg, this.#appIdFor(call));
    return this.#commands.run(command, commandOptions);
  }

  /**
   * Replaces this connection's DID subscriptions (empty = every DID allowed for the app id). The
   * list is committed only once the server confirms it, and re-sent on every reconnect.
   */
  async subscribe(numbers: readonly string[], options?: CommandOptions): Promise<CommandResult> {
    const list = requireNumberList(numbers, 'numbers');
    const commandOptions = requireCommandOptions(options, 'subscribe');
    this.#subscribing += 1;
    try {
      return await this.#commands.run(encodeSubscribe(list), commandOptions, {
        onReply: (reply) => {
          this.#committedNumbers = list;
          return commandResult(reply);
        },
      });
    } finally {
      this.#subscribing -= 1;
    }
  }

  /** The backend's name, for messages. */
  protected get backendName(): string {
    return 'Call Manager';
  }

  get #isMulti(): boolean {
    return this.#options.appId === MULTI;
  }

  /** The one appid rule of every command: explicit, else the call's, else the registered one. */
  #appIdFor(call: Call | undefined, explicit?: string): string | undefined {
    return resolveAppId(explicit, call?.appId, this.#options.appId);
  }

  #requireCall(callId: string, command: string): Call {
    requireText(callId, 'callId');
    return this.engine.requireCall(callId, command);
  }

  #handleEvent(frame: WireObject): void {
    const decoded = decodeEvent(frame);
    if (typeof decoded === 'string') {
      this.engine.report(
        createError('malformed-frame', `skipped a malformed event: ${decoded}`, { cause: frame }),
      );
      return;
    }
    if (!this.#tracker.applyEvent(decoded)) {
      this.#options.logger.debug('event for an untracked call ignored', {
        event: decoded.event,
        callid: decoded.wireCallId,
      });
    }
  }

  /**
   * Reconciliation rule (docs/concepts.md): unclaimed offers die with the connection that
   * received them; every other call is kept but marked `stale` until an event confirms it.
   */
  #handleDisconnected(error: CallstreamError): void {
    this.engine.report(error);
    this.#tracker.clearPendingDials();
    this.engine.batch(() => {
      for (const call of this.engine.calls.values()) {
        if (call.state === 'incoming' && !call.claimed) {
          this.engine.remove(call.callId, 'connection-lost');
        } else {
          this.engine.markStale(call.callId);
        }
      }
    });
  }
}

/** Whether a command gave up waiting while the server may still act on it (timeout, abort). */
function gaveUp(error: unknown): boolean {
  return isCallstreamError(error, 'command-timeout') || isCallstreamError(error, 'aborted');
}

/** Creates a Call Manager client. Nothing is sent until {@link CallstreamClient.connect}. */
export function createClient(options: ClientOptions): CallstreamClient {
  return new CallstreamClient(options);
}
