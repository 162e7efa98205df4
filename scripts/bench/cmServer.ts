/**
 * A minimal Call Manager for benchmarks, run in a worker thread so that serving and blasting
 * frames does not share the event loop of the client being measured. It speaks just enough of
 * the protocol: greeting, register, an instant success reply to every command (`outbound` gets
 * a fresh callid), and on request from the main thread a blast of pre-serialised events to a
 * registered client.
 */
import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { type WebSocket, WebSocketServer } from 'ws';
import { EVENT_FRAME_BYTES, type ServerRequest, type ServerResponse } from './protocol';

interface TrackedCall {
  readonly callid: string;
  /**
   * Pre-serialised 200-byte `agora_bridge_start` and `agora_bridge_end` frames of this call:
   * blasted alternately, each one moves the call to a new state, so the client builds a new
   * snapshot and a new table for every event (the expensive path; DTMF is cheaper).
   */
  readonly events: readonly [string, string];
  readonly hangup: string;
}

interface Session {
  readonly socket: WebSocket;
  calls: TrackedCall[];
}

const port = parentPort;
if (!port) throw new Error('cmServer.ts must run in a worker thread');

/** Pads a JSON object frame with a `pad` field so it serialises to exactly `bytes` bytes. */
export function padFrame(fields: Record<string, unknown>, bytes: number): string {
  const bare = JSON.stringify({ ...fields, pad: '' });
  const missing = bytes - Buffer.byteLength(bare);
  if (missing < 0) throw new Error(`frame is already ${Buffer.byteLength(bare)} bytes: ${bare}`);
  return JSON.stringify({ ...fields, pad: 'x'.repeat(missing) });
}

function callFrames(callid: string, channel: string, uid: string): TrackedCall {
  const common = { callid, channel, uid, direction: 'outbound', timestamp: 1763719200 };
  return {
    callid,
    events: [
      padFrame({ event: 'agora_bridge_start', ...common }, EVENT_FRAME_BYTES),
      padFrame({ event: 'agora_bridge_end', ...common }, EVENT_FRAME_BYTES),
    ],
    hangup: JSON.stringify({
      event: 'call_hangup',
      ...common,
      hangup_cause: 'NORMAL_CLEARING',
      duration: '1',
      billsec: '1',
    }),
  };
}

/** Calls used for connections that never dialled (the raw ws and transport clients). */
const anonymousCalls = Array.from({ length: 10 }, (_, index) =>
  callFrames(`anon-${index}`, 'bench', String(index)),
);

const sessions = new Set<Session>();
/** Registered sessions by `client_id`: blasts are addressed by it, never to "the latest socket". */
const byClientId = new Map<string, Session>();

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });

server.on('connection', (socket) => {
  const session: Session = { socket, calls: [] };
  sessions.add(session);
  socket.on('close', () => {
    sessions.delete(session);
    for (const [clientId, owner] of byClientId) if (owner === session) byClientId.delete(clientId);
  });
  socket.send(JSON.stringify({ status: 'connected', session_id: randomUUID() }));
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    if (frame.action === 'register') {
      byClientId.set(String(frame.client_id), session);
      socket.send(JSON.stringify({ status: 'registered', client_id: frame.client_id }));
      return;
    }
    const requestId = frame.request_id;
    if (typeof requestId !== 'string') return;
    const replyData: Record<string, unknown> = { success: true };
    if (frame.action === 'outbound') {
      const callid = randomUUID();
      replyData.callid = callid;
      replyData.gateway_ip = '127.0.0.2';
      session.calls.push(callFrames(callid, String(frame.channel), String(frame.uid)));
    }
    socket.send(
      JSON.stringify({
        response: frame.action,
        status_code: 200,
        data: replyData,
        request_id: requestId,
      }),
    );
  });
});

/** Sends `frames` in corked batches: one syscall per frame would make the server the bottleneck. */
function sendAll(socket: WebSocket, frames: Iterable<string>): number {
  const raw = (socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
  let sent = 0;
  raw.cork();
  for (const frame of frames) {
    socket.send(frame);
    sent += 1;
    if (sent % 512 === 0) {
      raw.uncork();
      raw.cork();
    }
  }
  raw.uncork();
  return sent;
}

function* roundRobin(calls: readonly TrackedCall[], count: number): Generator<string> {
  for (let index = 0; index < count; index += 1) {
    const call = calls[index % calls.length];
    if (call) yield call.events[Math.floor(index / calls.length) % 2] as string;
  }
}

port.on('message', (request: ServerRequest) => {
  if (request.type === 'stop') {
    for (const session of sessions) session.socket.terminate();
    server.close(() => port.close());
    return;
  }
  const target = byClientId.get(request.clientId);
  let response: ServerResponse;
  if (!target) {
    response = { type: 'error', message: `no client registered as ${request.clientId}` };
  } else if (request.type === 'blast') {
    const all = target.calls.length > 0 ? target.calls : anonymousCalls;
    const calls = request.oneCall ? all.slice(0, 1) : all;
    response = { type: 'sent', count: sendAll(target.socket, roundRobin(calls, request.count)) };
  } else {
    const count = sendAll(
      target.socket,
      target.calls.map((call) => call.hangup),
    );
    target.calls = [];
    response = { type: 'sent', count };
  }
  port.postMessage(response);
});

server.on('listening', () => {
  const address = server.address();
  if (typeof address === 'string' || address === null) throw new Error('unexpected server address');
  const ready: ServerResponse = { type: 'ready', port: address.port };
  port.postMessage(ready);
});
