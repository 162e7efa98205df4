/** (c) Per-event cost against the number of live calls, with its noise from repeated rounds. */
import type { BenchClient } from '../clients';
import { clientWithCalls, coreRate } from '../ingest';
import { settledHeap } from '../memory';
import type { BenchContext, BenchSection, Row, Section } from '../section';
import { grouped, median, range } from '../stats';

const GROWTH_TARGET = 1.2;

type Spread = 'spread' | 'oneCall';

export const perCallSection: BenchSection = {
  id: 'per-call',
  async run(context: BenchContext): Promise<Section> {
    const { packages, server, rounds, scale, progress } = context;
    const counts = [10, 1_000, 10_000].map(scale);
    const events = scale(100_000);
    progress(`(c) per-event cost with ${counts.join(' / ')} tracked calls: ${events} events each`);
    // One client per call count, all live at once and measured in turn within each round, so
    // background load and heap size affect every call count alike.
    const clients: BenchClient[] = [];
    for (const calls of counts) clients.push(await clientWithCalls(packages, server, calls));
    // cost[spread][client index][round], µs per event; `repeat` is the first client measured
    // again at the end of each round: the same measurement twice, which is the noise.
    const cost: Record<Spread, number[][]> = {
      spread: counts.map(() => []),
      oneCall: counts.map(() => []),
    };
    const repeat: Record<Spread, number[]> = { spread: [], oneCall: [] };
    const measure = async (client: BenchClient, spread: Spread) => {
      settledHeap();
      const rate = await coreRate(client, server, events, 'bridge', spread === 'oneCall');
      return 1e6 / rate.cpu;
    };
    try {
      for (const client of clients) await coreRate(client, server, scale(20_000), 'bridge');
      for (let round = 0; round < rounds; round += 1) {
        for (const spread of ['spread', 'oneCall'] as const) {
          for (const [index, client] of clients.entries()) {
            cost[spread][index]?.push(await measure(client, spread));
          }
          const [first] = clients;
          if (first) repeat[spread].push(await measure(first, spread));
        }
      }
    } finally {
      for (const { client } of clients) await client.close();
    }
    const rows: Row[] = [];
    const lines: string[] = [];
    const notes: string[] = [];
    for (const spread of ['spread', 'oneCall'] as const) {
      const base = cost[spread][0] ?? [];
      // Each round's costs relative to that round's 10-call cost (measured twice: the mean).
      const baseOf = (round: number) =>
        ((base[round] ?? Number.NaN) + (repeat[spread][round] ?? Number.NaN)) / 2;
      const noise = repeat[spread].map((again, round) => again / (base[round] ?? Number.NaN));
      const where = spread === 'spread' ? 'events spread over all calls' : 'events on one call';
      for (const [index, calls] of counts.entries()) {
        const values = cost[spread][index] ?? [];
        const growth = values.map((value, round) => value / baseOf(round));
        const ratio = median(growth);
        const row: Row = {
          label: `(c) ${grouped(calls)} tracked calls, ${where}`,
          value: `${median(values).toFixed(2)} µs/event`,
          relative: `${ratio.toFixed(2)}× (${range(growth, (r) => r.toFixed(2))})`,
        };
        const last = index === counts.length - 1;
        rows.push(
          last && spread === 'spread'
            ? { ...row, target: `≤ ${GROWTH_TARGET}×`, met: ratio <= GROWTH_TARGET }
            : row,
        );
        lines.push(
          `(c) ${grouped(calls)} calls, ${where}: ${values.map((v) => v.toFixed(2)).join(', ')} µs/event`,
        );
      }
      rows.push({
        label: `(c) noise: ${grouped(counts[0] ?? 0)} calls measured again, ${where}`,
        value: `${median(repeat[spread]).toFixed(2)} µs/event`,
        relative: `${median(noise).toFixed(2)}× (${range(noise, (r) => r.toFixed(2))})`,
      });
      lines.push(
        `(c) ${grouped(counts[0] ?? 0)} calls again, ${where}: ${repeat[spread].map((v) => v.toFixed(2)).join(', ')} µs/event`,
      );
      const spreadNoise = Math.max(...noise.map((n) => Math.abs(n - 1)));
      notes.push(
        `${where === 'events spread over all calls' ? 'Events spread over all calls' : 'Events on one call'}: the same ${grouped(counts[0] ?? 0)}-call measurement taken twice in a round differs by up to ${(spreadNoise * 100).toFixed(0)} % (the noise of one ratio on this machine in this run).`,
      );
    }
    return {
      id: 'per-call',
      title: 'Per-event cost and the number of calls',
      rows,
      rounds: lines,
      notes,
      method: `**(c)** Three core clients dial ${counts.map((c) => grouped(c)).join(', ')} calls (tracked, state \`ringing\`) and stay connected together. In each round each client in turn receives ${grouped(events)} bridge events spread round-robin over all its calls, then the first client again (the noise estimate: the same measurement repeated), then the same with all events about one call. Costs are CPU time per event (as for ingest). The third column is the cost per event relative to the ${grouped(counts[0] ?? 0)}-call cost of the same round (the mean of its two measurements); median and range over the rounds.`,
    };
  },
};
