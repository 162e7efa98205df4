import type { KeyObject } from 'node:crypto';
import type { CallstreamError } from '@callstream/core';
import { RecentMap } from '@callstream/core/engine';
import { type TelnyxOnlyErrorCode, telnyxError } from '../codes';
import { type DecodedWebhook, decodeWebhook } from './decode';
import { type HeadersLike, type VerifyFailure, verifyWebhook } from './verify';

/** A webhook request as any HTTP framework can hand it over: the **raw** body and the headers. */
export interface WebhookRequest {
  /** The body exactly as received: a string, a `Buffer`/`Uint8Array` or an `ArrayBuffer`. */
  readonly body: unknown;
  /** The request headers (Node's `req.headers`, a fetch `Headers`, or a plain record). */
  readonly headers: HeadersLike;
}

/** What to answer Telnyx. */
export interface WebhookResponse {
  /** HTTP status: 200 accepted (or a duplicate), 4xx refused (nothing changed), 503 not ready. */
  readonly status: number;
  /** Response headers. */
  readonly headers: { readonly [name: string]: string };
  /** A small JSON body saying what happened. */
  readonly body: string;
}

/** Settings of a {@link WebhookIntake}. */
export interface IntakeSettings {
  /** Largest accepted `telnyx-timestamp` distance from local time, in seconds. */
  readonly toleranceSec: number;
  /** Largest accepted body in bytes. */
  readonly maxBodyBytes: number;
}

/** What the intake drives. */
export interface IntakeTarget {
  /** Whether webhooks are taken now (connected). */
  ready(): boolean;
  /** Applies a verified, new webhook. */
  apply(webhook: DecodedWebhook): void;
  /** Reports a refused webhook on `errors$`. */
  report(error: CallstreamError): void;
  /** Local clock (epoch ms). */
  now(): number;
}

/** How many event ids are remembered to drop duplicates (at-least-once delivery). */
const DEDUPE_CAPACITY = 8192;

const JSON_HEADERS = Object.freeze({ 'content-type': 'application/json' });
const utf8 = new TextDecoder('utf-8', { fatal: true });

function answer(status: number, body: object): WebhookResponse {
  return Object.freeze({ status, headers: JSON_HEADERS, body: JSON.stringify(body) });
}

function bytesOf(body: unknown): Uint8Array | undefined {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return undefined;
}

/**
 * The framework-agnostic webhook intake: size check, Ed25519 verification of `timestamp|body`
 * (300 s tolerance), v2 envelope check, dedupe by event id, then the tracker. A refused webhook
 * gets a 4xx, an `errors$` entry and changes nothing. Synchronous and never throws.
 */
export class WebhookIntake {
  readonly #key: KeyObject;
  private readonly seen = new RecentMap<string, true>(DEDUPE_CAPACITY);

  constructor(
    key: KeyObject,
    private readonly settings: IntakeSettings,
    private readonly target: IntakeTarget,
  ) {
    this.#key = key;
  }

  /** Handles one webhook request; the answer is what to send back to Telnyx. */
  handle(request: WebhookRequest): WebhookResponse {
    try {
      return this.process(request);
    } catch (error) {
      // The tracker never throws on payloads; a bug must still not reach the HTTP server.
      this.target.report(
        telnyxError('webhook-malformed', 'a webhook could not be processed', { cause: error }),
      );
      return answer(500, { error: { code: 'internal' } });
    }
  }

  private process(request: WebhookRequest): WebhookResponse {
    if (!this.target.ready()) {
      return answer(503, { error: { code: 'not-ready', message: 'the client is not connected' } });
    }
    if (typeof request !== 'object' || request === null) {
      return this.refuse(400, 'webhook-body-parsed', 'the webhook handler needs { body, headers }');
    }
    const bytes = bytesOf(request.body);
    if (bytes === undefined) {
      const what =
        request.body === undefined || request.body === null ? 'no body' : 'a parsed object';
      return this.refuse(
        400,
        'webhook-body-parsed',
        `the webhook handler got ${what} instead of the raw body, so its signature cannot be checked: mount it with a raw body (express.raw({ type: 'application/json' }), Fastify's parseAs: 'buffer'), see docs/telnyx.md#raw-bodies`,
      );
    }
    if (bytes.byteLength > this.settings.maxBodyBytes) {
      return this.refuse(
        413,
        'webhook-malformed',
        `a webhook body of ${bytes.byteLength} bytes is larger than maxBodyBytes (${this.settings.maxBodyBytes})`,
      );
    }
    const headers = request.headers ?? {};
    const failure = verifyWebhook(
      this.#key,
      bytes,
      headers,
      this.settings.toleranceSec,
      this.target.now(),
    );
    if (failure !== undefined) return this.refuseVerification(failure, bytes);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return this.refuse(400, 'webhook-malformed', 'a signed webhook body is not UTF-8');
    }
    const decoded = decodeWebhook(text);
    if (typeof decoded === 'string') {
      return this.refuse(400, 'webhook-malformed', `a signed webhook was refused: ${decoded}`);
    }
    if (this.seen.has(decoded.id)) return answer(200, { received: true, duplicate: true });
    this.seen.set(decoded.id, true);
    this.target.apply(decoded);
    return answer(200, { received: true });
  }

  private refuseVerification(failure: VerifyFailure, bytes: Uint8Array): WebhookResponse {
    switch (failure.kind) {
      case 'missing-header':
        return this.refuse(
          400,
          'webhook-headers-missing',
          `a webhook came without the ${failure.header} header; it was refused`,
        );
      case 'stale':
        return this.refuse(
          401,
          'webhook-timestamp-stale',
          `a webhook's telnyx-timestamp is ${failure.skewSeconds} s away from local time (at most ${this.settings.toleranceSec} s): refused as a possible replay (check the clock)`,
        );
      default: {
        const hint = looksReserialised(bytes)
          ? ' The body is valid JSON: if a framework parsed it and serialised it again (express.json(), a JSON body parser), the bytes changed; verify the raw body as received (docs/telnyx.md#raw-bodies). Otherwise check that publicKey is the webhook public key of the account that sent it.'
          : ' Check that publicKey is the webhook public key of the account that sent it.';
        return this.refuse(
          401,
          'webhook-signature-invalid',
          `a webhook signature did not verify: ${failure.reason}.${hint}`,
        );
      }
    }
  }

  private refuse(status: number, code: TelnyxOnlyErrorCode, message: string): WebhookResponse {
    this.target.report(telnyxError(code, message, { statusCode: status }));
    return answer(status, { error: { code, message } });
  }
}

/** Whether the body parses as JSON: with a failed signature, the likeliest cause is re-serialisation. */
function looksReserialised(bytes: Uint8Array): boolean {
  try {
    const parsed: unknown = JSON.parse(utf8.decode(bytes));
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}
