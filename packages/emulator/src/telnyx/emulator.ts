import { EmulatorError } from '../errors';
import { TimerRegistry } from '../timers';
import { ApiState } from './api/apiState';
import { createTelnyxHandler } from './api/router';
import { BoundedLog } from './boundedLog';
import { simulateInbound } from './calls/inbound';
import { snapshotLeg } from './calls/leg';
import { LegStore } from './calls/legStore';
import { createRemoteControl } from './calls/remoteParty';
import type { TelnyxContext } from './context';
import { createTelnyxFaults, TelnyxFaultState } from './faults';
import {
  httpUrlOption,
  type ResolvedTelnyxOptions,
  resolveApiKey,
  resolveTelnyxOptions,
  type TelnyxEmulatorOptions,
} from './options';
import { HttpListener } from './server';
import type {
  SimulateTelnyxInboundParams,
  TelnyxApiRequest,
  TelnyxCall,
  TelnyxEmulator,
  TelnyxFaults,
  TelnyxInboundCall,
  TelnyxRemoteControl,
  TelnyxStats,
  TelnyxWebhookDelivery,
} from './types';
import { WebhookQueue } from './webhooks/queue';
import { WebhookSigner } from './webhooks/signer';

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function closedError(): EmulatorError {
  return new EmulatorError('CLOSED', 'the Telnyx emulator was closed');
}

/** The emulator behind {@link startTelnyxEmulator}. Secrets live in private fields only. */
class TelnyxEmulatorServer implements TelnyxEmulator {
  readonly #ctx: TelnyxContext;
  readonly #apiKey: string;
  readonly #signer: WebhookSigner;
  readonly #api: ApiState;
  readonly #requests: BoundedLog<TelnyxApiRequest>;
  readonly remote: TelnyxRemoteControl;
  readonly faults: TelnyxFaults;
  #listener: HttpListener | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: ResolvedTelnyxOptions, apiKey: string, signer: WebhookSigner) {
    const logger = options.logger;
    const timers = new TimerRegistry(logger);
    const faults = new TelnyxFaultState();
    this.#apiKey = apiKey;
    this.#signer = signer;
    this.#ctx = {
      options,
      logger,
      timers,
      faults,
      legs: new LegStore(options.maxEndedCalls),
      webhooks: new WebhookQueue({ options, timers, faults, signer, logger }),
      httpUrl: '',
    };
    this.#api = new ApiState(options);
    this.#requests = new BoundedLog(options.maxRequestLog);
    this.remote = createRemoteControl(this.#ctx);
    this.faults = createTelnyxFaults(faults);
  }

  async listen(): Promise<void> {
    const ctx = this.#ctx;
    const handler = createTelnyxHandler({
      ctx,
      api: this.#api,
      apiKey: this.#apiKey,
      requests: this.#requests,
      control: this,
    });
    this.#listener = await HttpListener.open(
      ctx.options.host,
      ctx.options.port,
      handler,
      ctx.logger,
    );
    ctx.options.port = this.#listener.port;
    ctx.httpUrl = this.httpUrl;
    ctx.logger.info('telnyx emulator listening', { http: this.httpUrl });
  }

  get port(): number {
    return this.#ctx.options.port;
  }

  get httpUrl(): string {
    return `http://${urlHost(this.#ctx.options.host)}:${this.port}`;
  }

  get apiBase(): string {
    return `${this.httpUrl}/v2`;
  }

  get publicKey(): string {
    return this.#signer.publicKey;
  }

  get connectionId(): string {
    return this.#ctx.options.connectionId;
  }

  get apiKey(): string {
    return this.#apiKey;
  }

  get options(): Readonly<ResolvedTelnyxOptions> {
    return this.#ctx.options;
  }

  calls(): TelnyxCall[] {
    return this.#ctx.legs.all().map(snapshotLeg);
  }

  call(callControlId: string): TelnyxCall | undefined {
    const leg = this.#ctx.legs.get(callControlId);
    return leg === undefined ? undefined : snapshotLeg(leg);
  }

  deliveries(): TelnyxWebhookDelivery[] {
    return this.#ctx.webhooks.deliveries();
  }

  requests(): TelnyxApiRequest[] {
    return this.#requests.list();
  }

  stats(): TelnyxStats {
    const ctx = this.#ctx;
    return {
      calls: ctx.legs.size,
      timers: ctx.timers.size,
      queuedWebhooks: ctx.webhooks.queued,
      inFlightWebhooks: ctx.webhooks.inFlight,
    };
  }

  simulateInbound(params?: SimulateTelnyxInboundParams): Promise<TelnyxInboundCall> {
    if (this.#closing !== undefined) return Promise.reject(closedError());
    try {
      return Promise.resolve(simulateInbound(this.#ctx, params));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  setWebhookUrl(url: string | undefined): void {
    this.#ctx.options.webhookUrl = url === undefined ? undefined : httpUrlOption('webhookUrl', url);
  }

  reset(): void {
    const ctx = this.#ctx;
    ctx.timers.clearAll();
    ctx.legs.clear();
    ctx.webhooks.clear();
    ctx.faults.reset();
    this.#api.reset();
    this.#requests.clear();
    ctx.logger.info('telnyx emulator reset');
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      const ctx = this.#ctx;
      ctx.webhooks.close();
      ctx.timers.clearAll();
      ctx.legs.clear();
      await this.#listener?.close();
      this.#listener = undefined;
      ctx.logger.info('telnyx emulator closed');
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Starts an emulated Telnyx Call Control API (`/v2` REST + signed webhooks + simulated calls)
 * and resolves once it listens. Rejects with `EmulatorError` (`INVALID_OPTIONS`, `LISTEN_FAILED`).
 *
 * @example
 * ```ts
 * await using telnyx = await startTelnyxEmulator({ timing: 'fast', webhookUrl });
 * const client = new Telnyx({ apiKey: telnyx.apiKey, baseURL: telnyx.apiBase });
 * ```
 */
export async function startTelnyxEmulator(
  options?: TelnyxEmulatorOptions,
): Promise<TelnyxEmulator> {
  const resolved = resolveTelnyxOptions(options);
  const server = new TelnyxEmulatorServer(
    resolved,
    resolveApiKey(options?.apiKey),
    new WebhookSigner(options?.keyPair),
  );
  await server.listen();
  return server;
}
