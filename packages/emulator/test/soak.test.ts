import { performance } from 'node:perf_hooks';
import { expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_APP_IDS, DEFAULT_TOKEN, scenario, startEmulator } from '../src/index';

const SESSIONS = 50;
const CALLS_PER_SESSION = 20;
const APP_ID = DEFAULT_APP_IDS[0];

type Json = Record<string, unknown>;

/** Session i owns its own DID, so a loopback call to it reaches exactly that session. */
const didOf = (session: number) => `+1800600${String(session).padStart(4, '0')}`;
/** Sessions pair up (0↔1, 2↔3, …): each accepts the loopback calls its partner dials. */
const peerOf = (session: number) => session ^ 1;

/** A bare CM client on `ws`: commands with request ids, event waits, and auto-accept. */
class SoakClient {
  readonly events: Json[] = [];
  /** B-legs this client accepted → whether their call_hangup arrived. */
  readonly acceptedLegs = new Map<string, boolean>();
  private readonly pending = new Map<string, (reply: Json) => void>();
  private readonly waiters = new Set<(message: Json) => void>();
  private counter = 0;

  private constructor(
    readonly socket: WebSocket,
    readonly index: number,
  ) {
    socket.on('message', (data) => this.dispatch(JSON.parse(String(data)) as Json));
  }

  static async start(url: string, index: number): Promise<SoakClient> {
    const client = new SoakClient(new WebSocket(url), index);
    await client.next((m) => m.status === 'connected');
    client.send({
      action: 'register',
      auth_token: DEFAULT_TOKEN,
      client_id: `soak-${index}`,
      appid: APP_ID,
      subscribe_numbers: [didOf(index)],
    });
    const reply = await client.next((m) => m.status === 'registered' || m.status === 'error');
    if (reply.status !== 'registered') throw new Error(`register failed: ${JSON.stringify(reply)}`);
    return client;
  }

  private dispatch(message: Json): void {
    const requestId = message.request_id;
    if (typeof requestId === 'string' && this.pending.has(requestId)) {
      this.pending.get(requestId)?.(message);
      this.pending.delete(requestId);
      return;
    }
    if (typeof message.event === 'string') this.events.push(message);
    if (message.event === 'call_incoming') {
      const callid = String(message.callid);
      this.acceptedLegs.set(callid, false);
      void this.command('accept', {
        callid,
        token: APP_ID,
        channel: `b${this.index}`,
        uid: String(this.acceptedLegs.size),
        appid: APP_ID,
      });
    }
    if (message.event === 'call_hangup' && this.acceptedLegs.has(String(message.callid))) {
      this.acceptedLegs.set(String(message.callid), true);
    }
    for (const waiter of this.waiters) waiter(message);
  }

  send(message: Json): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Sends a command and resolves with its reply; rejects on an error reply. */
  command(action: string, fields: Json): Promise<Json> {
    const requestId = `${action}_${++this.counter}`;
    return new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`${requestId}: no reply`));
      }, 10_000);
      this.pending.set(requestId, (reply) => {
        clearTimeout(timer);
        if (typeof reply.error === 'string') reject(new Error(`${requestId}: ${reply.error}`));
        else resolve(reply);
      });
      this.send({ action, ...fields, request_id: requestId });
    });
  }

  /** The first event (already received or future) that matches. */
  next(match: (message: Json) => boolean, timeoutMs = 10_000): Promise<Json> {
    const seen = this.events.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = (message: Json) => {
        if (!match(message)) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`soak-${this.index}: no matching message in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.close();
    return closed;
  }
}

/** One full call from `client`: dial, wait for answer, DTMF round trip, hang up. */
async function placeCall(client: SoakClient, call: number): Promise<void> {
  const loopback = call % 2 === 1;
  const reply = await client.command('outbound', {
    to: loopback ? didOf(peerOf(client.index)) : scenario.answer(),
    from: didOf(client.index),
    channel: `a${client.index}`,
    uid: String(call + 1),
    token: APP_ID,
    region: 'AREA_CODE_NA',
    timeout: '60',
    appid: APP_ID,
  });
  const data = reply.data as { success?: unknown; callid?: unknown } | undefined;
  expect(data?.success).toBe(true);
  const callid = String(data?.callid);
  const onThisCall = (event: string) => (m: Json) => m.event === event && m.callid === callid;

  await client.next(onThisCall('call_answered'));
  const digits = `${call % 10}#`;
  await client.command('send_dtmf', { callid, digits, appid: APP_ID });
  const echo = await client.next(onThisCall('dtmf_received'));
  expect(echo.digits).toBe(digits);
  await client.command('endcall', { callid, appid: APP_ID });
  await client.next(onThisCall('call_hangup'));
}

it(`soak: ${SESSIONS * CALLS_PER_SESSION} calls across ${SESSIONS} sessions leave the emulator idle`, async () => {
  await using emulator = await startEmulator({ timing: 'fast', pingIntervalMs: 0 });
  const started = performance.now();
  const clients = await Promise.all(
    Array.from({ length: SESSIONS }, (_, index) => SoakClient.start(emulator.wsUrl, index)),
  );
  try {
    expect(emulator.status().client_count).toBe(SESSIONS);
    await Promise.all(
      clients.map(async (client) => {
        for (let call = 0; call < CALLS_PER_SESSION; call++) await placeCall(client, call);
      }),
    );

    // Every B-leg was torn down too (its hangup may trail the A-leg's)…
    const loopbacks = (SESSIONS * CALLS_PER_SESSION) / 2;
    await vi.waitFor(
      () => {
        const ended = clients.flatMap((client) => [...client.acceptedLegs.values()]);
        expect(ended).toHaveLength(loopbacks);
        expect(ended.every(Boolean)).toBe(true);
      },
      { timeout: 10_000, interval: 20 },
    );
    // …and every dial got exactly one DTMF echo and one hangup, nothing duplicated.
    const all = clients.flatMap((client) => client.events);
    const count = (event: string) => all.filter((m) => m.event === event).length;
    expect(count('call_incoming')).toBe(loopbacks);
    expect(count('dtmf_received')).toBe(SESSIONS * CALLS_PER_SESSION);
    expect(count('call_hangup')).toBe(SESSIONS * CALLS_PER_SESSION + loopbacks);
    expect(all.some((m) => 'request_id' in m)).toBe(false);
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }

  await vi.waitFor(
    () => expect(emulator.stats()).toEqual({ sessions: 0, calls: 0, heldLookups: 0, timers: 0 }),
    { timeout: 5000, interval: 20 },
  );
  const seconds = (performance.now() - started) / 1000;
  console.info(
    `[soak] ${SESSIONS * CALLS_PER_SESSION} calls, ${SESSIONS} sessions: ${seconds.toFixed(2)} s`,
  );
  expect(seconds).toBeLessThan(30);
}, 60_000);
