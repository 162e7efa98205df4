/** Messages between the benchmark's main thread and the CM server worker (cmServer.ts). */

/** Size of every blasted event frame, in bytes of UTF-8 JSON. */
export const EVENT_FRAME_BYTES = 200;

/** Main thread → worker. */
export type ServerRequest =
  /** Send `count` `dtmf_received` frames to the latest connection, round-robin over its calls. */
  | { type: 'blast'; count: number }
  /** Send one `call_hangup` for every call of the latest connection, and forget them. */
  | { type: 'hangupAll' }
  /** Close every socket and the server, then end the worker. */
  | { type: 'stop' };

/** Worker → main thread. */
export type ServerResponse =
  | { type: 'ready'; port: number }
  | { type: 'sent'; count: number }
  | { type: 'error'; message: string };
