import { isPlainObject } from '@callstream/core/engine';

/** A verified webhook, checked for the v2 envelope (`data.{event_type,id,occurred_at,payload}`). */
export interface DecodedWebhook {
  /** `data.id`: the event's UUID, the dedupe key. */
  readonly id: string;
  /** `data.event_type`, e.g. `call.answered`. */
  readonly eventType: string;
  /** `data.occurred_at` as epoch ms. */
  readonly occurredAt: number;
  /** `data.payload`. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** `payload.call_control_id`, when it is a non-empty string. */
  readonly callControlId: string | undefined;
  /** `payload.call_leg_id`, when it is a non-empty string. */
  readonly callLegId: string | undefined;
  /** `payload.call_session_id`, when it is a non-empty string. */
  readonly callSessionId: string | undefined;
  /** `data` as received (for `raw` on events). */
  readonly data: Readonly<Record<string, unknown>>;
}

/** Longest id or event type accepted (Telnyx ids are ~100 characters at most). */
const MAX_ID_LENGTH = 256;

/** A payload string field, when it is a non-empty string of sane length. */
export function textField(
  payload: Readonly<Record<string, unknown>>,
  name: string,
  max = MAX_ID_LENGTH,
): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value !== '' && value.length <= max ? value : undefined;
}

/**
 * Checks a webhook body (already verified) for the v2 Call Control envelope. Returns the decoded
 * event, or a sentence saying what is wrong. Never throws.
 */
export function decodeWebhook(text: string): DecodedWebhook | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  if (!isPlainObject(body)) return 'the body is not a JSON object';
  const data = body.data;
  if (!isPlainObject(data)) {
    // v1 bodies are flat (`event_type` with underscores, `created_at`) and have no `data`.
    if (typeof body.event_type === 'string' || 'created_at' in body) {
      return 'a v1 webhook: set the Call Control Application to webhook_api_version "2"';
    }
    return 'data is missing or not an object';
  }
  const eventType = data.event_type;
  if (typeof eventType !== 'string' || eventType === '' || eventType.length > MAX_ID_LENGTH) {
    return 'data.event_type is missing or not a string';
  }
  if (/^call_[a-z]/.test(eventType)) {
    return `a v1 event name (${eventType}): set webhook_api_version "2"`;
  }
  const id = data.id;
  if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH) {
    return 'data.id is missing or not a string';
  }
  const occurred = typeof data.occurred_at === 'string' ? Date.parse(data.occurred_at) : Number.NaN;
  if (!Number.isFinite(occurred)) return 'data.occurred_at is missing or not a date';
  const payload = data.payload ?? {};
  if (!isPlainObject(payload)) return 'data.payload is not an object';
  return {
    id,
    eventType,
    occurredAt: occurred,
    payload,
    callControlId: textField(payload, 'call_control_id'),
    callLegId: textField(payload, 'call_leg_id'),
    callSessionId: textField(payload, 'call_session_id'),
    data,
  };
}
