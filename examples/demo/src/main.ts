import {
  type BackendName,
  backendFlag,
  mediaFlags,
  type PortableContext,
  type ProgramSpec,
  runPortable,
} from '@callstream/example-support';
import { type FlowResult, portableFlow } from './portableFlow';
import { DEMO_TIMING } from './timing';

const spec: ProgramSpec = {
  name: 'demo',
  summary:
    'The end-to-end demo: on every backend, one after another, with an embedded emulator (no account, no network), the same portable flow: (a) dial, the remote party answers and presses 1234, the digits arrive on dtmf$, hang up; (b) a caller calls in, accept, hang up. One JSON line per event.',
  details: [
    'Records: state, step, event, command (each with "backend"), and a closing',
    '{"type":"summary","backends":[…],"calls":…,"events":…,"digits":…,"durationMs":…,"ok":true}.',
    "With a backend's real-service variables set (CM_HOST, AUTH_TOKEN, APPID, DID, FROM_NUMBER,",
    'TO_NUMBER for the Call Manager; TELNYX_API_KEY, TELNYX_CONNECTION_ID, TELNYX_PUBLIC_KEY,',
    'TELNYX_WEBHOOK_URL for Telnyx) it runs against that service instead; someone at TO_NUMBER',
    'then presses 1234. Every wait has a timeout (--timeout-ms); any failure exits 1.',
  ],
  flags: {
    ...mediaFlags,
    ...backendFlag('all'),
    realistic: {
      type: 'boolean',
      description: 'embedded emulators only: full realistic timing (default: about 3× faster)',
    },
  },
};

async function runBackend(context: PortableContext, backend: BackendName): Promise<FlowResult> {
  const session = await context.open(backend);
  context.log(
    `▶ ${backend} (${session.backend.source === 'emulator' ? 'embedded emulator' : session.backend.where})`,
  );
  session.emit({ type: 'step', step: backend, status: 'started' });
  const started = performance.now();
  session.printEvents();
  await session.connect();
  const result = await portableFlow(session);
  await session.close();
  session.emit({
    type: 'step',
    step: backend,
    status: 'done',
    ms: Math.round(performance.now() - started),
  });
  return result;
}

await runPortable(
  spec,
  async (context) => {
    const started = performance.now();
    const results: FlowResult[] = [];
    for (const backend of context.backends) results.push(await runBackend(context, backend));
    const summary = {
      type: 'summary',
      backends: context.backends,
      calls: results.reduce((sum, result) => sum + result.callIds.length, 0),
      events: context.counts().event ?? 0,
      digits: results.map((result) => result.digits).join(''),
      durationMs: Math.round(performance.now() - started),
      ok: true,
    };
    context.emit(summary);
    context.log(
      `✔ demo done on ${context.backends.join(', ')}: ${summary.calls} calls, ${summary.events} events in ${summary.durationMs} ms`,
    );
  },
  {
    defaultBackend: 'all',
    emulator: { timing: process.argv.includes('--realistic') ? 'realistic' : DEMO_TIMING },
  },
);
