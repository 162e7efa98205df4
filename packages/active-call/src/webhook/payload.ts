import { isPlainObject } from '@callstream/core/engine';
import { acError } from '../codes';
import { redactHeaderLines } from '../redact';

/** Largest webhook body the intake reads, in bytes (an INVITE with SDP is a few KiB). */
export const MAX_WEBHOOK_BYTES = 256 * 1024;
/** Longest dialog id accepted. */
const MAX_DIALOG_ID = 1024;
/** Most INVITE header lines kept. */
const MAX_HEADERS = 256;

/**
 * The webhook an Active Call server POSTs for an inbound call (reference §6.2), checked.
 * `raw` is the body as received (its header lines with credentials redacted).
 */
export interface WebhookInvite {
  /** Always `invite`. */
  readonly event: 'invite';
  /** Opaque dialog id: the call's id; the session opens `/call/sip?id=<dialogId>`. */
  readonly dialogId: string;
  /** When the server created the call, RFC 3339. */
  readonly createdAt?: string;
  /** From URI. */
  readonly caller: string;
  /** To URI. */
  readonly callee: string;
  /** The INVITE's header lines (`Name: value`), credentials redacted. */
  readonly headers: readonly string[];
  /** The caller's SDP offer. */
  readonly offer?: string;
  /** The body, for `events$` (`raw`). */
  readonly raw: { readonly [key: string]: unknown };
}

/** What a webhook body turned out to be. */
export type WebhookBody =
  | { readonly kind: 'invite'; readonly invite: WebhookInvite }
  | { readonly kind: 'other'; readonly event: string };

function malformed(message: string, statusCode = 400): Error {
  return acError('webhook-malformed', `webhook: ${message}`, { statusCode });
}

function toText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    const bytes = body instanceof Uint8Array ? body : new Uint8Array(body);
    if (bytes.byteLength > MAX_WEBHOOK_BYTES) {
      throw malformed(`the body is larger than ${MAX_WEBHOOK_BYTES} bytes`, 413);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw malformed('the body is not UTF-8 text');
    }
  }
  return undefined;
}

function parse(body: unknown): Record<string, unknown> {
  const text = toText(body);
  let value: unknown = body;
  if (text !== undefined) {
    if (text.length > MAX_WEBHOOK_BYTES) {
      throw malformed(`the body is larger than ${MAX_WEBHOOK_BYTES} bytes`, 413);
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw malformed('the body is not JSON');
    }
  }
  if (!isPlainObject(value)) {
    throw malformed('the body is not a JSON object');
  }
  return value as Record<string, unknown>;
}

function optionalString(
  body: Record<string, unknown>,
  name: string,
  max: number,
): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformed(`"${name}" must be a string`);
  if (value.length > max) throw malformed(`"${name}" is longer than ${max} characters`);
  return value;
}

/**
 * Checks a webhook body: the raw bytes, the text, or an object a framework already parsed.
 * Throws `webhook-malformed` (`statusCode` 400, or 413 when too large). A body whose `event`
 * is not `invite` is `other` (the server sends only invites today; others are acknowledged).
 */
export function parseWebhook(body: unknown): WebhookBody {
  const object = parse(body);
  const event = object.event;
  if (typeof event !== 'string' || event === '') throw malformed('"event" must be a string');
  if (event !== 'invite') return { kind: 'other', event: event.slice(0, 64) };
  const dialogId = object.dialogId;
  if (typeof dialogId !== 'string' || dialogId.trim() === '') {
    throw malformed('"dialogId" must be a non-empty string');
  }
  if (dialogId.length > MAX_DIALOG_ID) {
    throw malformed(`"dialogId" is longer than ${MAX_DIALOG_ID} characters`);
  }
  const headers = object.headers ?? [];
  if (!Array.isArray(headers) || headers.some((line) => typeof line !== 'string')) {
    throw malformed('"headers" must be an array of strings');
  }
  if (headers.length > MAX_HEADERS) throw malformed(`more than ${MAX_HEADERS} headers`);
  const safeHeaders = redactHeaderLines(headers as string[]);
  const createdAt = optionalString(object, 'createdAt', 64);
  const offer = optionalString(object, 'offer', MAX_WEBHOOK_BYTES);
  const invite: WebhookInvite = {
    event: 'invite',
    dialogId,
    caller: optionalString(object, 'caller', 2048) ?? '',
    callee: optionalString(object, 'callee', 2048) ?? '',
    headers: safeHeaders,
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(offer === undefined ? {} : { offer }),
    raw: Object.freeze({ ...object, headers: Object.freeze(safeHeaders) }),
  };
  return { kind: 'invite', invite };
}
