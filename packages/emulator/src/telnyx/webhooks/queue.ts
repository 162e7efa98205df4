import type { EmulatorLogger } from '../../logger';
import type { CancelTimer, TimerRegistry } from '../../timers';
import { BoundedLog } from '../boundedLog';
import type { TelnyxFaultState } from '../faults';
import type { ResolvedTelnyxOptions } from '../options';
import type { TelnyxDeliveryFault, TelnyxDeliveryOutcome, TelnyxWebhookDelivery } from '../types';
import { type SendResult, WebhookSender } from './sender';
import type { WebhookSigner } from './signer';

/** One event on its way to the application. */
export interface OutgoingWebhook {
  readonly eventId: string;
  readonly eventType: string;
  /** The per-call ordering key (every event has one, `call.recording.saved` included). */
  readonly callLegId: string;
  readonly callControlId: string | undefined;
  /** The envelope's `data` object. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Where it goes; undefined when neither the call nor the application has a URL. */
  readonly url: string | undefined;
}

interface Entry extends OutgoingWebhook {
  /** Set when a reorder fault moved it behind its successor, or gave up holding it. */
  reordered?: 'moved' | 'held';
}

interface CallQueue {
  readonly entries: Entry[];
  busy: boolean;
  /** Cancels the reorder hold, when one is running. */
  hold: CancelTimer | undefined;
}

/** What the queue needs from the emulator. */
export interface WebhookQueueDeps {
  readonly options: ResolvedTelnyxOptions;
  readonly timers: TimerRegistry;
  readonly faults: TelnyxFaultState;
  readonly signer: WebhookSigner;
  readonly logger: EmulatorLogger;
}

/** Longest retry delay, as a multiple of `timing.webhookRetryMs`. */
const MAX_BACKOFF_FACTOR = 32;

/**
 * Delivers webhooks: one FIFO per call (a call's events arrive in order, each after the previous
 * one was acknowledged or given up), retries with exponential backoff on non-2xx, timeouts and
 * connection errors, a bounded total, every attempt logged, and the delivery faults applied.
 */
export class WebhookQueue {
  readonly #deps: WebhookQueueDeps;
  readonly #sender = new WebhookSender();
  readonly #log: BoundedLog<TelnyxWebhookDelivery>;
  #queues = new Map<string, CallQueue>();
  #queued = 0;
  #seq = 0;
  /** Bumped by `clear()`: deliveries of an older generation stop after their current attempt. */
  #generation = 0;
  readonly #sleepers = new Set<() => void>();
  #closed = false;

  constructor(deps: WebhookQueueDeps) {
    this.#deps = deps;
    this.#log = new BoundedLog(deps.options.maxDeliveryLog);
  }

  /** Webhooks waiting or in flight. */
  get queued(): number {
    return this.#queued;
  }

  /** HTTP requests in flight. */
  get inFlight(): number {
    return this.#sender.inFlight;
  }

  deliveries(): TelnyxWebhookDelivery[] {
    return this.#log.list();
  }

  enqueue(webhook: OutgoingWebhook): void {
    if (this.#closed) return;
    if (webhook.url === undefined) {
      this.#record(webhook, 1, 'no-url', { body: JSON.stringify({ data: webhook.data }) });
      return;
    }
    if (this.#queued >= this.#deps.options.maxQueuedWebhooks) {
      this.#deps.logger.warn('webhook queue full: event dropped', {
        eventType: webhook.eventType,
        limit: this.#deps.options.maxQueuedWebhooks,
      });
      this.#record(webhook, 1, 'overflow', { body: JSON.stringify({ data: webhook.data }) });
      return;
    }
    let queue = this.#queues.get(webhook.callLegId);
    if (queue === undefined) {
      queue = { entries: [], busy: false, hold: undefined };
      this.#queues.set(webhook.callLegId, queue);
    }
    queue.entries.push({ ...webhook });
    this.#queued += 1;
    if (queue.hold !== undefined) {
      queue.hold();
      queue.hold = undefined;
    }
    this.#pump(webhook.callLegId, queue);
  }

  #pump(key: string, queue: CallQueue): void {
    if (queue.busy || queue.hold !== undefined || this.#closed) return;
    const head = queue.entries[0];
    if (head === undefined) {
      if (this.#queues.get(key) === queue) this.#queues.delete(key);
      return;
    }
    const { faults } = this.#deps;
    if (head.reordered === undefined && faults.reorder.armed) {
      const next = queue.entries[1];
      if (next === undefined) {
        // Wait (bounded) for the call's next event, so there is something to swap with.
        queue.hold = this.#deps.timers.set(this.#deps.options.reorderHoldMs, () => {
          queue.hold = undefined;
          head.reordered = 'held';
          this.#pump(key, queue);
        });
        return;
      }
      faults.reorder.take();
      head.reordered = 'moved';
      next.reordered = 'held';
      queue.entries[0] = next;
      queue.entries[1] = head;
    }
    const entry = queue.entries.shift();
    if (entry === undefined) return;
    queue.busy = true;
    const generation = this.#generation;
    void this.#deliver(entry, generation).finally(() => {
      if (generation !== this.#generation) return;
      this.#queued -= 1;
      queue.busy = false;
      this.#pump(key, queue);
    });
  }

  async #deliver(entry: Entry, generation: number): Promise<void> {
    const { faults, options, signer, logger } = this.#deps;
    const url = entry.url as string;
    let fault: TelnyxDeliveryFault | undefined =
      entry.reordered === 'moved' ? 'reordered' : undefined;
    if (faults.drop.take()) {
      this.#record(entry, 1, 'dropped', { body: this.#body(entry, 1), fault: 'dropped' });
      return;
    }
    if (faults.delay.take()) {
      fault ??= 'delayed';
      if (!(await this.#sleep(faults.delayMs))) return;
    }
    const stale = faults.staleTimestamp.take();
    const corrupt = faults.badSignature.take();
    const duplicate = faults.duplicate.take();
    if (stale) fault = 'stale-timestamp';
    if (corrupt) fault = 'bad-signature';
    for (let attempt = 1; attempt <= options.webhookAttempts; attempt += 1) {
      if (this.#closed || generation !== this.#generation) return;
      const body = this.#body(entry, attempt);
      const first = attempt === 1;
      const seconds = Math.floor(Date.now() / 1000) - (stale && first ? faults.staleAgeSeconds : 0);
      const timestamp = String(seconds);
      // A corrupt signature is well-formed (64 bytes, base64) but signs other bytes.
      const signature = signer.sign(timestamp, corrupt && first ? `${body} ` : body);
      const headers = { 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': timestamp };
      const result = await this.#sender.post(url, body, headers, options.webhookTimeoutMs);
      // Cleared or closed meanwhile: the attempt was aborted and belongs to a log that is gone.
      if (this.#closed || generation !== this.#generation) return;
      const outcome = outcomeOf(result);
      this.#record(entry, attempt, outcome, {
        body,
        timestamp,
        signature,
        ...(result.kind === 'answered' ? { status: result.status } : {}),
        ...(first && fault !== undefined ? { fault } : {}),
      });
      if (outcome === 'delivered') {
        if (duplicate && !this.#closed && generation === this.#generation) {
          const again = await this.#sender.post(url, body, headers, options.webhookTimeoutMs);
          if (this.#closed || generation !== this.#generation) return;
          this.#record(entry, attempt, outcomeOf(again), {
            body,
            timestamp,
            signature,
            fault: 'duplicate',
            ...(again.kind === 'answered' ? { status: again.status } : {}),
          });
        }
        return;
      }
      if (attempt === options.webhookAttempts) break;
      const base = options.timing.webhookRetryMs;
      const backoff = Math.min(base * 2 ** (attempt - 1), base * MAX_BACKOFF_FACTOR);
      if (!(await this.#sleep(backoff))) return;
    }
    logger.warn('webhook given up', {
      eventType: entry.eventType,
      attempts: options.webhookAttempts,
    });
  }

  #body(entry: Entry, attempt: number): string {
    return JSON.stringify({ data: entry.data, meta: { attempt, delivered_to: entry.url } });
  }

  /** Waits on the timer registry; resolves false when the queue was cleared or closed first. */
  #sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = this.#deps.timers.set(ms, () => {
        this.#sleepers.delete(wake);
        resolve(true);
      });
      const wake = () => {
        cancel();
        resolve(false);
      };
      this.#sleepers.add(wake);
    });
  }

  #record(
    webhook: OutgoingWebhook,
    attempt: number,
    outcome: TelnyxDeliveryOutcome,
    extra: {
      body: string;
      status?: number;
      fault?: TelnyxDeliveryFault;
      timestamp?: string;
      signature?: string;
    },
  ): void {
    this.#seq += 1;
    const entry: TelnyxWebhookDelivery = Object.freeze({
      seq: this.#seq,
      eventId: webhook.eventId,
      eventType: webhook.eventType,
      callLegId: webhook.callLegId,
      ...(webhook.callControlId === undefined ? {} : { callControlId: webhook.callControlId }),
      ...(webhook.url === undefined ? {} : { url: webhook.url }),
      attempt,
      outcome,
      at: Date.now(),
      ...extra,
    });
    this.#log.push(entry);
    this.#deps.logger.debug('webhook', {
      eventType: webhook.eventType,
      attempt,
      outcome,
      ...(extra.status === undefined ? {} : { status: extra.status }),
      ...(extra.fault === undefined ? {} : { fault: extra.fault }),
    });
  }

  /** Drops every queued webhook and the log, and aborts deliveries in flight. */
  clear(): void {
    this.#generation += 1;
    this.#sender.abortAll();
    for (const queue of this.#queues.values()) queue.hold?.();
    this.#queues = new Map();
    this.#queued = 0;
    for (const wake of [...this.#sleepers]) wake();
    this.#sleepers.clear();
    this.#log.clear();
  }

  /** Stops delivering and releases every socket. */
  close(): void {
    this.#closed = true;
    this.clear();
    this.#sender.close();
  }
}

function outcomeOf(result: SendResult): TelnyxDeliveryOutcome {
  if (result.kind === 'timeout') return 'timeout';
  if (result.kind === 'error') return 'error';
  return result.status >= 200 && result.status < 300 ? 'delivered' : 'failed';
}
