import {
  ExampleError,
  intFlag,
  mediaFlags,
  type ProgramSpec,
  runExample,
  textFlag,
} from '@callstream/example-support';
import { filter, fromEvent, lastValueFrom, share, take, takeUntil, tap } from 'rxjs';
import { ivr } from './ivr';
import { standardMenu } from './options';
import { SELF_TEST_CALLERS, selfTest } from './selfTest';

const spec: ProgramSpec = {
  name: 'ivr-pipeline',
  summary:
    'An IVR written as RxJS composition over incoming$ and dtmf$: accepts each call, collects an entry (first digit within 5 s, 2 s between digits, # ends it) and routes it: 1 → bridge to the sales channel, 2 → transfer, 9 → hang up, anything else or nothing → menu again (3 tries, then hang up).',
  details: [
    'Records: state, outcome (answered, menu, retry, routed, gave-up, failed, ended per call), summary.',
    `--self-test (emulator only) plays ${SELF_TEST_CALLERS.length} callers that exercise every route, a wrong key and silence,`,
    'with shorter timeouts unless given (first digit 1000 ms, between digits 500 ms).',
  ],
  flags: {
    ...mediaFlags,
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
    'sales-channel': {
      type: 'string',
      valueName: 'NAME',
      description: 'channel of choice 1 (default sales)',
    },
    'transfer-to': {
      type: 'string',
      valueName: 'NUMBER',
      description: 'number of choice 2 (default TO_NUMBER)',
    },
  },
  env: ['CM_HOST', 'AUTH_TOKEN', 'APPID', 'DID', 'TO_NUMBER', 'RTC_TOKEN'],
};

await runExample(spec, async (context) => {
  const { client, config, flags } = context;
  const selfTesting = flags['self-test'] === true;
  const did = config.did;
  if (selfTesting && did === undefined)
    throw new ExampleError('missing-config', '--self-test needs DID');
  const transferTo = textFlag(flags, 'transfer-to') ?? config.toNumber;
  if (transferTo === undefined) {
    throw new ExampleError(
      'missing-config',
      'choice 2 needs a number: set --transfer-to or TO_NUMBER',
    );
  }
  const maxCalls = intFlag(flags, 'max-calls', selfTesting ? SELF_TEST_CALLERS.length : 0);

  await context.connect();
  if (did !== undefined)
    await context.command('subscribe', { numbers: [did] }, () => client.subscribe([did]));

  const started = performance.now();
  let ended = 0;
  const outcomes$ = ivr(client, {
    menu: standardMenu({ transferTo, salesChannel: textFlag(flags, 'sales-channel', 'sales') }),
    firstDigitTimeoutMs: intFlag(flags, 'first-digit-ms', selfTesting ? 1000 : 5000),
    interDigitTimeoutMs: intFlag(flags, 'inter-digit-ms', selfTesting ? 500 : 2000),
    maxTries: intFlag(flags, 'max-tries', 3),
    ...(config.rtcToken === undefined ? {} : { rtcToken: config.rtcToken }),
  }).pipe(
    tap((outcome) => {
      context.emit({ type: 'outcome', ...outcome });
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
  context.log(did === undefined ? 'IVR ready' : `IVR ready on ${did}`);
  await Promise.all([
    served,
    selfTesting && did !== undefined ? selfTest(context, outcomes$, did) : undefined,
  ]);
  if (context.signal.aborted) return;
  context.emit({
    type: 'summary',
    calls: ended,
    outcomes: context.counts().outcome ?? 0,
    durationMs: Math.round(performance.now() - started),
    ok: true,
  });
});
