/** (b) Command round trips: the core client's `sendDtmf` vs the same request over raw `ws`. */
import { measureRoundTrips, type RoundTripResult, rawRoundTrip, sdkRoundTrip } from '../commands';
import { clientWithCalls } from '../ingest';
import type { BenchContext, BenchSection, Section } from '../section';
import { grouped, median, pairedDifferences, pairedRatios, range } from '../stats';

const THROUGHPUT_TARGET = 0.85;
const P50_ALLOWANCE_US = 10;

export const commandsSection: BenchSection = {
  id: 'commands',
  async run(context: BenchContext): Promise<Section> {
    const { packages, server, rounds, scale, progress } = context;
    const options = {
      sequential: scale(2_000),
      total: scale(20_000),
      inFlight: 100,
      warmup: scale(1_000),
    };
    progress(
      `(b) commands: ${options.sequential} sequential, ${options.total} with ${options.inFlight} in flight`,
    );
    const bench = await clientWithCalls(packages, server, 1);
    const [call] = bench.client.activeCalls();
    if (!call) throw new Error('no call to send DTMF on');
    const raw = await rawRoundTrip(server.url, call.callId);
    const results: { raw: RoundTripResult[]; sdk: RoundTripResult[] } = { raw: [], sdk: [] };
    try {
      const sdk = sdkRoundTrip(bench.client, call.callId);
      for (let round = 0; round < rounds; round += 1) {
        results.raw.push(await measureRoundTrips(raw.roundTrip, options));
        results.sdk.push(await measureRoundTrips(sdk, options));
      }
    } finally {
      await bench.client.close();
      await raw.close();
    }
    const pick = (who: 'raw' | 'sdk', key: keyof RoundTripResult) =>
      results[who].map((result) => result[key]);
    const throughputRatios = pairedRatios(pick('sdk', 'perCpuSecond'), pick('raw', 'perCpuSecond'));
    const throughputRatio = median(throughputRatios);
    const extraP50 = median(pairedDifferences(pick('sdk', 'p50Us'), pick('raw', 'p50Us')));
    const us = (values: number[]) => `${grouped(median(values))} µs`;
    const line = (who: 'raw' | 'sdk') =>
      results[who]
        .map(
          (r) =>
            `${r.p50Us.toFixed(0)}/${r.p99Us.toFixed(0)} µs, ${grouped(r.perCpuSecond)}/CPU-s, ${grouped(r.perSecond)}/s`,
        )
        .join('; ');
    return {
      id: 'commands',
      title: 'Commands',
      rows: [
        { label: '(b) sequential round trip p50, raw ws', value: us(pick('raw', 'p50Us')) },
        {
          label: '(b) sequential round trip p50, core sendDtmf',
          value: us(pick('sdk', 'p50Us')),
          relative: `raw ${extraP50 >= 0 ? '+' : '−'} ${Math.abs(extraP50).toFixed(1)} µs`,
          target: `≤ raw + ${P50_ALLOWANCE_US} µs`,
          met: extraP50 <= P50_ALLOWANCE_US,
        },
        { label: '(b) sequential round trip p99, raw ws', value: us(pick('raw', 'p99Us')) },
        { label: '(b) sequential round trip p99, core sendDtmf', value: us(pick('sdk', 'p99Us')) },
        {
          label: `(b) ${options.inFlight} commands in flight, raw ws`,
          value: `${grouped(median(pick('raw', 'perCpuSecond')))}/s`,
        },
        {
          label: `(b) ${options.inFlight} commands in flight, core sendDtmf`,
          value: `${grouped(median(pick('sdk', 'perCpuSecond')))}/s`,
          relative: `${throughputRatio.toFixed(2)}× raw (${range(throughputRatios, (r) => r.toFixed(2))})`,
          target: `≥ ${THROUGHPUT_TARGET}× raw`,
          met: throughputRatio >= THROUGHPUT_TARGET,
        },
      ],
      rounds: [
        `(b) raw ws p50/p99, throughput: ${line('raw')}`,
        `(b) core p50/p99, throughput: ${line('sdk')}`,
      ],
      notes: [
        `A command round trip costs ${extraP50.toFixed(1)} µs more than raw at the median: argument validation, encoding, a request id, a pending-request entry with its timeout timer, and judging the reply.`,
      ],
      method: `**(b)** After ${grouped(options.warmup)} warm-up commands: ${grouped(options.sequential)} sequential round trips (p50, p99), then ${grouped(options.total)} with ${options.inFlight} in flight (throughput). Core: \`client.sendDtmf(callId, '1')\`, which validates, encodes, registers a pending request with its timeout, and judges the reply. Raw: the same JSON frame, byte for byte in length (same fields and app id, a counter \`request_id\` as long as the SDK's), the reply matched in a \`Map\`. Throughput is per second of the benchmark process's CPU time (the server is another process), like ingest; latencies are wall-clock. Raw and core alternate within each round; ratios and differences are per round.`,
    };
  },
};
