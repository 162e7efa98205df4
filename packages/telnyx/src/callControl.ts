import { randomUUID } from 'node:crypto';
import type {
  CallControl,
  CallEndReason,
  CallstreamError,
  ClientState,
  Connected,
} from '@callstream/core';
import { CallClientBase, CallEngine, requireText } from '@callstream/core/engine';
import { BehaviorSubject, filter, type Observable } from 'rxjs';
import type { TelnyxCall } from './call';
import {
  dataOf,
  TELNYX_CAPABILITIES,
  type TelnyxCapability,
  warnIfPlainHttp,
  withClientState,
} from './clientSupport';
import { isTelnyxError, telnyxError } from './codes';
import { type CheckedOptions, checkOptions } from './commandOptions';
import type { TelnyxBackendEvent, TelnyxClientEvent } from './events';
import {
  type ResolvedTelnyxOptions,
  resolveTelnyxOptions,
  type TelnyxClientOptions,
} from './options';
import { dtmfDigits } from './params/checks';
import { encodeAccept, encodeDial, encodeTransfer, rejectCause } from './params/encode';
import type {
  TelnyxAcceptParams,
  TelnyxCommandOptions,
  TelnyxCommandResult,
  TelnyxDialParams,
  TelnyxDialResult,
  TelnyxDtmfOptions,
  TelnyxHangupResult,
  TelnyxTransferParams,
} from './params/types';
import { Reconciler } from './reconciler';
import { DialLimiter } from './rest/dialLimiter';
import { RequestRunner } from './rest/runner';
import { type CallAction, createSdk, sdkBaseUrl, TelnyxRest } from './rest/sdk';
import { waitWithin } from './rest/waitFor';
import { TelnyxCallTracker } from './tracker';
import { EventWaiters, type WaiterKind } from './waiters';
import { WebhookIntake, type WebhookRequest, type WebhookResponse } from './webhook/intake';
import { type NodeWebhookListener, nodeWebhookListener, WebhookServer } from './webhook/node';

type Body = Record<string, unknown>;

/**
 * The neutral half of the Telnyx client: connection life, webhook intake, the
 * {@link CallControl} commands and the machinery every command shares (validation, `command_id`,
 * retries, settlement). {@link TelnyxClient} adds Telnyx's own commands on top.
 */
export abstract class TelnyxCallControl
  extends CallClientBase<TelnyxCall, TelnyxAcceptParams, TelnyxClientEvent>
  implements CallControl<TelnyxCall, TelnyxCapability>
{
  /** This client's backend. */
  readonly backend = 'telnyx';
  /** What Telnyx Call Control can do. */
  readonly capabilities: ReadonlySet<TelnyxCapability> = TELNYX_CAPABILITIES;
  /** Client state: `idle` → `connecting` → `connected` → `closed` (no persistent link, so no reconnecting). */
  readonly state$: Observable<ClientState>;
  /** Telnyx-only events, fully typed (`call.speak.ended`, `call.gather.ended`, `call.recording.saved`, …). */
  readonly telnyxEvents$: Observable<TelnyxBackendEvent>;
  /**
   * The framework-agnostic webhook handler: give it the **raw** body and the headers, send back
   * what it returns. Never throws. See docs/telnyx.md for Express and Fastify.
   */
  readonly webhookHandler: (request: WebhookRequest) => WebhookResponse;
  /** The same handler as a Node `http` request listener (`http.createServer(client.webhookListener)`). */
  readonly webhookListener: NodeWebhookListener;

  readonly #settings: ResolvedTelnyxOptions;
  readonly #rest: TelnyxRest;
  readonly #runner: RequestRunner;
  readonly #limiter: DialLimiter | undefined;
  readonly #tracker: TelnyxCallTracker;
  readonly #waiters = new EventWaiters();
  readonly #reconciler: Reconciler | undefined;
  readonly #state = new BehaviorSubject<ClientState>({ status: 'idle' });
  #server: WebhookServer | undefined;
  #connecting: Promise<Connected> | undefined;
  #generation = 0;

  constructor(options: TelnyxClientOptions) {
    const { settings, secrets } = resolveTelnyxOptions(options);
    let onRemoved: (call: TelnyxCall) => void = () => {};
    super(
      new CallEngine<TelnyxCall>({
        logger: settings.logger,
        incomingTimeoutMs: settings.incomingTimeoutMs,
        staleCallTimeoutMs: 60_000,
        onRemoved: (call) => onRemoved(call),
      }),
    );
    this.#settings = settings;
    const sdk = secrets.telnyx ?? createSdk(secrets.apiKey ?? '', settings.baseURL);
    warnIfPlainHttp(settings.baseURL ?? sdkBaseUrl(sdk), settings);
    this.#rest = new TelnyxRest(sdk);
    this.#runner = new RequestRunner(settings.retry, settings.requestTimeoutMs, settings.logger);
    this.#limiter = settings.dialRateLimit && new DialLimiter(settings.dialRateLimit);
    this.#tracker = new TelnyxCallTracker(this.engine, {
      incomingTimeoutMs: settings.incomingTimeoutMs,
      logger: settings.logger,
      onBackendEvent: (event) => this.#waiters.onEvent(event),
    });
    this.#reconciler = settings.reconcile && this.#createReconciler(settings.reconcile);
    onRemoved = (call) => this.#removed(call);
    this.engine.calls$.subscribe((table) => this.#reconciler?.tableSize(table.size));
    // The final snapshot (with endReason) exists once the `removed` event is built.
    this.engine.events$.subscribe((event) => {
      if (event.type === 'removed') this.#waiters.onRemoved(event.call);
    });
    this.state$ = this.#state.asObservable();
    this.telnyxEvents$ = this.events$.pipe(
      filter((event): event is TelnyxBackendEvent => event.type === 'backend'),
    );
    const intake = new WebhookIntake(secrets.publicKey, settings, {
      ready: () => this.#state.value.status === 'connected',
      apply: (webhook) => this.#tracker.apply(webhook),
      report: (error) => this.engine.report(error),
      now: () => Date.now(),
    });
    this.webhookHandler = (request) => intake.handle(request);
    this.webhookListener = nodeWebhookListener(this.webhookHandler, {
      maxBodyBytes: settings.maxBodyBytes,
    });
  }

  /** The latest client state. */
  get state(): ClientState {
    return this.#state.value;
  }

  /** Where the client's own webhook server listens (`webhook.listen`), once connected. */
  get webhookAddress(): string | undefined {
    return this.#server?.url;
  }

  /**
   * Gets ready: starts the webhook server (`webhook.listen`) and checks the API key and
   * `connectionId` with one `GET /connections/{id}/active_calls`. Webhooks are taken only while
   * connected (else 503, so Telnyx retries). Rejects with a typed error (`unauthorized`,
   * `invalid-options` for an unknown connection, `unreachable`, `closed`).
   */
  connect(): Promise<Connected> {
    const state = this.#state.value;
    if (state.status === 'connected') return Promise.resolve({ sessionId: state.sessionId });
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  /**
   * Closes the client: requests in flight are aborted (their commands reject `closed`), every
   * call leaves `calls$` (`client-closed`), the webhook server stops, every timer is cleared.
   * Idempotent; `connect()` may be called again later. Calls on Telnyx are not hung up.
   */
  async close(): Promise<void> {
    this.#generation += 1;
    const connecting = this.#connecting;
    const closed = telnyxError('closed', 'the client was closed');
    this.#runner.abortAll();
    this.#limiter?.close(closed);
    this.#reconciler?.stop();
    this.engine.removeAll('client-closed');
    this.#waiters.closeAll(closed);
    if (this.#state.value.status !== 'closed') this.#state.next({ status: 'closed' });
    await connecting?.catch(() => undefined);
    const server = this.#server;
    this.#server = undefined;
    await server?.close();
  }

  // ---- neutral commands -------------------------------------------------------------------

  /**
   * Places an outbound call (`POST /calls`); resolves with the new leg's ids once Telnyx accepted
   * it (events follow). Waits for the dial rate limiter first. A dial whose answer comes after
   * its caller gave up is tracked anyway and reported as `late-dial` on `errors$`.
   */
  async dial(params: TelnyxDialParams, options?: TelnyxCommandOptions): Promise<TelnyxDialResult> {
    const body = encodeDial(params, this.#settings.webhookUrl);
    const limits = checkOptions(options, 'dial', this.#settings.commandTimeoutMs);
    this.requireConnected('dial');
    const requestId = limits.commandId ?? randomUUID();
    Object.assign(body, { connection_id: this.#settings.connectionId, command_id: requestId });
    const context = { action: 'dial', requestId };
    this.#tracker.beginDial(requestId);
    const waiting = waitWithin(
      async (wanted) => {
        try {
          await this.#limiter?.acquire();
          if (!wanted()) throw telnyxError('aborted', 'dial: given up before it was sent', context);
          const response = await this.#runner.run({
            ...context,
            wanted,
            send: (o) => this.#rest.dial(body, o),
          });
          const data = dataOf(response);
          const callId = typeof data.call_control_id === 'string' ? data.call_control_id : '';
          if (callId === '') {
            throw telnyxError(
              'command-failed',
              'dial: Telnyx answered without a call_control_id',
              context,
            );
          }
          const leg = {
            callControlId: callId,
            callLegId: String(data.call_leg_id ?? ''),
            callSessionId: String(data.call_session_id ?? ''),
            connectionId: this.#settings.connectionId,
            from: body.from as string,
            to: body.to as string,
            ...(typeof body.client_state === 'string' ? { clientStateRaw: body.client_state } : {}),
          };
          const created = this.#tracker.endDial(requestId, leg);
          if (!wanted() && created) {
            this.engine.report(
              telnyxError(
                'late-dial',
                `a dial that had given up was placed after all: call ${callId} is tracked now`,
                {
                  ...context,
                  callId,
                },
              ),
            );
          }
          return {
            callId,
            requestId,
            callLegId: leg.callLegId,
            callSessionId: leg.callSessionId,
            raw: data,
          };
        } catch (error) {
          this.#tracker.endDial(requestId);
          throw error;
        }
      },
      limits,
      context,
    );
    return waiting.result;
  }

  /** Answers an offer (`answer`); it is claimed at once, `answered` follows with `call.answered`. */
  async accept(
    callId: string,
    params?: TelnyxAcceptParams,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxCommandResult> {
    requireText(callId, 'callId');
    this.engine.requireOffer(callId, 'accept');
    const body = encodeAccept(params, this.#settings.webhookUrl);
    const limits = checkOptions(options, 'accept', this.#settings.commandTimeoutMs);
    this.requireConnected('accept');
    return this.engine.accepting(callId, async () => {
      const result = await this.send('answer', callId, body, limits);
      this.engine.claim(callId, (call) => withClientState(call, body.client_state));
      return result;
    });
  }

  /**
   * Refuses an offer (`reject`, cause `USER_BUSY` when `reason` is `busy`, else
   * `CALL_REJECTED`); the call leaves `calls$` as `rejected` on Telnyx's 200. Resolves too when
   * the call had already ended (90018, `alreadyEnded`).
   */
  async reject(
    callId: string,
    reason?: string,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxCommandResult> {
    requireText(callId, 'callId');
    this.engine.requireOffer(callId, 'reject');
    const cause = rejectCause(reason);
    const limits = checkOptions(options, 'reject', this.#settings.commandTimeoutMs);
    this.requireConnected('reject');
    this.#tracker.markRejecting(callId, true);
    try {
      const result = await this.send('reject', callId, { cause }, limits, { endedIsDone: true });
      this.engine.remove(callId, result.alreadyEnded ? 'hangup' : 'rejected');
      return result;
    } catch (error) {
      this.#tracker.markRejecting(callId, false);
      this.engine.dropLostOffer(callId, error);
      throw error;
    }
  }

  /**
   * Ends a call (`hangup`). Resolves on Telnyx's 200 (or at once when the call had already ended,
   * 90018); `ended` resolves with the final snapshot when the call leaves `calls$`: on its
   * `call.hangup`, or after a status check `reconcile.graceMs` later if that webhook is lost.
   */
  async hangup(callId: string, options?: TelnyxCommandOptions): Promise<TelnyxHangupResult> {
    this.requireCall(callId, 'hangup');
    const limits = checkOptions(options, 'hangup', this.#settings.commandTimeoutMs);
    this.requireConnected('hangup');
    // The check is armed before sending: the call must leave even if the answer is lost.
    this.#reconciler?.schedule(callId);
    const end = this.#waiters.add<TelnyxCall>(callId, 'end');
    try {
      const result = await this.send('hangup', callId, {}, limits, { endedIsDone: true });
      return { ...result, ended: end.promise };
    } catch (error) {
      end.fail(error as CallstreamError);
      throw error;
    }
  }

  /** Sends DTMF (`0-9`, `A-D`, `*`, `#`, pauses `w`/`W`); resolves on the 200 (Telnyx sends no event). */
  async sendDtmf(
    callId: string,
    digits: string,
    options?: TelnyxDtmfOptions,
  ): Promise<TelnyxCommandResult> {
    this.requireCall(callId, 'sendDtmf');
    const body: Body = { digits: dtmfDigits(digits, 'sendDtmf: digits') };
    const limits = checkOptions(options, 'sendDtmf', this.#settings.commandTimeoutMs, true);
    if (limits.durationMillis !== undefined) body.duration_millis = limits.durationMillis;
    this.requireConnected('sendDtmf');
    return this.send('send_dtmf', callId, body, limits);
  }

  /**
   * Transfers a call to a number or SIP URI: Telnyx dials a new leg and bridges it with this one
   * when it answers (the new leg appears in `calls$`, `transferredFrom` set). If the new leg
   * fails, this call stays as it was.
   */
  async transfer(
    callId: string,
    destination: string,
    params?: TelnyxTransferParams,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxCommandResult> {
    this.requireCall(callId, 'transfer');
    const body = encodeTransfer(destination, params, this.#settings.webhookUrl);
    const limits = checkOptions(options, 'transfer', this.#settings.commandTimeoutMs);
    this.requireConnected('transfer');
    this.#tracker.expectTransfer(callId);
    return this.send('transfer', callId, body, limits);
  }

  /** The backend's name, for messages. */
  protected get backendName(): string {
    return 'Telnyx';
  }

  /** The default limit of a command. */
  protected get commandTimeoutMs(): number {
    return this.#settings.commandTimeoutMs;
  }

  /** A bridge of `a` with `b` is being sent: their `call.bridged` link them. */
  protected expectBridge(a: string, b: string): void {
    this.#tracker.expectBridge(a, b);
  }

  /** Marks whether a recording runs on `callId`. */
  protected setRecording(callId: string, recording: boolean): void {
    this.#tracker.setRecording(callId, recording);
  }

  // ---- internals --------------------------------------------------------------------------

  async #open(): Promise<Connected> {
    const generation = this.#generation;
    this.#state.next({ status: 'connecting', attempt: 1 });
    const current = () => generation === this.#generation;
    try {
      const { listen } = this.#settings;
      if (listen && !this.#server) {
        const server = await WebhookServer.start(
          nodeWebhookListener(this.webhookHandler, {
            maxBodyBytes: this.#settings.maxBodyBytes,
            path: listen.path,
          }),
          listen.host,
          listen.port,
          listen.path,
        ).catch((error: unknown) => {
          throw telnyxError(
            'invalid-options',
            `connect: the webhook server could not listen on ${listen.host}:${listen.port} (${(error as Error).message})`,
            { cause: error },
          );
        });
        if (!current()) {
          await server.close();
          throw telnyxError('closed', 'connect failed: the client was closed');
        }
        this.#server = server;
      }
      await this.#checkAccount();
      if (!current()) throw telnyxError('closed', 'connect failed: the client was closed');
      const sessionId = `telnyx-${randomUUID()}`;
      this.#reconciler?.start();
      this.#state.next({ status: 'connected', sessionId, reconnects: 0 });
      this.#settings.logger.info('connected', { sessionId });
      return { sessionId };
    } catch (error) {
      if (current()) {
        const server = this.#server;
        this.#server = undefined;
        await server?.close();
        this.#state.next({ status: 'closed', error });
      }
      throw error;
    }
  }

  /** One cheap authenticated request: a wrong key or connection fails `connect()`, not the first call. */
  async #checkAccount(): Promise<void> {
    const requestId = `connect-${randomUUID()}`;
    const context = { action: 'connect', requestId };
    try {
      await waitWithin(
        (wanted) =>
          this.#runner.run({
            ...context,
            wanted,
            send: (o) => this.#rest.activeCalls(this.#settings.connectionId, o),
          }),
        { timeoutMs: this.#settings.commandTimeoutMs, signal: undefined },
        context,
      ).result;
    } catch (error) {
      if (isTelnyxError(error, 'request-rejected') || isTelnyxError(error, 'call-not-found')) {
        throw telnyxError(
          'invalid-options',
          `connect: Telnyx does not know connectionId ${this.#settings.connectionId} (${(error as Error).message})`,
          { cause: error },
        );
      }
      if (isTelnyxError(error, 'connection-lost')) {
        throw telnyxError(
          'unreachable',
          `connect: Telnyx could not be reached (${(error as Error).message})`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  #createReconciler(settings: { intervalMs: number; graceMs: number }): Reconciler {
    return new Reconciler(settings, {
      checkable: (callId) => {
        const call = this.engine.get(callId);
        return call !== undefined && (call.state !== 'incoming' || call.claimed === true);
      },
      candidates: () => this.#candidates(),
      status: async (callId) => {
        const requestId = `status-${randomUUID()}`;
        const response = await this.#runner.run({
          action: 'status',
          requestId,
          callId,
          wanted: () => true,
          send: (o) => this.#rest.status(callId, o),
        });
        return dataOf(response).is_alive !== false;
      },
      alive: (callId) => this.#tracker.markSeen(callId),
      gone: (callId, reason) => this.engine.remove(callId, reason),
      report: (error) => this.engine.report(error),
      now: () => this.engine.now(),
    });
  }

  *#candidates(): Generator<readonly [string, number]> {
    for (const call of this.engine.calls.values()) {
      if (call.state === 'incoming' && !call.claimed) continue;
      yield [call.callId, this.#tracker.lastSeen(call.callId) ?? call.createdAt];
    }
  }

  #removed(call: TelnyxCall): void {
    this.#tracker.forget(call);
    this.#reconciler?.forget(call.callId);
    if (this.engine.endReasonOf(call.callId) === 'expired' && this.#settings.rejectExpiredOffers) {
      this.#rejectExpired(call.callId);
    }
  }

  /** An offer expired unclaimed: refuse it on Telnyx, so the caller is not left parked. */
  #rejectExpired(callId: string): void {
    if (this.#state.value.status !== 'connected') return;
    const requestId = randomUUID();
    this.#runner
      .run({
        action: 'reject',
        requestId,
        callId,
        wanted: () => true,
        send: (o) =>
          this.#rest.action('reject', callId, { cause: 'CALL_REJECTED', command_id: requestId }, o),
      })
      .catch((error: unknown) => {
        if (isTelnyxError(error, 'call-ended') || isTelnyxError(error, 'closed')) return;
        this.engine.report(error as CallstreamError);
      });
  }

  /** Throws unless connected (`not-connected`, or `closed` after close()). */
  protected requireConnected(command: string): void {
    const { status } = this.#state.value;
    if (status === 'connected') return;
    throw status === 'closed'
      ? telnyxError('closed', `${command}: the client is closed (connect() again first)`)
      : telnyxError(
          'not-connected',
          `${command}: the client is not connected (call connect() first)`,
        );
  }

  /** The tracked call `callId`, or a typed error (nothing is sent). */
  protected requireCall(callId: string, command: string): TelnyxCall {
    requireText(callId, 'callId');
    return this.engine.requireCall(callId, command);
  }

  /** Media needs an answered call: an unclaimed offer is refused before sending (Telnyx 90034). */
  protected requireAnswered(callId: string, command: string): void {
    const call = this.requireCall(callId, command);
    if (call.state === 'incoming' && !call.claimed) {
      throw telnyxError(
        'call-not-answered',
        `${command}: call ${callId} is an inbound call not answered yet; accept() it before ${command} (Telnyx would answer 90034)`,
        { callId, action: command },
      );
    }
  }

  /** Validates options, then sends a command on a tracked call. @internal */
  protected command(
    action: CallAction,
    callId: string,
    body: Body,
    options: unknown,
  ): Promise<TelnyxCommandResult> {
    const limits = checkOptions(options, action, this.#settings.commandTimeoutMs);
    this.requireConnected(action);
    return this.send(action, callId, body, limits);
  }

  /** Sends a command whose meaning is an event; `ended` settles with that event. @internal */
  protected async withEvent<T>(
    action: CallAction,
    callId: string,
    body: Body,
    options: unknown,
    kind: WaiterKind,
  ): Promise<readonly [TelnyxCommandResult, Promise<T>]> {
    const limits = checkOptions(options, action, this.#settings.commandTimeoutMs);
    this.requireConnected(action);
    const waiter = this.#waiters.add<T>(callId, kind);
    try {
      const result = await this.send(action, callId, body, limits);
      return [result, waiter.promise];
    } catch (error) {
      waiter.fail(error as CallstreamError);
      throw error;
    }
  }

  /**
   * Sends one call command with a `command_id` (kept across retries), waiting within the
   * caller's limits. 90018 ends the call (and resolves `hangup`/`reject`: `endedIsDone`);
   * 90015 removes it as `not-found`; a lost or failed answer schedules a status check.
   *
   * @internal
   */
  protected async send(
    action: CallAction,
    callId: string,
    body: Body,
    limits: CheckedOptions,
    flags: { endedIsDone?: boolean } = {},
  ): Promise<TelnyxCommandResult> {
    const requestId = limits.commandId ?? randomUUID();
    const wire = { ...body, command_id: requestId };
    const context = { action, requestId, callId };
    try {
      const response = await waitWithin(
        (wanted) =>
          this.#runner.run({
            ...context,
            wanted,
            send: (o) => this.#rest.action(action, callId, wire, o),
          }),
        limits,
        context,
      ).result;
      this.#tracker.markSeen(callId);
      return { requestId, raw: dataOf(response) };
    } catch (error) {
      if (isTelnyxError(error, 'call-ended')) {
        this.#endCall(callId, 'hangup');
        if (flags.endedIsDone) return { requestId, raw: {}, alreadyEnded: true };
      } else if (isTelnyxError(error, 'call-not-found')) {
        this.#endCall(callId, 'not-found');
      } else if (
        isTelnyxError(error, 'connection-lost') ||
        isTelnyxError(error, 'command-timeout') ||
        isTelnyxError(error, 'server-error')
      ) {
        this.#reconciler?.schedule(callId);
      }
      throw error;
    }
  }

  /** A call Telnyx says is over leaves `calls$` (an offer being accepted is left to `accepting`). */
  #endCall(callId: string, reason: CallEndReason): void {
    const call = this.engine.get(callId);
    if (!call || (call.state === 'incoming' && !call.claimed && reason === 'not-found')) return;
    this.engine.remove(callId, reason);
  }
}
