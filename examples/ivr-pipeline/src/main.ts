import {
  backendFlag,
  ExampleError,
  intFlag,
  mediaFlags,
  type ProgramSpec,
  runPortable,
  textFlag,
} from '@callstream/example-support';
import { filter, fromEvent, lastValueFrom, share, take, takeUntil, tap } from 'rxjs';
import { ivr } from './ivr';
import { standardMenu } from './options';
import { SELF_TEST_CALLERS, selfTest } from './selfTest';

const spec: ProgramSpec = {
  name: 'ivr-pipeline',
  summary:
    'An IVR written as RxJS composition over incoming$ and dtmf$, against the neutral CallControl contract only, so it runs unchanged on every backend: accepts each call, collects an entry (first digit within 5 s, 2 s between digits, # ends it) and routes it: 1 → transfer to sales, 2 → transfer to support, 9 → hang up, anything else or nothing → menu again (3 tries, then hang up).',
  details: [
    'Records: state, outcome (answered, menu, retry, routed, gave-up, failed, ended per call), summary.',
    `--self-test (emulator only) plays ${SELF_TEST_CALLERS.length} callers that exercise every route, a wrong key and silence,`,
    'with shorter timeouts unless given (first digit 1000 ms, between digits 500 ms).',
  ],
  flags: {
    ...mediaFlags,
    ...backendFlag('cm'),
    'self-test': { type: 'boolean', description: 'emulator only: play the callers too, then exit' },
    'max-calls': {
      type: 'string',
      valueName: 'N',
      description: 'exit 0 after N calls ended (default: run until Ctrl-C)',
    },
    'first-digit-ms': {
      type: 'string',
      valueName: 'MS',
      description: 'time for the first digit of an entry (default 5000)',
    },
    'inter-digit-ms': {
      type: 'string',
      valueName: 'MS',
      description: 'pause that ends an entry (default 2000)',
    },
    'max-tries': {
      type: 'string',
      valueName: 'N',
      description: 'entries before the IVR hangs up (default 3)',
    },
    sales: {
      type: 'string',
      valueName: 'NUMBER',
      description: 'number of choice 1 (default +15550100001)',
    },
    support: {
      type: 'string',
      valueName: 'NUMBER',
      description: 'number of choice 2 (default +15550100002)',
    },
  },
  env: [
    'CM_HOST',
    'AUTH_TOKEN',
    'APPID',
    'DID',
    'FROM_NUMBER',
    'RTC_TOKEN',
    'TELNYX_API_KEY',
    'TELNYX_CONNECTION_ID',
    'TELNYX_PUBLIC_KEY',
    'TELNYX_WEBHOOK_URL',
    'TELNYX_WEBHOOK_PORT',
  ],
};

await runPortable(spec, async (context) => {
  const { flags } = context;
  const [backend] = context.backends;
  if (backend === undefined || context.backends.length > 1) {
    throw new ExampleError('usage', 'the IVR runs on one backend at a time (--backend NAME)');
  }
  const selfTesting = flags['self-test'] === true;
  const session = await context.open(backend);
  if (selfTesting && session.backend.source !== 'emulator') {
    throw new ExampleError('emulator-required', '--self-test plays callers on an emulator only');
  }
  const maxCalls = intFlag(flags, 'max-calls', selfTesting ? SELF_TEST_CALLERS.length : 0);
  await session.connect();

  const started = performance.now();
  let ended = 0;
  const outcomes$ = ivr(session.client, {
    menu: standardMenu({
      sales: textFlag(flags, 'sales', '+15550100001'),
      support: textFlag(flags, 'support', '+15550100002'),
    }),
    firstDigitTimeoutMs: intFlag(flags, 'first-digit-ms', selfTesting ? 1000 : 5000),
    interDigitTimeoutMs: intFlag(flags, 'inter-digit-ms', selfTesting ? 500 : 2000),
    maxTries: intFlag(flags, 'max-tries', 3),
  }).pipe(
    tap((outcome) => {
      session.emit({ type: 'outcome', ...outcome });
      if (outcome.kind === 'ended') ended += 1;
    }),
    share(),
  );
  const endedCalls$ = outcomes$.pipe(filter((outcome) => outcome.kind === 'ended'));
  const served = lastValueFrom(
    (maxCalls > 0 ? endedCalls$.pipe(take(maxCalls)) : endedCalls$).pipe(
      takeUntil(fromEvent(context.signal, 'abort')),
    ),
    { defaultValue: undefined },
  );
  context.log(`IVR ready on ${backend}`);
  await Promise.all([served, selfTesting ? selfTest(session, outcomes$) : undefined]);
  if (context.signal.aborted) return;
  context.emit({
    type: 'summary',
    backend,
    calls: ended,
    outcomes: context.counts().outcome ?? 0,
    durationMs: Math.round(performance.now() - started),
    ok: true,
  });
});
