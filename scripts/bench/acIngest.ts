/**
 * The Active Call ingest measurements, shared by the bench section (h) and the profiler
 * (acProfile.ts): the minimal session server in a child process, and the same blast read by the
 * client (`events$` + `calls$`) and by raw `ws` (`JSON.parse`, look at `event`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type * as ActiveCallModule from '../../packages/active-call/src/index';
import type * as TransportModule from '../../packages/transport/src/index';
import { type AcFrameKind, benchSessionId } from './acFrames';

type Client = ActiveCallModule.ActiveCallClient;

const FROM = '+15551230000';
let nonce = 0;

/** The session server in its child process. */
export interface AcIngestServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Forks acServer.ts and waits until it listens. */
export async function startAcIngestServer(): Promise<AcIngestServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./acServer.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ type: string; port: number }];
  return {
    endpoint: `ws://127.0.0.1:${ready.port}`,
    async stop() {
      const exited = once(child, 'exit');
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

/** Client events that stand for a blast frame (not the answer, hangup or removal). */
const BLAST_TYPES = new Set(['dtmf', 'hold', 'backend']);

/**
 * Frames per CPU-second through `dial()` and the client's `events$` + `calls$` (both
 * subscribed), from the dial to the call's removal.
 */
export async function clientEventRate(
  client: Client,
  kind: AcFrameKind,
  count: number,
): Promise<number> {
  let seen = 0;
  let tables = 0;
  nonce += 1;
  const id = benchSessionId(kind, count, nonce);
  const start = process.cpuUsage();
  const tableSubscription = client.calls$.subscribe(() => {
    tables += 1;
  });
  const removed = new Promise<void>((resolve) => {
    const subscription = client.events$.subscribe((event) => {
      if (event.callId !== id) return;
      if (BLAST_TYPES.has(event.type)) seen += 1;
      if (event.type === 'removed') {
        subscription.unsubscribe();
        resolve();
      }
    });
  });
  await client.dial({ to: 'sip:bench@127.0.0.1', from: FROM, id });
  await removed;
  const used = process.cpuUsage(start);
  tableSubscription.unsubscribe();
  if (seen !== count) throw new Error(`client: ${count} ${kind} frames sent, ${seen} events`);
  if (tables === 0) throw new Error('client: calls$ emitted nothing');
  return count / ((used.user + used.system) / 1e6);
}

/** The same session and frames read by a raw `ws` client (`JSON.parse`, look at `event`). */
export async function rawEventRate(
  endpoint: string,
  kind: AcFrameKind,
  count: number,
): Promise<number> {
  let seen = 0;
  nonce += 1;
  const id = benchSessionId(kind, count, nonce);
  const start = process.cpuUsage();
  const socket = new WebSocket(`${endpoint}/call/sip?id=${id}`);
  await new Promise<void>((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ command: 'invite', option: {} })));
    socket.on('error', reject);
    socket.on('message', (data) => {
      const event = (JSON.parse(data.toString()) as { event: string }).event;
      if (event === 'hangup') resolve();
      else if (event !== 'answer') seen += 1;
    });
  });
  const used = process.cpuUsage(start);
  socket.close();
  if (seen !== count) throw new Error(`raw ws: ${count} ${kind} frames sent, ${seen} read`);
  return count / ((used.user + used.system) / 1e6);
}

/**
 * The same session read through `@callstream/transport` alone (`openSocket().messages$`,
 * look at `event`): what the client's transport costs before any Active Call code runs.
 */
export async function transportEventRate(
  transport: typeof TransportModule,
  endpoint: string,
  kind: AcFrameKind,
  count: number,
): Promise<number> {
  let seen = 0;
  nonce += 1;
  const id = benchSessionId(kind, count, nonce);
  const start = process.cpuUsage();
  let subscription: { unsubscribe(): void } | undefined;
  await new Promise<void>((resolve, reject) => {
    subscription = transport.openSocket({ url: `${endpoint}/call/sip?id=${id}` }).subscribe({
      next: (connection) => {
        connection.messages$.subscribe((frame) => {
          if (frame.event === 'hangup') resolve();
          else if (frame.event !== 'answer') seen += 1;
        });
        connection.send({ command: 'invite', option: {} });
      },
      error: reject,
    });
  });
  const used = process.cpuUsage(start);
  subscription?.unsubscribe();
  if (seen !== count) throw new Error(`transport: ${count} ${kind} frames sent, ${seen} read`);
  return count / ((used.user + used.system) / 1e6);
}
