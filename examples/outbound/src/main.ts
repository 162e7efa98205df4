import { scenario } from '@callstream/emulator';
import {
  awaitMedia,
  dialParams,
  dtmfRoundTrip,
  hangUpAndWait,
  mediaFlags,
  type ProgramSpec,
  requireSetting,
  runExample,
  textFlag,
} from '@callstream/example-support';

const spec: ProgramSpec = {
  name: 'outbound',
  summary:
    'Dials TO_NUMBER from FROM_NUMBER, prints every event, sends DTMF once the call is bridged, waits for its echo, hangs up and prints a summary.',
  details: [
    `On the embedded emulator TO_NUMBER defaults to ${scenario.answer()}, which rings, then`,
    `answers; other scenario numbers: ${scenario.busy()} busy, ${scenario.noAnswer()} no answer,`,
    '… (docs/emulator.md). If no bridge event arrives within 1 s of the answer (the real CM',
    'often sends none for outbound legs) the DTMF is sent on the answered call. The call rings',
    "for up to 60 s (the dial's ring timeout), and the answer is awaited that long plus 10 s.",
    'Records: state, event, command, media, summary (last line on success).',
  ],
  flags: {
    ...mediaFlags,
    to: { type: 'string', valueName: 'NUMBER', description: 'number to dial (default TO_NUMBER)' },
    from: { type: 'string', valueName: 'NUMBER', description: 'caller id (default FROM_NUMBER)' },
    digits: {
      type: 'string',
      valueName: 'DTMF',
      description: 'DTMF to send once bridged (default 1234#)',
    },
    channel: {
      type: 'string',
      valueName: 'NAME',
      description: 'media channel to bridge into (default outbound-<time>)',
    },
    uid: {
      type: 'string',
      valueName: 'UID',
      description: 'uid of the call in the channel (default 100)',
    },
  },
  env: ['CM_HOST', 'AUTH_TOKEN', 'APPID', 'TO_NUMBER', 'FROM_NUMBER', 'REGION', 'RTC_TOKEN'],
};

await runExample(spec, async (context) => {
  const { client, config, flags } = context;
  const to = textFlag(flags, 'to') ?? requireSetting(config, 'toNumber');
  const from = textFlag(flags, 'from') ?? requireSetting(config, 'fromNumber');
  const digits = textFlag(flags, 'digits', '1234#');
  const channel = textFlag(flags, 'channel', `outbound-${Date.now()}`);
  const uid = textFlag(flags, 'uid', '100');
  context.printEvents();
  await context.connect();

  const started = performance.now();
  const { callId } = await context.command('dial', { to, from, channel, uid }, () =>
    client.dial(dialParams(config, { to, from, channel, uid })),
  );
  const media = await awaitMedia(context, callId);
  context.emit({
    type: 'media',
    callId,
    state: media,
    ...(media === 'answered'
      ? { note: 'no bridge event within 1 s of the answer: sending DTMF on the answered call' }
      : {}),
  });
  const echo = await dtmfRoundTrip(context, callId, digits);
  const final = await hangUpAndWait(context, callId);
  context.emit({
    type: 'summary',
    callId,
    to,
    media,
    dtmfSent: digits,
    dtmfEcho: echo.digits,
    hangupCause: final.hangupCause,
    endReason: final.endReason,
    events: context.counts().event ?? 0,
    durationMs: Math.round(performance.now() - started),
    ok: true,
  });
});
