/** Builders of the reply envelopes of §5.2. `requestId` is echoed whenever the frame had one. */

/** A reply body before its `request_id` is attached. */
export type Reply = Record<string, unknown>;

/** The text of the "callid not found" error (§9.5). */
export const CALLID_NOT_FOUND = 'callid not found';
/** The text of the MULTI rejection (§10). */
export const APPID_REQUIRED = 'appid required in MULTI mode';

/** `{"response","status_code":200,"data":{"success":true,...}}`. */
export function okReply(action: string, data: Record<string, unknown> = {}): Reply {
  return { response: action, status_code: 200, data: { success: true, ...data } };
}

/**
 * A gateway-level failure: the envelope carries the status and `data.error`, and a top-level
 * `error` so that clients which only look at `error` (the Go SDK) see it too.
 */
export function failReply(action: string, statusCode: number, error: string): Reply {
  return { response: action, status_code: statusCode, data: { success: false, error }, error };
}

/** A CM-level rejection with no `response` key, e.g. `appid required in MULTI mode`. */
export function cmError(error: string): Reply {
  return { error };
}

/**
 * A `request_id` as a reply echoes it: normally the command's string; an error reply to an
 * invalid (non-string) one echoes that JSON scalar as it came.
 */
export type EchoedRequestId = string | number | boolean | null;

/** Whether a frame's `request_id` can be echoed as is (any JSON scalar). */
export function isEchoableRequestId(value: unknown): value is EchoedRequestId {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  );
}

/** Attaches `request_id` when the command had one. */
export function withRequestId(reply: Reply, requestId: EchoedRequestId | undefined): Reply {
  return requestId === undefined ? reply : { ...reply, request_id: requestId };
}
