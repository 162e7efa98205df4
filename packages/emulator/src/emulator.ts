import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { dispatchCommand } from './commands/dispatch';
import { acceptConnection, markServerClose } from './connection';
import { DEFAULT_CALLER, WS_PATH } from './constants';
import type { EmulatorContext } from './context';
import { EmulatorError } from './errors';
import { FaultState } from './faultState';
import { createFaults } from './faults';
import { FrameLog, type FrameLogStats } from './frameLog';
import { LegStore, snapshotLeg } from './gateway/legs';
import { type LookupRequest, performLookup } from './gateway/lookup';
import { LookupStore } from './gateway/lookups';
import { createRemoteControl } from './gateway/remote';
import { adoptOrphans, handleSessionLoss } from './gateway/sessionLoss';
import { injectGatewayEvent } from './gateway/webhook';
import type { HttpApi, LookupHandle } from './http/api';
import { createRequestHandler } from './http/router';
import { ServerLifecycle } from './lifecycle';
import { type EmulatorOptions, type ResolvedEmulatorOptions, resolveOptions } from './options';
import { eligibleDids, ownerSession } from './routing';
import { Listener, type UpgradeRefusal } from './server';
import { SessionRegistry } from './sessionRegistry';
import { type CancelTimer, startInterval, TimerRegistry } from './timers';
import type {
  ClientFilter,
  Emulator,
  EmulatorFaults,
  EmulatorLeg,
  EmulatorStats,
  LookupOutcome,
  ReceivedFrame,
  RemoteControl,
  SimulateInboundParams,
  WebsocketStatus,
} from './types';

function closedError(): EmulatorError {
  return new EmulatorError('CLOSED', 'the emulator was closed');
}

/** Why `simulateInbound` parameters are unusable, or undefined when they are fine. */
function inboundProblem(params: SimulateInboundParams, maxLength: number): string | undefined {
  if (typeof params !== 'object' || params === null) return 'params must be an object';
  if (typeof params.did !== 'string' || params.did === '') return 'did is required';
  for (const key of ['did', 'from', 'callid', 'pin'] as const) {
    const value = params[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return `${key} must be a string`;
    if (value.length > maxLength) return `${key} is longer than ${maxLength} characters`;
  }
  return undefined;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The emulator behind {@link startEmulator}. */
class EmulatorServer implements Emulator {
  readonly #ctx: EmulatorContext;
  readonly remote: RemoteControl;
  readonly faults: EmulatorFaults;
  #listener: Listener | undefined;
  #stopPings: CancelTimer | undefined;
  #accepting = false;
  /** Listen, restart, outage and close, one at a time. */
  readonly #lifecycle: ServerLifecycle;

  constructor(options: ResolvedEmulatorOptions) {
    const logger = options.logger;
    this.#ctx = {
      options,
      logger,
      timers: new TimerRegistry(logger),
      sessions: new SessionRegistry(),
      legs: new LegStore(),
      lookups: new LookupStore(),
      faults: new FaultState(),
      frames: new FrameLog({
        maxFrames: options.limits.maxLoggedFrames,
        maxBytes: options.limits.maxLoggedBytes,
      }),
      webhookUrl: '',
    };
    this.remote = createRemoteControl(this.#ctx);
    this.faults = createFaults(this.#ctx);
    this.#lifecycle = new ServerLifecycle({
      bind: () => this.#bind(),
      teardown: () => this.#teardown(),
      finish: () => {
        this.#ctx.frames.abortWaits();
        // The log is what a long run accumulates: a closed emulator keeps none of it.
        this.#ctx.frames.clear();
      },
      closedError,
      logger,
      name: 'emulator',
    });
  }

  get port(): number {
    return this.#ctx.options.port;
  }

  get httpUrl(): string {
    return `http://${urlHost(this.#ctx.options.host)}:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://${urlHost(this.#ctx.options.host)}:${this.port}${WS_PATH}`;
  }

  get token(): string {
    return this.#ctx.options.token;
  }

  get appIds(): readonly string[] {
    return this.#ctx.options.appIds;
  }

  get options(): Readonly<ResolvedEmulatorOptions> {
    return this.#ctx.options;
  }

  /**
   * Binds the port (the configured one, or the same one again after a restart). Queued behind any
   * lifecycle operation in flight; rejects with `CLOSED` once `close()` was called.
   */
  listen(): Promise<void> {
    return this.#lifecycle.listen();
  }

  async #bind(): Promise<void> {
    const ctx = this.#ctx;
    const { listener, port } = await Listener.open(
      ctx.options.host,
      ctx.options.port,
      ctx.options.maxFrameBytes,
      {
        request: createRequestHandler(this.#httpApi(), ctx.logger),
        connection: (ws, req) => this.#onConnection(ws, req),
        admit: (req) => this.#admit(req),
      },
      ctx.logger,
    );
    this.#listener = listener;
    ctx.options.port = port;
    ctx.webhookUrl = `${this.httpUrl}/webhook`;
    this.#accepting = true;
    if (ctx.options.pingIntervalMs > 0) {
      this.#stopPings = startInterval(ctx.options.pingIntervalMs, () => this.#pingAll());
    }
    ctx.logger.info('emulator listening', { ws: this.wsUrl, http: this.httpUrl });
  }

  /** Whether a WebSocket upgrade may go ahead: not while closing, not past the per-IP cap. */
  #admit(req: IncomingMessage): UpgradeRefusal | undefined {
    if (!this.#accepting) return { status: 503, error: 'emulator closing' };
    const address = req.socket.remoteAddress ?? '';
    const { maxSessionsPerIp } = this.#ctx.options.limits;
    if (this.#ctx.sessions.countFrom(address) >= maxSessionsPerIp) {
      this.#ctx.logger.warn('upgrade refused: session cap per IP reached', {
        address,
        maxSessionsPerIp,
      });
      return {
        status: 429,
        error: `too many sessions from ${address} (limit ${maxSessionsPerIp})`,
      };
    }
    return undefined;
  }

  #onConnection(ws: WebSocket, req: IncomingMessage): void {
    acceptConnection(
      this.#ctx,
      ws,
      {
        onCommand: (session, frame, parseError) =>
          dispatchCommand(this.#ctx, session, frame, parseError),
        onRegistered: (session) => adoptOrphans(this.#ctx, session),
        onSessionClosed: (session, clean) => handleSessionLoss(this.#ctx, session, clean),
      },
      req.socket.remoteAddress ?? '',
    );
  }

  /** Server pings; a socket that left the previous ping unanswered is considered dead. */
  #pingAll(): void {
    try {
      this.#pingSessions();
    } catch (error) {
      // A throw in an interval callback would end the process.
      this.#ctx.logger.error('ping round failed', { error: String(error) });
    }
  }

  #pingSessions(): void {
    for (const session of this.#ctx.sessions.all()) {
      if (session.stalled || session.ws.readyState !== session.ws.OPEN) continue;
      if (session.awaitingPong) {
        this.#ctx.logger.warn('no pong: terminating', { session: session.sessionId });
        markServerClose(session.ws);
        session.ws.terminate();
        continue;
      }
      session.awaitingPong = true;
      session.ws.ping();
    }
  }

  #httpApi(): HttpApi {
    return {
      status: () => this.status(),
      calls: () => this.calls(),
      stats: () => this.stats(),
      setQuirks: (on) => this.setQuirks(on),
      quirks: () => this.#ctx.options.quirks,
      isKnownToken: (auth) => this.#isKnownToken(auth),
      lookup: (request, settle) => this.#lookup(request, settle),
      injectEvent: (event) => this.injectEvent(event),
      pendingTimers: () => this.#ctx.timers.size,
      limits: this.#ctx.options.limits,
      remote: this.remote,
      faults: this.faults,
    };
  }

  #isKnownToken(auth: string): boolean {
    if (auth === '') return false;
    const { token, tokens } = this.#ctx.options;
    const known = [token, ...Object.values(tokens).flat()];
    return known.some((candidate) => candidate === auth || candidate === `Basic ${auth}`);
  }

  #lookup(request: LookupRequest, settle: (outcome: LookupOutcome) => void): LookupHandle {
    if (!this.#accepting) {
      settle({ status: 503, body: { error: 'emulator closed' }, callid: request.callid });
      return { offeredTo: 0, cancel: () => {} };
    }
    const offeredTo = performLookup(this.#ctx, request, settle);
    return {
      offeredTo,
      cancel: () => {
        // The gateway gave up on its request: nobody can take the call any more.
        if (offeredTo > 0 && this.#ctx.lookups.take(request.callid)) {
          this.#ctx.logger.info('lookup abandoned by gateway', { callid: request.callid });
        }
      },
    };
  }

  status(): WebsocketStatus {
    return this.#ctx.sessions.status();
  }

  calls(): EmulatorLeg[] {
    return this.#ctx.legs
      .all()
      .map((leg) => snapshotLeg(leg, ownerSession(this.#ctx, leg) !== undefined));
  }

  eligibleDids(): string[] {
    return eligibleDids(this.#ctx);
  }

  stats(): EmulatorStats {
    const ctx = this.#ctx;
    return {
      sessions: ctx.sessions.size,
      calls: ctx.legs.size,
      heldLookups: ctx.lookups.size,
      timers: ctx.timers.size,
    };
  }

  frames(filter?: ClientFilter): ReceivedFrame[] {
    return this.#ctx.frames.list(filter);
  }

  frameStats(): FrameLogStats {
    return this.#ctx.frames.stats();
  }

  onFrame(listener: (frame: ReceivedFrame) => void): () => void {
    return this.#ctx.frames.subscribe(listener);
  }

  waitForFrame(
    predicate: (frame: ReceivedFrame) => boolean,
    timeoutMs = 5000,
  ): Promise<ReceivedFrame> {
    if (this.#lifecycle.closing) return Promise.reject(closedError());
    return this.#ctx.frames.wait(predicate, timeoutMs);
  }

  setQuirks(on: boolean): void {
    this.#ctx.options.quirks = on === true;
    this.#ctx.logger.info('quirk mode', { on: this.#ctx.options.quirks });
  }

  simulateInbound(params: SimulateInboundParams): Promise<LookupOutcome> {
    const problem = inboundProblem(params, this.#ctx.options.limits.maxFieldLength);
    if (problem !== undefined) {
      return Promise.reject(new EmulatorError('INVALID_ARGUMENT', `simulateInbound: ${problem}`));
    }
    if (this.#lifecycle.closing) return Promise.reject(closedError());
    const request: LookupRequest = {
      did: params.did,
      from: params.from ?? DEFAULT_CALLER,
      callid: params.callid ?? randomUUID(),
      pin: params.pin ?? '',
    };
    return new Promise((resolve) => this.#lookup(request, resolve));
  }

  injectEvent(event: Record<string, unknown>): boolean {
    if (typeof event !== 'object' || event === null) return false;
    return injectGatewayEvent(this.#ctx, event);
  }

  /** Drops every session, call, lookup and timer, and stops listening. */
  async #teardown(): Promise<void> {
    const ctx = this.#ctx;
    this.#accepting = false;
    this.#stopPings?.();
    this.#stopPings = undefined;
    for (const lookup of ctx.lookups.all()) {
      ctx.lookups.take(lookup.callid);
      lookup.settle({ status: 503, body: { error: 'emulator closed' }, callid: lookup.callid });
    }
    ctx.legs.clear();
    const closed = ctx.sessions.all().map(
      (session) =>
        new Promise<void>((resolve) => {
          if (session.phase === 'closed') return resolve();
          session.ws.once('close', () => resolve());
          markServerClose(session.ws);
          session.ws.terminate();
        }),
    );
    await Promise.all(closed);
    await this.#listener?.close();
    this.#listener = undefined;
    ctx.timers.clearAll();
    ctx.faults.reset();
  }

  close(): Promise<void> {
    return this.#lifecycle.close();
  }

  restart(): Promise<void> {
    return this.#lifecycle.restart();
  }

  outage(ms: number, until?: PromiseLike<unknown>): Promise<void> {
    return this.#lifecycle.outage(ms, until);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Starts an emulated Call Manager (WebSocket + HTTP + simulated gateway) and resolves once it
 * listens. Rejects with `EmulatorError` (`INVALID_OPTIONS`, `LISTEN_FAILED`).
 */
export async function startEmulator(options?: EmulatorOptions): Promise<Emulator> {
  const emulator = new EmulatorServer(resolveOptions(options));
  await emulator.listen();
  return emulator;
}
