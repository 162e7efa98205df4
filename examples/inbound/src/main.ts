import {
  ExampleError,
  intFlag,
  mediaFlags,
  type ProgramSpec,
  runExample,
  textFlag,
} from '@callstream/example-support';
import { lastValueFrom, take, tap } from 'rxjs';
import { answerCalls } from './answer';
import { SELF_TEST_DIGITS, selfTest } from './selfTest';

const spec: ProgramSpec = {
  name: 'inbound',
  summary:
    'Subscribes to DID and accepts every incoming call inside the incoming$ pipeline, printing its events and DTMF until the caller hangs up.',
  details: [
    'On the embedded emulator DID defaults to its first DID (+18005551234). With --self-test the',
    `program also plays the callers (emulator only): it dials the DID, presses ${SELF_TEST_DIGITS} and hangs up,`,
    '--max-calls times (default 2), so it runs to completion unattended.',
    'Records: state, command (subscribe, accept), event, call-ended, summary.',
  ],
  flags: {
    ...mediaFlags,
    'max-calls': {
      type: 'string',
      valueName: 'N',
      description: 'exit 0 after N calls ended (default: run until Ctrl-C; 2 with --self-test)',
    },
    'self-test': {
      type: 'boolean',
      description: 'emulator only: make the inbound calls too, so the program ends by itself',
    },
    uid: {
      type: 'string',
      valueName: 'UID',
      description: 'uid of accepted calls in their channel (default 200)',
    },
  },
  env: ['CM_HOST', 'AUTH_TOKEN', 'APPID', 'DID', 'RTC_TOKEN'],
};

await runExample(spec, async (context) => {
  const { client, config, flags } = context;
  const selfTesting = flags['self-test'] === true;
  const maxCalls = intFlag(flags, 'max-calls', selfTesting ? 2 : 0);
  const did = config.did;
  if (selfTesting && did === undefined)
    throw new ExampleError('missing-config', '--self-test needs DID');
  context.printEvents();
  await context.connect();
  if (did === undefined)
    context.log('DID is not set: taking calls for every DID the app id may receive');
  else await context.command('subscribe', { numbers: [did] }, () => client.subscribe([did]));

  const started = performance.now();
  let ended = 0;
  const handled$ = answerCalls(context, textFlag(flags, 'uid', '200')).pipe(
    tap(({ final }) => {
      ended += 1;
      context.emit({
        type: 'call-ended',
        callId: final.callId,
        from: final.from,
        to: final.to,
        hangupCause: final.hangupCause,
        endReason: final.endReason,
        ended,
      });
    }),
    maxCalls > 0 ? take(maxCalls) : tap(),
  );
  const done =
    maxCalls > 0 ? lastValueFrom(handled$) : lastValueFrom(handled$, { defaultValue: undefined });
  const work = Promise.all([
    done,
    selfTesting && did !== undefined ? selfTest(context, did, maxCalls) : Promise.resolve(),
  ]);
  context.log(did === undefined ? 'waiting for calls' : `waiting for calls on ${did}`);
  // Without --max-calls the program serves calls until it is stopped.
  await Promise.race([work, context.untilStopped()]);
  if (context.signal.aborted) return;
  context.emit({
    type: 'summary',
    calls: ended,
    events: context.counts().event ?? 0,
    durationMs: Math.round(performance.now() - started),
    ok: true,
  });
});
