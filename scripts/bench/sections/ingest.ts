/** (a) Event ingest: raw `ws` vs `openSocket().messages$` vs the core client's streams. */
import { clientWithCalls, coreRate, type Rate, rawWsRate, transportRate } from '../ingest';
import { settledHeap } from '../memory';
import type { BlastKind } from '../protocol';
import type { BenchContext, BenchSection, Row, Section } from '../section';
import { grouped, median, pairedRatios, range } from '../stats';

/** The floor for core ingest as a fraction of raw `ws`, per kind of frame. */
const TARGETS: Record<BlastKind, number> = { bridge: 0.6, dtmf: 0.85 };

const DESCRIPTIONS: Record<BlastKind, string> = {
  bridge: 'frames that change a call (`agora_bridge_start`/`_end`)',
  dtmf: 'frames that change nothing (`dtmf_received`)',
};

interface Rates {
  raw: Rate[];
  transport: Rate[];
  core: Rate[];
}

export const ingestSection: BenchSection = {
  id: 'ingest',
  async run(context: BenchContext): Promise<Section> {
    const { packages, server, rounds, scale, progress } = context;
    const events = scale(100_000);
    const sizes = await server.frameSizes();
    progress(`(a) ingest: ${events} events per blast, raw ws vs openSocket vs events$ + calls$`);
    const results: Record<BlastKind, Rates> = {
      bridge: { raw: [], transport: [], core: [] },
      dtmf: { raw: [], transport: [], core: [] },
    };
    const bench = await clientWithCalls(packages, server, 10);
    try {
      for (const kind of ['bridge', 'dtmf'] as const) {
        // Warm-up, not recorded: JIT compilation of all three paths.
        await rawWsRate(server, scale(20_000), kind);
        await transportRate(packages, server, scale(20_000), kind);
        await coreRate(bench, server, scale(20_000), kind);
      }
      for (let round = 0; round < rounds; round += 1) {
        // Interleaved, so background load on the machine hits all of them alike; a full GC
        // before each timing, so no blast pays for the garbage of the one before.
        for (const kind of ['bridge', 'dtmf'] as const) {
          const rates = results[kind];
          settledHeap();
          rates.raw.push(await rawWsRate(server, events, kind));
          settledHeap();
          rates.transport.push(await transportRate(packages, server, events, kind));
          settledHeap();
          rates.core.push(await coreRate(bench, server, events, kind));
        }
      }
    } finally {
      await bench.client.close();
    }
    const rows: Row[] = [];
    const roundLines: string[] = [];
    for (const kind of ['bridge', 'dtmf'] as const) {
      const cpu = (who: keyof Rates) => results[kind][who].map((rate) => rate.cpu);
      const wall = (who: keyof Rates) => results[kind][who].map((rate) => rate.wall);
      const bytes = kind === 'bridge' ? sizes.bridge : sizes.dtmf;
      const coreRatios = pairedRatios(cpu('core'), cpu('raw'));
      const ratio = median(coreRatios);
      const what = `${DESCRIPTIONS[kind]}, ${bytes} B`;
      rows.push(
        { label: `(a) raw ws + JSON.parse, ${what}`, value: perSecond(cpu('raw')) },
        {
          label: `(a) transport messages$, ${what}`,
          value: perSecond(cpu('transport')),
          relative: `${median(pairedRatios(cpu('transport'), cpu('raw'))).toFixed(2)}× raw`,
        },
        {
          label: `(a) core events$ + calls$, ${what}`,
          value: perSecond(cpu('core')),
          relative: `${ratio.toFixed(2)}× raw (${range(coreRatios, (r) => r.toFixed(2))})`,
          target: `≥ ${TARGETS[kind]}× raw`,
          met: ratio >= TARGETS[kind],
        },
      );
      const list = (values: number[]) => values.map((value) => grouped(value)).join(', ');
      const wallRatios = pairedRatios(wall('core'), wall('raw'));
      roundLines.push(
        `(a) ${kind}, per CPU-second: raw ws ${list(cpu('raw'))}; transport ${list(cpu('transport'))}; core ${list(cpu('core'))}`,
        `(a) ${kind}, per wall-clock second: raw ws ${list(wall('raw'))}; transport ${list(wall('transport'))}; core ${list(wall('core'))} (core/raw ${wallRatios.map((r) => r.toFixed(2)).join(', ')})`,
      );
    }
    const costUs = (kind: BlastKind, who: keyof Rates) =>
      1e6 / median(results[kind][who].map((rate) => rate.cpu));
    return {
      id: 'ingest',
      title: 'Event ingest',
      rows,
      rounds: roundLines,
      notes: [
        `Raw \`ws\` spends ${costUs('bridge', 'raw').toFixed(2)} µs per ${sizes.bridge}-byte bridge frame (receive, \`toString\`, \`JSON.parse\`); the core client ${costUs('bridge', 'core').toFixed(2)} µs, which adds the transport, event decoding, call lookup, a new frozen snapshot, a new call table on \`calls$\` and the event on \`events$\`. A \`dtmf_received\` frame changes no call: no snapshot, no table, ${costUs('dtmf', 'core').toFixed(2)} µs against raw's ${costUs('dtmf', 'raw').toFixed(2)} µs.`,
      ],
      method: `**(a)** The server blasts ${grouped(events)} pre-serialised frames per round, shaped exactly like the CM's events (the gateway webhook envelope: \`event\`, \`callid\`, \`timestamp\`, \`uid\`, \`channel\`, \`to\`, \`from\`, \`direction\`, \`appid\`, \`video\`; no padding): ${sizes.bridge}-byte \`agora_bridge_start\`/\`agora_bridge_end\` frames alternating, so every frame moves its call to a new state, and ${sizes.dtmf}-byte \`dtmf_received\` frames, which change nothing. The core client tracks 10 calls, the frames are spread over them, and it is subscribed to \`events$\` and to \`calls$\` (reading each table's size), as a UI would be. Raw \`ws\` parses every frame with \`JSON.parse\` and looks at \`event\`. The three clients take turns within each round. Rates are frames per second of the benchmark process's CPU time (\`process.cpuUsage()\` from the blast request to the last frame; the server is another process, so this is the client's own work, garbage collection included): on a shared machine, wall-clock time also counts the waits for a free core. The wall-clock rates are listed with every round. Ratios are per round (side by side), their median and range are shown.`,
    };
  },
};

function perSecond(values: readonly number[]): string {
  return `${grouped(median(values))}/s`;
}
