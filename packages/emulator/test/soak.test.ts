import { performance } from 'node:perf_hooks';
import { expect, it, vi } from 'vitest';
import { DEFAULT_APP_IDS, type Emulator, scenario } from '../src/index';
import { client, fastEmulator, IDLE_STATS } from './helpers/fixtures';
import type { Message, RawClient } from './helpers/rawClient';

const SESSIONS = 50;
const CALLS_PER_SESSION = 20;
const CALLS = SESSIONS * CALLS_PER_SESSION;
const LOOPBACKS = CALLS / 2;
const APP_ID = DEFAULT_APP_IDS[0];

/** Session i owns its own DID, so a loopback call to it reaches exactly that session. */
const didOf = (session: number) => `+1800600${String(session).padStart(4, '0')}`;
/** Sessions pair up (0↔1, 2↔3, …): each accepts the loopback calls its partner dials. */
const peerOf = (session: number) => session ^ 1;

/** A registered session that accepts every call offered to its DID and records how it ends. */
interface SoakSession {
  readonly index: number;
  readonly client: RawClient;
  /** B-legs this session accepted → whether their `call_hangup` arrived. */
  readonly acceptedLegs: Map<string, boolean>;
}

async function startSession(emulator: Emulator, index: number): Promise<SoakSession> {
  const c = await client(emulator, { clientId: `soak-${index}`, subscribeNumbers: [didOf(index)] });
  const session: SoakSession = { index, client: c, acceptedLegs: new Map() };
  c.ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as Message;
    const callid = String(message.callid);
    if (message.event === 'call_incoming') {
      session.acceptedLegs.set(callid, false);
      c.send({
        action: 'accept',
        callid,
        token: APP_ID,
        channel: `b${index}`,
        uid: String(session.acceptedLegs.size),
        appid: APP_ID,
        request_id: `accept_${callid}`,
      });
    } else if (message.event === 'call_hangup' && session.acceptedLegs.has(callid)) {
      session.acceptedLegs.set(callid, true);
    }
  });
  return session;
}

/** Dials one call and takes it to answered with a DTMF round trip; resolves with its callid. */
async function establishCall(session: SoakSession, call: number): Promise<string> {
  const { client: c, index } = session;
  const loopback = call % 2 === 1;
  const reply = await c.command(
    'outbound',
    {
      to: loopback ? didOf(peerOf(index)) : scenario.answer(),
      from: didOf(index),
      channel: `a${index}`,
      uid: String(call + 1),
      token: APP_ID,
      region: 'AREA_CODE_NA',
      timeout: '60',
      appid: APP_ID,
    },
    20_000,
  );
  expect(reply).toMatchObject({ status_code: 200, data: { success: true } });
  const callid = String((reply.data as Message).callid);

  await c.waitForEvent('call_answered', callid, 20_000);
  const digits = `${call % 10}#`;
  expect(
    await c.command('send_dtmf', { callid, digits, appid: APP_ID }, 20_000),
  ).not.toHaveProperty('error');
  expect((await c.waitForEvent('dtmf_received', callid, 20_000)).digits).toBe(digits);
  return callid;
}

/** Hangs a call up and waits for its `call_hangup`. */
async function endCall(session: SoakSession, callid: string): Promise<void> {
  const c = session.client;
  expect(await c.command('endcall', { callid, appid: APP_ID }, 20_000)).not.toHaveProperty('error');
  await c.waitForEvent('call_hangup', callid, 20_000);
}

it(`soak: ${CALLS} concurrent calls across ${SESSIONS} sessions leave the emulator idle`, async () => {
  await using emulator = await fastEmulator();
  const started = performance.now();
  const sessions = await Promise.all(
    Array.from({ length: SESSIONS }, (_, index) => startSession(emulator, index)),
  );
  try {
    expect(emulator.status().client_count).toBe(SESSIONS);
    // Every session places all its calls at once: all of them are up at the same time.
    const live = await Promise.all(
      sessions.map((session) =>
        Promise.all(
          Array.from({ length: CALLS_PER_SESSION }, (_, call) => establishCall(session, call)),
        ),
      ),
    );
    const peak = emulator.stats().calls;
    // 1,000 A-legs plus the 500 B-legs of the loopback calls.
    expect(peak).toBe(CALLS + LOOPBACKS);
    await Promise.all(
      sessions.map((session, index) =>
        Promise.all((live[index] ?? []).map((callid) => endCall(session, callid))),
      ),
    );

    // Every B-leg was torn down too (its hangup may trail the A-leg's)…
    await vi.waitFor(
      () => {
        const ended = sessions.flatMap((session) => [...session.acceptedLegs.values()]);
        expect(ended).toHaveLength(LOOPBACKS);
        expect(ended.every(Boolean)).toBe(true);
      },
      { timeout: 10_000, interval: 20 },
    );
    // …and every dial got exactly one DTMF echo and one hangup, nothing duplicated.
    const events = sessions.flatMap((session) => session.client.events());
    const count = (event: string) => events.filter((m) => m.event === event).length;
    expect(count('call_incoming')).toBe(LOOPBACKS);
    expect(count('dtmf_received')).toBe(CALLS);
    expect(count('call_hangup')).toBe(CALLS + LOOPBACKS);
    expect(events.some((m) => 'request_id' in m)).toBe(false);
  } finally {
    await Promise.all(sessions.map((session) => session.client.close()));
  }

  await vi.waitFor(() => expect(emulator.stats()).toEqual(IDLE_STATS), {
    timeout: 5000,
    interval: 20,
  });
  // Reported, not asserted: speed targets live in the benchmarks.
  const seconds = (performance.now() - started) / 1000;
  console.info(`[soak] ${CALLS} concurrent calls, ${SESSIONS} sessions: ${seconds.toFixed(2)} s`);
}, 60_000);
