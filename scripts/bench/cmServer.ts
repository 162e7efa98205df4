/**
 * A minimal Call Manager for benchmarks, run in a child process so that serving and blasting
 * frames neither shares the event loop of the client being measured nor counts in its CPU time. It speaks just enough of
 * the protocol: greeting, register, an instant success reply to every command (`outbound` gets
 * a fresh callid), and on request from the main thread a blast of pre-serialised events to a
 * registered client.
 */
import { randomUUID } from 'node:crypto';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  type BlastKind,
  type CallLeg,
  legFrames,
  type ServerRequest,
  type ServerResponse,
  sampleLeg,
} from './protocol';

/** One call's frames, serialised once so blasting costs the server nothing but the send. */
interface TrackedCall {
  /** `agora_bridge_start` and `agora_bridge_end`: sent alternately, each changes the call. */
  readonly bridge: readonly [string, string];
  /** `dtmf_received`: changes nothing about the call. */
  readonly dtmf: string;
  readonly hangup: string;
}

interface Session {
  readonly socket: WebSocket;
  calls: TrackedCall[];
}

const send = process.send?.bind(process);
if (!send) throw new Error('cmServer.ts must run as a forked child process');
const reply = (response: ServerResponse) => send(response);

function callFrames(leg: CallLeg): TrackedCall {
  const frames = legFrames(leg);
  return {
    bridge: [JSON.stringify(frames.bridgeStart), JSON.stringify(frames.bridgeEnd)],
    dtmf: JSON.stringify(frames.dtmf),
    hangup: JSON.stringify(frames.hangup),
  };
}

/** Calls used for connections that never dialled (the raw ws and transport clients). */
const anonymousCalls = Array.from({ length: 10 }, (_, index) =>
  callFrames(sampleLeg(randomUUID(), index)),
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
      session.calls.push(
        callFrames({
          callid,
          channel: String(frame.channel),
          uid: String(frame.uid),
          from: String(frame.from),
          to: String(frame.to),
          appid: String(frame.appid),
        }),
      );
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

function* roundRobin(
  calls: readonly TrackedCall[],
  count: number,
  kind: BlastKind,
): Generator<string> {
  for (let index = 0; index < count; index += 1) {
    const call = calls[index % calls.length];
    if (!call) continue;
    yield kind === 'dtmf'
      ? call.dtmf
      : (call.bridge[Math.floor(index / calls.length) % 2] as string);
  }
}

function answer(request: Exclude<ServerRequest, { type: 'stop' }>): ServerResponse {
  if (request.type === 'frameSizes') {
    const [sample] = anonymousCalls;
    if (!sample) return { type: 'error', message: 'no sample call' };
    return {
      type: 'sizes',
      bridge: Buffer.byteLength(sample.bridge[0]),
      dtmf: Buffer.byteLength(sample.dtmf),
    };
  }
  const target = byClientId.get(request.clientId);
  if (!target) return { type: 'error', message: `no client registered as ${request.clientId}` };
  if (request.type === 'blast') {
    const all = target.calls.length > 0 ? target.calls : anonymousCalls;
    const calls = request.oneCall ? all.slice(0, 1) : all;
    const frames = roundRobin(calls, request.count, request.kind);
    return { type: 'sent', count: sendAll(target.socket, frames) };
  }
  const count = sendAll(
    target.socket,
    target.calls.map((call) => call.hangup),
  );
  target.calls = [];
  return { type: 'sent', count };
}

process.on('message', (request: ServerRequest) => {
  if (request.type === 'stop') {
    for (const session of sessions) session.socket.terminate();
    server.close(() => process.disconnect());
    return;
  }
  reply(answer(request));
});

server.on('listening', () => {
  const address = server.address();
  if (typeof address === 'string' || address === null) throw new Error('unexpected server address');
  reply({ type: 'ready', port: address.port });
});
