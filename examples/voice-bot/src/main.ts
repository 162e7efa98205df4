import {
  ExampleError,
  intFlag,
  openActiveCall,
  type ProgramSpec,
  programTools,
  RELEASE_TIMEOUT_MS,
  releaseCalls,
  runLifecycle,
  stateRecord,
  textFlag,
} from '@callstream/example-support';
import { filter, fromEvent, lastValueFrom, share, take, takeUntil, tap } from 'rxjs';
import { voiceBot } from './bot';
import { SELF_TEST_CALLERS, selfTest } from './selfTest';

const spec: ProgramSpec = {
  name: 'voice-bot',
  summary:
    'A voice bot on RustPBX Active Call: answers each inbound call (webhook), greets it with TTS, answers final transcripts ("opening hours", "agent", "goodbye") and the keypad (1 hours, 2 agent, 9 goodbye), stops talking as soon as the caller speaks or presses a key (barge-in), transfers to an agent on request, asks again after silence and hangs up cleanly.',
  details: [
    'Records: state, outcome (answered, playing, said, barge-in, heard, digit, intent, no-input, transferred, transfer-failed, ended, failed per call), summary.',
    `--self-test (emulator only) plays ${SELF_TEST_CALLERS.length} scripted callers: speech with barge-in, the keypad, a transfer, silence.`,
  ],
  flags: {
    'self-test': { type: 'boolean', description: 'emulator only: play the callers too, then exit' },
    'max-calls': {
      type: 'string',
      valueName: 'N',
      description: 'exit 0 after N calls ended (default: run until Ctrl-C)',
    },
    'no-input-ms': {
      type: 'string',
      valueName: 'MS',
      description: 'silence after a prompt before asking again (default 8000; self-test 300)',
    },
    'asr-provider': {
      type: 'string',
      valueName: 'NAME',
      description: 'speech recognition provider (default: emulator; on a real server sensevoice)',
    },
    'tts-provider': {
      type: 'string',
      valueName: 'NAME',
      description: 'speech synthesis provider (default: emulator; on a real server supertonic)',
    },
    agent: {
      type: 'string',
      valueName: 'URI',
      description: 'number or SIP URI of the agent (default +15550100003)',
    },
  },
  env: ['ACTIVE_CALL_URL', 'ACTIVE_CALL_WEBHOOK_PORT', 'ACTIVE_CALL_SIP_DOMAIN'],
};

await runLifecycle(spec, async (life) => {
  const { flags, out } = life;
  const selfTesting = flags['self-test'] === true;
  const timeoutMs = intFlag(flags, 'timeout-ms', 10_000);
  if (timeoutMs === 0) throw new ExampleError('usage', '--timeout-ms must be at least 1');
  const noInputMs = intFlag(flags, 'no-input-ms', selfTesting ? 300 : 8000);
  if (noInputMs === 0) throw new ExampleError('usage', '--no-input-ms must be at least 1');
  if (selfTesting && (life.env.ACTIVE_CALL_URL ?? '').trim() !== '') {
    throw new ExampleError('emulator-required', '--self-test plays callers on an emulator only');
  }
  const setup = await openActiveCall({
    env: life.env,
    argv: life.argv,
    clientId: `voice-bot-${Date.now()}`,
    timeoutMs,
    log: (message) => out.log(message),
  });
  const { client, session: backend } = setup;
  life.own({
    release: () => releaseCalls(client, RELEASE_TIMEOUT_MS),
    close: async () => {
      await client.close();
      await backend.close();
    },
  });
  life.subscriptions.push(client.state$.subscribe((state) => out.emit(stateRecord(state))));
  const tools = programTools(
    { client, signal: life.signal, timeoutMs },
    out,
    life.subscriptions,
    `the Active Call server at ${backend.where}`,
  );
  await tools.connect();

  const emulated = backend.source === 'emulator';
  const maxCalls = intFlag(flags, 'max-calls', selfTesting ? SELF_TEST_CALLERS.length : 0);
  const started = performance.now();
  let ended = 0;
  let bargeIns = 0;
  const outcomes$ = voiceBot(client, {
    noInputMs,
    agent: textFlag(flags, 'agent', '+15550100003'),
    callOption: {
      asr: { provider: textFlag(flags, 'asr-provider', emulated ? 'emulator' : 'sensevoice') },
      vad: { type: 'silero' },
      tts: { provider: textFlag(flags, 'tts-provider', emulated ? 'emulator' : 'supertonic') },
    },
  }).pipe(
    tap((outcome) => {
      out.emit({ type: 'outcome', ...outcome });
      if (outcome.kind === 'ended') ended += 1;
      if (outcome.kind === 'barge-in') bargeIns += 1;
    }),
    share(),
  );
  const endedCalls$ = outcomes$.pipe(filter((outcome) => outcome.kind === 'ended'));
  const served = lastValueFrom(
    (maxCalls > 0 ? endedCalls$.pipe(take(maxCalls)) : endedCalls$).pipe(
      takeUntil(fromEvent(life.signal, 'abort')),
    ),
    { defaultValue: undefined },
  );
  out.log(`voice bot ready${emulated ? ' (embedded emulator)' : ''}`);
  await Promise.all([served, selfTesting ? selfTest(tools, backend.remote, outcomes$) : undefined]);
  if (life.signal.aborted) return;
  out.emit({
    type: 'summary',
    calls: ended,
    bargeIns,
    durationMs: Math.round(performance.now() - started),
    ok: true,
  });
});
