import { randomBytes } from 'node:crypto';
import { EmulatorError } from '../errors';
import type { AcContext } from './context';
import { rfc3339 } from './format';
import type { PendingInbound } from './inboundStore';
import { rtpSdp } from './sdp';
import type { SimulateInboundParams, SimulateInboundResult } from './types';

/** Default From URI of a simulated inbound call. */
export const DEFAULT_INBOUND_CALLER = 'sip:+15550000000@127.0.0.1';
/** Default To URI of a simulated inbound call. */
export const DEFAULT_INBOUND_CALLEE = 'sip:2000@127.0.0.1';
const MAX_URI_CHARS = 2048;

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** `<Call-ID>-<larger tag>-<smaller tag>`, the shape of the server's dialog ids. */
function newDialog(): { callId: string; fromTag: string; toTag: string; dialogId: string } {
  const callId = `${hex(10)}@127.0.0.1`;
  const fromTag = hex(4);
  const toTag = hex(4);
  const [larger, smaller] = fromTag > toTag ? [fromTag, toTag] : [toTag, fromTag];
  return { callId, fromTag, toTag, dialogId: `${callId}-${larger}-${smaller}` };
}

function uri(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_URI_CHARS) {
    throw new EmulatorError(
      'INVALID_ARGUMENT',
      `simulateInbound: ${name} must be a non-empty string of at most ${MAX_URI_CHARS} characters`,
    );
  }
  return value;
}

function webhookTarget(ctx: AcContext, value: unknown): string {
  if (value === undefined || value === '') return ctx.options.webhookUrl;
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value) || !URL.canParse(value)) {
    throw new EmulatorError(
      'INVALID_ARGUMENT',
      'simulateInbound: webhookUrl must be an http(s) URL',
    );
  }
  return value;
}

/** The INVITE's headers as the webhook renders them (`Name: value`). */
function inviteHeaders(
  dialog: ReturnType<typeof newDialog>,
  caller: string,
  callee: string,
  offer: string,
): string[] {
  return [
    `Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK${hex(6)}`,
    'Max-Forwards: 70',
    `From: <${caller}>;tag=${dialog.fromTag}`,
    `To: <${callee}>`,
    `Call-ID: ${dialog.callId}`,
    'CSeq: 1 INVITE',
    `Contact: <${caller}>`,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(offer)}`,
  ];
}

/** POSTs the webhook; resolves with the HTTP status or the transport error. */
async function post(
  ctx: AcContext,
  url: string,
  body: string,
): Promise<{ status: number } | { error: string }> {
  const controller = new AbortController();
  ctx.webhooks.add(controller);
  const cancelDeadline = ctx.timers.set(ctx.options.webhookTimeoutMs, () => controller.abort());
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      signal: controller.signal,
    });
    // The answer's body is not needed; releasing it frees the connection.
    await response.body?.cancel().catch(() => {});
    return { status: response.status };
  } catch (error) {
    if (controller.signal.aborted) {
      return {
        error: `webhook POST aborted (timeout ${ctx.options.webhookTimeoutMs} ms or close)`,
      };
    }
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    return { error: `webhook POST failed: ${typeof cause === 'string' ? cause : String(error)}` };
  } finally {
    cancelDeadline();
    ctx.webhooks.delete(controller);
  }
}

/**
 * An inbound INVITE arrives: the call is held pending for `acceptTimeoutMs` and the §6.2
 * webhook is POSTed. A non-2xx answer or a failed POST ends the call (the server answers the
 * caller 503); without any webhook URL the call is held so a test can take it by its dialog id.
 */
export async function simulateInbound(
  ctx: AcContext,
  params: SimulateInboundParams = {},
): Promise<SimulateInboundResult> {
  if (typeof params !== 'object' || params === null) {
    throw new EmulatorError('INVALID_ARGUMENT', 'simulateInbound: params must be an object');
  }
  const caller = uri('caller', params.caller, DEFAULT_INBOUND_CALLER);
  const callee = uri('callee', params.callee, DEFAULT_INBOUND_CALLEE);
  const url = webhookTarget(ctx, params.webhookUrl);
  const dialog = newDialog();
  const base = { dialogId: dialog.dialogId, webhookUrl: url === '' ? null : url };
  if (ctx.inbound.size >= ctx.options.maxPendingInbound) {
    return {
      ...base,
      delivered: false,
      status: null,
      pending: false,
      error: `too many pending inbound calls (${ctx.options.maxPendingInbound}); answered 503`,
    };
  }
  const offer = rtpSdp();
  const now = Date.now();
  const call: PendingInbound = {
    dialogId: dialog.dialogId,
    caller,
    callee,
    offer,
    createdAt: now,
    cancelDeadline: ctx.timers.set(ctx.options.acceptTimeoutMs, () => {
      if (ctx.inbound.take(dialog.dialogId, { state: 'timedOut' })) {
        ctx.logger.info('inbound call not accepted in time', { dialogId: dialog.dialogId });
      }
    }),
  };
  ctx.inbound.add(call);
  ctx.logger.info('inbound call', { dialogId: dialog.dialogId, caller, callee });
  if (url === '') {
    return {
      ...base,
      delivered: false,
      status: null,
      pending: true,
      error: 'no webhook URL configured',
    };
  }
  const body = JSON.stringify({
    event: 'invite',
    dialogId: dialog.dialogId,
    createdAt: rfc3339(now),
    caller,
    callee,
    headers: inviteHeaders(dialog, caller, callee, offer),
    offer,
  });
  const result = await post(ctx, url, body);
  if ('status' in result && result.status >= 200 && result.status < 300) {
    return {
      ...base,
      delivered: true,
      status: result.status,
      pending: ctx.inbound.get(dialog.dialogId) !== undefined,
    };
  }
  ctx.inbound.take(dialog.dialogId, { state: 'webhookFailed' });
  const error = 'status' in result ? `webhook answered ${result.status}` : result.error;
  ctx.logger.warn('webhook not delivered; caller gets 503', { dialogId: dialog.dialogId, error });
  return {
    ...base,
    delivered: false,
    status: 'status' in result ? result.status : null,
    pending: false,
    error,
  };
}
