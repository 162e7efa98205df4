/**
 * Command round trips (b): sequential latency (p50/p99) and throughput with a fixed number of
 * commands in flight, for the core client's `sendDtmf` and for the same request/reply over raw
 * `ws` (JSON frame out, reply matched by `request_id`).
 */
import type { CallstreamClient } from '../../packages/core/src/index';
import { closeRawSocket, nextClientId, openRawSocket } from './clients';
import { BENCH_APP_ID } from './protocol';
import { percentile } from './stats';

/** One way to send a command and wait for its reply. */
export type RoundTrip = () => Promise<unknown>;

/** What {@link measureRoundTrips} returns. */
export interface RoundTripResult {
  /** Median sequential round trip, µs. */
  readonly p50Us: number;
  /** 99th percentile sequential round trip, µs. */
  readonly p99Us: number;
  /** Completed round trips per second with `inFlight` outstanding. */
  readonly perSecond: number;
  /** The same per second of this process's CPU time (the server is another process). */
  readonly perCpuSecond: number;
}

/** Sequential latency over `sequential` calls, then throughput over `total` calls `inFlight` at a time. */
export async function measureRoundTrips(
  roundTrip: RoundTrip,
  options: { sequential: number; total: number; inFlight: number; warmup: number },
): Promise<RoundTripResult> {
  for (let index = 0; index < options.warmup; index += 1) await roundTrip();
  const samples: number[] = [];
  for (let index = 0; index < options.sequential; index += 1) {
    const started = performance.now();
    await roundTrip();
    samples.push((performance.now() - started) * 1000);
  }
  let started = 0;
  const worker = async () => {
    while (started < options.total) {
      started += 1;
      await roundTrip();
    }
  };
  const cpuBefore = process.cpuUsage();
  const begin = performance.now();
  await Promise.all(Array.from({ length: options.inFlight }, worker));
  const seconds = (performance.now() - begin) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    p50Us: percentile(samples, 50),
    p99Us: percentile(samples, 99),
    perSecond: options.total / seconds,
    perCpuSecond: options.total / ((cpu.user + cpu.system) / 1e6),
  };
}

/** `sendDtmf` on a tracked call of the core client. */
export function sdkRoundTrip(client: CallstreamClient, callId: string): RoundTrip {
  return () => client.sendDtmf(callId, '1');
}

/**
 * The same command over a raw `ws` socket, byte for byte the frame the core client sends (the
 * same fields, an app id, a request id of the same length); `close()` when done.
 */
export async function rawRoundTrip(
  url: string,
  callId: string,
): Promise<{ roundTrip: RoundTrip; close: () => Promise<void> }> {
  const socket = await openRawSocket(url, nextClientId('raw-commands'));
  const waiting = new Map<string, (reply: unknown) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { request_id?: unknown };
    if (typeof frame.request_id !== 'string') return;
    const resolve = waiting.get(frame.request_id);
    waiting.delete(frame.request_id);
    resolve?.(frame);
  });
  let counter = 0;
  const roundTrip: RoundTrip = () =>
    new Promise((resolve) => {
      counter += 1;
      const requestId = `send_dtmf_${String(counter).padStart(12, '0')}`;
      waiting.set(requestId, resolve);
      socket.send(
        JSON.stringify({
          action: 'send_dtmf',
          callid: callId,
          digits: '1',
          appid: BENCH_APP_ID,
          request_id: requestId,
        }),
      );
    });
  return { roundTrip, close: () => closeRawSocket(socket) };
}
