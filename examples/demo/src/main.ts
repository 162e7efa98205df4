import {
  type ExampleContext,
  mediaFlags,
  type ProgramSpec,
  runExample,
} from '@callstream/example-support';
import { inboundPart } from './inboundStep';
import { outboundPart, type PartResult } from './outboundStep';
import { DEMO_TIMING } from './timing';

const spec: ProgramSpec = {
  name: 'demo',
  summary:
    'The end-to-end demo: starts an embedded Call Manager emulator (no account, no network) and runs (a) an outbound call with DTMF and (b) a loopback inbound call with DTMF on both legs, printing every event.',
  details: [
    'Records: state, step, event, command, and a closing',
    '{"type":"summary","calls":…,"events":…,"dtmfEchoes":…,"durationMs":…,"ok":true}.',
    'With CM_HOST, AUTH_TOKEN, APPID, DID, FROM_NUMBER and TO_NUMBER set it runs against that',
    'Call Manager instead (and RTC_TOKEN when the project has RTC tokens enabled). Every wait has a timeout (--timeout-ms); any failure exits 1.',
  ],
  flags: {
    ...mediaFlags,
    realistic: {
      type: 'boolean',
      description: 'embedded emulator only: full realistic timing (default: about 3× faster)',
    },
  },
};

async function part(
  context: ExampleContext,
  name: string,
  run: () => Promise<PartResult>,
): Promise<PartResult> {
  context.log(`▶ ${name}`);
  context.emit({ type: 'step', step: name, status: 'started' });
  const started = performance.now();
  const result = await run();
  context.emit({
    type: 'step',
    step: name,
    status: 'done',
    ms: Math.round(performance.now() - started),
  });
  return result;
}

await runExample(
  spec,
  async (context) => {
    const started = performance.now();
    context.printEvents();
    const sessionId = await context.connect();
    context.log(`connected to ${context.config.url} (session ${sessionId})`);
    const results = [
      await part(context, '(a) outbound call', () => outboundPart(context)),
      await part(context, '(b) inbound call (loopback)', () => inboundPart(context)),
    ];
    const summary = {
      type: 'summary',
      calls: new Set(results.flatMap((result) => result.callIds)).size,
      events: context.counts().event ?? 0,
      dtmfEchoes: results.reduce((sum, result) => sum + result.dtmfEchoes, 0),
      durationMs: Math.round(performance.now() - started),
      ok: true,
    };
    context.emit(summary);
    context.log(
      `✔ demo done: ${summary.calls} calls, ${summary.events} events, ${summary.dtmfEchoes} DTMF echoes in ${summary.durationMs} ms`,
    );
  },
  { emulator: { timing: process.argv.includes('--realistic') ? 'realistic' : DEMO_TIMING } },
);
