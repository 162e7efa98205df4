import type { Observable } from 'rxjs';
import { type CallstreamError, createError } from '../errors';
import type { CallSnapshot } from './call';
import type { CallEngine } from './callEngine';
import { callObservable } from './callObservable';
import type { CommandOptions, CommandResult } from './commands';
import type { Capability } from './control';
import type { AnyCallEvent, DtmfReceived } from './events';
import { type IncomingCall, toIncomingCall } from './incomingCall';
import { select } from './select';

/**
 * What every backend's client shares, built on its {@link CallEngine}: the call streams, the
 * lookups, `ignore` and disposal. A backend client extends it and adds connection handling and
 * commands; nothing here knows a wire protocol.
 *
 * @typeParam C - the backend's call snapshot
 * @typeParam Accept - the backend's accept parameters
 * @typeParam E - the backend's event union (the neutral one plus backend-only events by default)
 */
export abstract class CallClientBase<
  C extends CallSnapshot,
  Accept extends object,
  E extends AnyCallEvent<C> = AnyCallEvent<C>,
> implements AsyncDisposable
{
  /** Every tracked call by id: the current table on subscribe, then a new immutable table per change. */
  readonly calls$: Observable<ReadonlyMap<string, C>>;
  /** Every lifecycle event, typed by `type`; unknown backend events pass through as `unknown`. */
  readonly events$: Observable<E>;
  /** Inbound calls offered to this client, with accept / reject / ignore. */
  readonly incoming$: Observable<IncomingCall<C, Accept>>;
  /** DTMF received on any tracked call (one or several digits per item, as the backend sent them). */
  readonly dtmf$: Observable<DtmfReceived<C>>;
  /** Non-fatal problems: malformed messages, lost connections, failed reconnect attempts. */
  readonly errors$: Observable<CallstreamError>;

  /**
   * @param engine - the engine that holds this client's calls (the subclass drives it)
   */
  protected constructor(
    /** The engine that holds this client's calls; the backend drives it. */
    protected readonly engine: CallEngine<C>,
  ) {
    this.calls$ = engine.calls$;
    this.events$ = engine.events$ as Observable<E>;
    this.errors$ = engine.errors$;
    const actions = {
      accept: (callId: string, params?: Accept, options?: CommandOptions) =>
        this.accept(callId, params, options),
      reject: (callId: string, reason?: string, options?: CommandOptions) =>
        this.reject(callId, reason, options),
      ignore: (callId: string) => this.ignore(callId),
    };
    this.incoming$ = select(engine.events$, (event) =>
      event.type === 'incoming' ? toIncomingCall(event.call, actions) : undefined,
    );
    this.dtmf$ = select(engine.events$, (event) =>
      event.type === 'dtmf'
        ? Object.freeze({
            callId: event.callId,
            digits: event.digits,
            call: event.call,
            receivedAt: event.receivedAt,
          })
        : undefined,
    );
  }

  /** Answers an offer (first accept wins where several clients see it). */
  abstract accept(
    callId: string,
    params?: Accept,
    options?: CommandOptions,
  ): Promise<CommandResult>;
  /** Refuses an offer for every client. */
  abstract reject(
    callId: string,
    reason?: string,
    options?: CommandOptions,
  ): Promise<CommandResult>;
  /** Closes the client. Idempotent. */
  abstract close(): Promise<void>;

  /** Drops an incoming call locally; the backend is not told (another client may take it). */
  ignore(callId: string): void {
    this.engine.ignore(callId);
  }

  /** Snapshot of every tracked call. */
  activeCalls(): C[] {
    return [...this.engine.calls.values()];
  }

  /** One call's snapshot, if tracked. */
  getCall(callId: string): C | undefined {
    return this.engine.get(callId);
  }

  /** One call's snapshots: the current one (if tracked), every change, then completes when it leaves `calls$`. */
  call$(callId: string): Observable<C> {
    return callObservable(callId, this.engine.calls$, this.engine.events$);
  }

  /** Same as {@link close}, for `await using client = …`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** The typed refusal of a command this backend cannot do (capability missing). */
  protected unsupported(command: string, capability: Capability): Promise<never> {
    return Promise.reject(
      createError(
        'unsupported',
        `${command}: the ${this.backendName} backend cannot do this (no "${capability}" capability)`,
      ),
    );
  }

  /** The backend's name, for messages. */
  protected abstract get backendName(): string;
}
