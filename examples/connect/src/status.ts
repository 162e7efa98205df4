import { describeError, httpOrigin, type JsonRecord } from '@callstream/example-support';

/** How long the status page may take; it is informational, so it never blocks the program long. */
const STATUS_TIMEOUT_MS = 3000;

/** One client entry of `GET /v1/api/websocket-status` (PROTOCOL §11.1). */
interface StatusClient {
  client_id?: unknown;
  subscribed_numbers?: unknown;
  appid?: unknown;
  session_id?: unknown;
  connected_at?: unknown;
}

/**
 * What the Call Manager's status page says about this client: `GET /v1/api/websocket-status` on
 * the CM's HTTP origin, reduced to the total count and our own entry (other clients' ids are
 * not ours to print). When the page cannot be read the record says why instead of failing.
 */
export async function websocketStatus(wsUrl: string, clientId: string): Promise<JsonRecord> {
  const url = `${httpOrigin(wsUrl)}/v1/api/websocket-status`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) });
    if (!response.ok)
      return { type: 'websocket-status', available: false, reason: `HTTP ${response.status}` };
    const body = (await response.json()) as { client_count?: unknown; clients?: unknown };
    const clients = Array.isArray(body.clients) ? (body.clients as StatusClient[]) : [];
    const self = clients.find((client) => client.client_id === clientId);
    return {
      type: 'websocket-status',
      available: true,
      clientCount: body.client_count,
      listed: self !== undefined,
      ...(self
        ? {
            self: {
              clientId: self.client_id,
              appId: self.appid,
              sessionId: self.session_id,
              subscribedNumbers: self.subscribed_numbers,
              connectedAt: self.connected_at,
            },
          }
        : {}),
    };
  } catch (error) {
    return { type: 'websocket-status', available: false, reason: describeError(error).message };
  }
}
