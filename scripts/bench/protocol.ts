/** Messages between the benchmark's main thread and the CM server worker (cmServer.ts). */

/** Size of every blasted event frame, in bytes of UTF-8 JSON. */
export const EVENT_FRAME_BYTES = 200;

/** Main thread → worker. */
export type ServerRequest =
  /**
   * Send `count` alternating `agora_bridge_start`/`agora_bridge_end` frames to the client: round-robin over all its calls, or with
   * `oneCall` all on its first call.
   */
  | { type: 'blast'; clientId: string; count: number; oneCall?: boolean }
  /** Send one `call_hangup` for every call of the client, and forget them. */
  | { type: 'hangupAll'; clientId: string }
  /** Close every socket and the server, then end the worker. */
  | { type: 'stop' };

/** Worker → main thread. */
export type ServerResponse =
  | { type: 'ready'; port: number }
  | { type: 'sent'; count: number }
  | { type: 'error'; message: string };
