import type { WebSocket } from 'ws';
import { EmulatorError } from '../errors';
import { ServerLifecycle } from '../lifecycle';
import { TimerRegistry } from '../timers';
import { acceptSession } from './connection';
import type { AcContext } from './context';
import { executeCommand } from './dispatcher';
import { AcFaultState } from './faultState';
import { createAcFaults } from './faults';
import { rfc3339 } from './format';
import { CommandFrameLog } from './frameLog';
import { createAcRequestHandler } from './http';
import { simulateInbound } from './inbound';
import { InboundStore } from './inboundStore';
import { AcListener } from './listener';
import {
  type ActiveCallEmulatorOptions,
  type ResolvedActiveCallOptions,
  resolveActiveCallOptions,
} from './options';
import type { CallQuery, CallType } from './query';
import { createRemote } from './remoteParty';
import type { AcSession, SessionHooks } from './session';
import { endSession, LOCAL_END } from './teardown';
import type {
  ActiveCallEmulator,
  ActiveCallFaults,
  ActiveCallReceived,
  ActiveCallRemote,
  ActiveCallSessionSnapshot,
  ActiveCallStats,
  InboundOutcome,
  ReceivedCommandFrame,
  SimulateInboundParams,
  SimulateInboundResult,
} from './types';

function closedError(): EmulatorError {
  return new EmulatorError('CLOSED', 'the emulator was closed');
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** `callType` as the server serializes it in `GET /list` (serde camelCase of its enum). */
const LIST_CALL_TYPE: Readonly<Record<CallType, string>> = {
  sip: 'sip',
  webrtc: 'webrtc',
  websocket: 'webSocket',
};

/** The emulator behind {@link startActiveCallEmulator}. */
class ActiveCallEmulatorServer implements ActiveCallEmulator {
  readonly #ctx: AcContext;
  readonly #hooks: SessionHooks;
  readonly remote: ActiveCallRemote;
  readonly faults: ActiveCallFaults;
  #listener: AcListener | undefined;
  #accepting = false;
  /** Listen, restart, outage and close, one at a time. */
  readonly #lifecycle: ServerLifecycle;
  /** Totals since the start (see `received()`); restarts keep them. */
  readonly #received: ActiveCallReceived = { sessions: 0, frames: 0 };

  constructor(options: ResolvedActiveCallOptions) {
    this.#ctx = {
      options,
      logger: options.logger,
      timers: new TimerRegistry(options.logger),
      sessions: new Map(),
      inbound: new InboundStore(),
      faults: new AcFaultState(),
      frames: new CommandFrameLog(),
      webhooks: new Set(),
    };
    const ctx = this.#ctx;
    this.#hooks = {
      execute: (session, command) => executeCommand(ctx, session, command),
      playbackEnded: (session, _playback, effects) => {
        if (effects.autoHangup) {
          endSession(ctx, session, LOCAL_END);
          return;
        }
        if (effects.waitInputMs !== undefined && effects.waitInputMs > 0) {
          session.armWaitInput(effects.waitInputMs);
        }
      },
    };
    this.remote = createRemote(ctx);
    this.faults = createAcFaults(ctx);
    this.#lifecycle = new ServerLifecycle({
      bind: () => this.#bind(),
      teardown: () => this.#teardown(),
      finish: () => ctx.frames.abortWaits(),
      closedError,
      logger: ctx.logger,
      name: 'active-call emulator',
    });
  }

  get port(): number {
    return this.#ctx.options.port;
  }

  get httpUrl(): string {
    return `http://${urlHost(this.#ctx.options.host)}:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://${urlHost(this.#ctx.options.host)}:${this.port}`;
  }

  get options(): Readonly<ResolvedActiveCallOptions> {
    return this.#ctx.options;
  }

  /** Binds the port; queued behind any lifecycle operation in flight. */
  listen(): Promise<void> {
    return this.#lifecycle.listen();
  }

  async #bind(): Promise<void> {
    const ctx = this.#ctx;
    const { listener, port } = await AcListener.open(
      ctx.options.host,
      ctx.options.port,
      ctx.options.maxFrameBytes,
      {
        request: createAcRequestHandler(
          {
            list: () => this.#list(),
            kill: (id) => this.kill(id),
            iceServers: () => ctx.options.iceServers,
            sessions: () => this.sessions(),
            frames: (sessionId) => this.frames(sessionId),
            stats: () => this.stats(),
            simulateInbound: (params) => this.simulateInbound(params),
            inboundOutcome: (dialogId) => this.inboundOutcome(dialogId),
            remote: this.remote,
            faults: this.faults,
          },
          ctx.logger,
        ),
        admit: (query) => this.#admit(query),
        connection: (ws, query, callType) => this.#onConnection(ws, query, callType),
      },
      ctx.logger,
    );
    this.#listener = listener;
    ctx.options.port = port;
    this.#accepting = true;
    ctx.logger.info('active-call emulator listening', { ws: this.wsUrl, http: this.httpUrl });
  }

  #admit(query: CallQuery): { status: number; message: string } | undefined {
    const ctx = this.#ctx;
    if (!this.#accepting) return { status: 503, message: 'emulator closing' };
    if (ctx.sessions.has(query.id))
      return { status: 409, message: `session id in use: ${query.id}` };
    if (ctx.sessions.size >= ctx.options.maxSessions) {
      return { status: 503, message: `too many sessions (${ctx.options.maxSessions})` };
    }
    return undefined;
  }

  #onConnection(ws: WebSocket, query: CallQuery, callType: CallType): void {
    // The emulator may have started closing while the handshake completed.
    if (!this.#accepting || this.#ctx.sessions.has(query.id)) {
      ws.terminate();
      return;
    }
    this.#received.sessions += 1;
    acceptSession(this.#ctx, ws, query, callType, this.#hooks);
  }

  #list(): unknown[] {
    return [...this.#ctx.sessions.values()].map((session: AcSession) => ({
      id: session.id,
      callType: LIST_CALL_TYPE[session.callType],
      // The server's key really is "cs.option" (a JSON literal in its list handler).
      'cs.option': session.snapshot().option ?? null,
      ringTime: session.ringTime === undefined ? null : rfc3339(session.ringTime),
      startTime: session.answerTime === undefined ? null : rfc3339(session.answerTime),
    }));
  }

  kill(id: string): boolean {
    const session = this.#ctx.sessions.get(id);
    if (!session || session.closed) return false;
    if (session.ending) return true;
    endSession(this.#ctx, session, LOCAL_END);
    return true;
  }

  sessions(): ActiveCallSessionSnapshot[] {
    return [...this.#ctx.sessions.values()].map((session) => session.snapshot());
  }

  frames(sessionId?: string): ReceivedCommandFrame[] {
    return this.#ctx.frames.list(sessionId);
  }

  waitForFrame(
    predicate: (frame: ReceivedCommandFrame) => boolean,
    timeoutMs = 5000,
  ): Promise<ReceivedCommandFrame> {
    if (this.#lifecycle.closing) return Promise.reject(closedError());
    return this.#ctx.frames.wait(predicate, timeoutMs);
  }

  stats(): ActiveCallStats {
    const ctx = this.#ctx;
    return {
      sessions: ctx.sessions.size,
      pendingInbound: ctx.inbound.size,
      timers: ctx.timers.size,
      webhooksInFlight: ctx.webhooks.size,
    };
  }

  simulateInbound(params?: SimulateInboundParams): Promise<SimulateInboundResult> {
    if (this.#lifecycle.closing) return Promise.reject(closedError());
    try {
      return simulateInbound(this.#ctx, params);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  inboundOutcome(dialogId: string): InboundOutcome | undefined {
    return this.#ctx.inbound.outcome(dialogId);
  }

  received(): ActiveCallReceived {
    return { ...this.#received, frames: this.#ctx.frames.total };
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

  async #teardown(): Promise<void> {
    const ctx = this.#ctx;
    this.#accepting = false;
    for (const controller of ctx.webhooks) controller.abort();
    for (const pending of ctx.inbound.all())
      ctx.inbound.take(pending.dialogId, { state: 'abandoned' });
    const closed = [...ctx.sessions.values()].map(
      (session) =>
        new Promise<void>((resolve) => {
          if (session.closed) return resolve();
          session.ws.once('close', () => resolve());
          session.ws.terminate();
        }),
    );
    await Promise.all(closed);
    await this.#listener?.close();
    this.#listener = undefined;
    ctx.timers.clearAll();
    ctx.faults.reset();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Starts an emulated RustPBX Active Call server (WebSocket call sessions, REST routes, webhook
 * inbound calls, scripted remote parties) and resolves once it listens. Rejects with
 * `EmulatorError` (`INVALID_OPTIONS`, `LISTEN_FAILED`).
 */
export async function startActiveCallEmulator(
  options?: ActiveCallEmulatorOptions,
): Promise<ActiveCallEmulator> {
  const emulator = new ActiveCallEmulatorServer(resolveActiveCallOptions(options));
  await emulator.listen();
  return emulator;
}
