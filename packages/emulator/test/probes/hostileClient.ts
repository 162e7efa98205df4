/**
 * Probe (run in a child process with --expose-gc): a hostile client throws everything at one
 * emulator with default limits, then goes away. Reports the settled heap before, during, after
 * the abuse, and after close, in bytes, plus a few counters that show the caps worked.
 */
import WebSocket from 'ws';
import { DEFAULT_APP_IDS, scenario, startEmulator } from '../../src/index';
import { RawClient } from '../helpers/rawClient';
import { report, settledHeap } from './heap';

const APPID = DEFAULT_APP_IDS[0];
const emulator = await startEmulator({
  timing: 'fast',
  pingIntervalMs: 0,
  orphanGraceMs: 20,
  lookupTimeoutMs: 60_000,
});
const control = `${emulator.httpUrl}/v1/emulator`;
const baseline = settledHeap();

async function post(url: string, body: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', body });
  await response.arrayBuffer();
  return response.status;
}

async function inBatches(count: number, size: number, run: (i: number) => Promise<unknown>) {
  for (let start = 0; start < count; start += size) {
    await Promise.all(
      Array.from({ length: Math.min(size, count - start) }, (_, i) => run(start + i)),
    );
  }
}

/** Resolves once the server closed the socket (or at once if it is already closed). */
function closed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => ws.once('close', () => resolve()));
}

/**
 * Everything a hostile client does, in its own scope: once it returns, the probe holds no
 * reference to the clients (their received messages would count in this process's heap).
 */
async function attack() {
  const attackers: RawClient[] = [];
  const catchAll = await RawClient.registered(emulator.wsUrl, { clientId: 'victim' });
  attackers.push(catchAll);

  // 1. Many sessions, each with the largest subscription.
  const numbers = Array.from({ length: 1000 }, (_, i) => `+1800777${String(i).padStart(4, '0')}`);
  await inBatches(100, 50, async (i) => {
    attackers.push(
      await RawClient.registered(emulator.wsUrl, {
        clientId: `many_${i}`,
        subscribeNumbers: numbers,
      }),
    );
  });

  // 2. A lookup flood far past the held-lookup cap.
  let refusedLookups = 0;
  await inBatches(1500, 500, async (i) => {
    const response = await fetch(`${control}/inbound`, {
      method: 'POST',
      body: JSON.stringify({ did: '+18005551234', callid: `flood_${i}`, from: '+15550001111' }),
    });
    const body = (await response.json()) as { lookup?: { status: number } };
    if (body.lookup?.status === 503) refusedLookups += 1;
  });

  // 3. A thousand live calls, a DTMF flood on them, junk frames of 60 KB, deep JSON.
  const dialer = attackers[1] as RawClient;
  const callids: string[] = [];
  await inBatches(1000, 250, async (i) => {
    const reply = await dialer.command(
      'outbound',
      { to: scenario.answer(), channel: `c${i}`, uid: '1', token: APPID },
      20_000,
    );
    callids.push(String((reply.data as Record<string, unknown>).callid));
  });
  for (let i = 0; i < 1000; i += 1) {
    dialer.send({
      action: 'send_dtmf',
      callid: callids[i % callids.length],
      digits: '1'.repeat(64),
      request_id: `d${i}`,
    });
  }
  const pad = 'x'.repeat(60_000);
  for (let i = 0; i < 600; i += 1) dialer.send({ action: 'nope', pad, request_id: `junk_${i}` });
  for (let i = 0; i < 200; i += 1) dialer.sendRaw(`{"a":${'['.repeat(1000)}${']'.repeat(1000)}}`);
  await dialer.waitForCount(
    (m) => typeof m.request_id === 'string' && m.request_id.startsWith('junk_'),
    600,
    60_000,
  );

  // 4. Oversized bodies, endless digits, a delay no timer can hold.
  let tooLarge = 0;
  for (let i = 0; i < 20; i += 1) {
    if (
      (await post(`${control}/faults`, JSON.stringify({ pad: 'y'.repeat(2 * 1024 * 1024) }))) ===
      413
    )
      tooLarge += 1;
  }
  let refusedDigits = 0;
  for (let i = 0; i < 10; i += 1) {
    const status = await post(
      `${control}/remote/dtmf`,
      JSON.stringify({ callid: callids[0], digits: '1'.repeat(900_000) }),
    );
    if (status === 400) refusedDigits += 1;
  }
  const overflowDelay = await post(`${control}/faults`, JSON.stringify({ delayReplies: 1e12 }));

  // 5. Replies held as long as a timer can hold them, under a command flood.
  await post(`${control}/faults`, JSON.stringify({ delayReplies: 2 ** 31 - 1 }));
  const delayed = attackers[2] as RawClient;
  for (let i = 0; i < 12_000; i += 1)
    delayed.send({ action: 'subscribe', numbers: [], request_id: `held_${i}` });
  // Past the timer cap replies go out at once, so the last one arrives.
  await delayed.waitFor((m) => m.request_id === 'held_11999', 60_000);
  const timersAtPeak = emulator.stats().timers;
  await post(`${control}/faults`, JSON.stringify({ reset: true }));

  // 6. A slow consumer: stops reading and asks for large replies until the server gives up on it.
  const slow = attackers[3] as RawClient;
  slow.ws.pause();
  for (let i = 0; i < 2000; i += 1)
    slow.send({ action: 'subscribe', numbers, request_id: `slow_${i}` });
  await closed(slow.ws);

  const duringAbuse = settledHeap();
  const statsDuring = emulator.stats();

  for (const attacker of attackers) attacker.ws.terminate();
  return {
    refusedLookups,
    tooLarge,
    refusedDigits,
    overflowDelay,
    timersAtPeak,
    duringAbuse,
    callsDuring: statsDuring.calls,
  };
}

const { duringAbuse, ...counters } = await attack();

// The attacker left; its calls end after the orphan grace. The callers of the flood give up.
for (let i = 0; i < 1500; i += 1) emulator.remote.hangup(`flood_${i}`);
const start = Date.now();
while (
  Object.values(emulator.stats()).some((value) => value !== 0) ||
  emulator.status().client_count !== 0
) {
  if (Date.now() - start > 30_000) throw new Error(`not idle: ${JSON.stringify(emulator.stats())}`);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const afterAbuse = settledHeap();
const frameBytes = emulator.frameStats().bytes;

// Still serving.
const fresh = await RawClient.registered(emulator.wsUrl);
const stillServes = (await fresh.command('subscribe', { numbers: [] })).status_code === 200 ? 1 : 0;
await fresh.close();
await emulator.close();
const afterClose = settledHeap();

report({
  baseline,
  duringAbuse,
  afterAbuse,
  afterClose,
  frameBytes,
  ...counters,
  stillServes,
});
