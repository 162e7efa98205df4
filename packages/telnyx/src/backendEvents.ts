import type { TelnyxCall } from './call';
import type { TelnyxBackendEvent, TelnyxEventBase } from './events';
import type { DecodedWebhook } from './webhook/decode';
import { textField } from './webhook/decode';

/**
 * Event names of the Voice API v2 `webhooks` section that callstream passes on as `backend`
 * events (telnyx-call-control.md §6). Anything else is passed through as `unknown`.
 */
const documentedNames = new Set([
  'call.speak.started',
  'call.speak.ended',
  'call.playback.started',
  'call.playback.ended',
  'call.gather.ended',
  'call.recording.saved',
  'call.recording.error',
  'call.recording.transcription.saved',
  'call.machine.detection.ended',
  'call.machine.greeting.ended',
  'call.machine.premium.detection.ended',
  'call.machine.premium.greeting.ended',
  'call.refer.started',
  'call.refer.completed',
  'call.refer.failed',
  'call.enqueued',
  'call.dequeued',
  'call.fork.started',
  'call.fork.stopped',
  'call.cost',
  'call.transcription',
  'call.ai_gather.ended',
  'call.ai_gather.partial_results',
  'call.ai_gather.message_history_updated',
  'call.conversation.ended',
  'call.conversation_insights.generated',
  'call.deepfake_detection.result',
  'call.deepfake_detection.error',
  'call.payment.completed',
  'call.payment.progress',
  'streaming.started',
  'streaming.stopped',
  'streaming.failed',
  'siprec.started',
  'siprec.stopped',
  'siprec.failed',
]);

/** Whether `name` is a documented Telnyx event without a neutral meaning. */
export function isBackendEventName(name: string): boolean {
  return documentedNames.has(name);
}

/** A `{ format: url }` map from a payload field, keeping only string URLs. */
function urls(value: unknown): { readonly [format: string]: string } {
  if (typeof value !== 'object' || value === null) return {};
  const result: Record<string, string> = {};
  for (const [format, url] of Object.entries(value)) {
    if (typeof url === 'string') result[format] = url;
  }
  return result;
}

/**
 * The frozen, typed `backend` event for a Telnyx-only webhook about `callId` (`call` when the
 * call is still tracked).
 */
export function buildBackendEvent(
  webhook: DecodedWebhook,
  callId: string,
  call: TelnyxCall | undefined,
  receivedAt: number,
): TelnyxBackendEvent {
  const { payload } = webhook;
  const base: TelnyxEventBase = {
    type: 'backend',
    backend: 'telnyx',
    name: webhook.eventType,
    callId,
    receivedAt,
    occurredAt: webhook.occurredAt,
    eventId: webhook.id,
    payload,
    raw: webhook.data,
    ...(call === undefined ? {} : { call }),
  };
  const status = textField(payload, 'status') ?? 'unknown';
  switch (webhook.eventType) {
    case 'call.speak.ended':
      return Object.freeze({ ...base, name: 'call.speak.ended', status });
    case 'call.playback.ended': {
      const statusDetail = textField(payload, 'status_detail', 4096);
      return Object.freeze({
        ...base,
        name: 'call.playback.ended',
        status,
        ...(statusDetail === undefined ? {} : { statusDetail }),
      });
    }
    case 'call.gather.ended': {
      const gatherId = textField(payload, 'gather_id');
      const digits = typeof payload.digits === 'string' ? payload.digits.slice(0, 256) : '';
      return Object.freeze({
        ...base,
        name: 'call.gather.ended',
        digits,
        status,
        ...(gatherId === undefined ? {} : { gatherId }),
      });
    }
    case 'call.recording.saved': {
      const recordingId = textField(payload, 'recording_id');
      const channels = textField(payload, 'channels');
      return Object.freeze({
        ...base,
        name: 'call.recording.saved',
        recordingUrls: Object.freeze(urls(payload.recording_urls)),
        publicRecordingUrls: Object.freeze(urls(payload.public_recording_urls)),
        ...(recordingId === undefined ? {} : { recordingId }),
        ...(channels === undefined ? {} : { channels }),
      });
    }
    case 'call.recording.error':
      return Object.freeze({
        ...base,
        name: 'call.recording.error',
        reason: textField(payload, 'reason', 4096) ?? 'unknown',
      });
    case 'call.machine.detection.ended':
    case 'call.machine.greeting.ended':
    case 'call.machine.premium.detection.ended':
    case 'call.machine.premium.greeting.ended':
      return Object.freeze({
        ...base,
        name: webhook.eventType,
        result: textField(payload, 'result') ?? 'unknown',
      });
    default:
      return Object.freeze(base);
  }
}
