/**
 * The event frames of the Active Call ingest rows, shaped and sized as a server sends them
 * (protocol reference §5.1/§5.2: field order, RFC 3339 and epoch fields, session id as
 * `trackId`). The session id names the workload and the count: `bench-<kind>-<count>-<n>`.
 */

/** What a blast sends between `answer` and `hangup`. */
export type AcFrameKind =
  /** `dtmf` digits: events that change nothing about the call. */
  | 'dtmf'
  /**
   * A voice-agent turn over and over: `speaking`, three `asrDelta`, `asrFinal`, `silence`,
   * `metrics`, `trackStart`, `interruption`, `trackEnd` (none changes the call).
   */
  | 'mix'
  /** `hold` on and off: every frame changes the call (`held`). */
  | 'hold';

/** The kinds, for parsing ids and usage lines. */
export const AC_FRAME_KINDS: readonly AcFrameKind[] = ['dtmf', 'mix', 'hold'];

/** The session id asking for `count` frames of `kind` (`n` keeps ids unique). */
export function benchSessionId(kind: AcFrameKind, count: number, n: number): string {
  return `bench-${kind}-${count}-${n}`;
}

/** The kind and count a session id asks for; `dtmf`/0 when it is not a bench id. */
export function parseBenchSessionId(id: string): { kind: AcFrameKind; count: number } {
  const match = /^bench-([a-z]+)-(\d+)-/.exec(id);
  const kind = AC_FRAME_KINDS.find((known) => known === match?.[1]) ?? 'dtmf';
  return { kind, count: Number(match?.[2] ?? 0) };
}

/** One cycle of `kind`'s frames for session `id` (JSON text, `timestamp` from `at`). */
export function frameCycle(kind: AcFrameKind, id: string, at: number): string[] {
  const frame = (fields: Record<string, unknown>) => JSON.stringify(fields);
  if (kind === 'dtmf') return [frame({ event: 'dtmf', trackId: id, timestamp: at, digit: '5' })];
  if (kind === 'hold') {
    return [
      frame({ event: 'hold', trackId: id, timestamp: at, onHold: true }),
      frame({ event: 'hold', trackId: id, timestamp: at + 1, onHold: false }),
    ];
  }
  const spoke = at - 250;
  const asr = (index: number, text: string, end: number) =>
    frame({
      event: 'asrDelta',
      trackId: id,
      index,
      timestamp: end + 100,
      startTime: spoke,
      endTime: end,
      text,
    });
  return [
    frame({ event: 'speaking', trackId: id, timestamp: at, startTime: spoke, confidence: 1.0 }),
    asr(0, 'I want', at + 300),
    asr(0, 'I want to', at + 500),
    asr(0, 'I want to cancel my', at + 700),
    frame({
      event: 'asrFinal',
      trackId: id,
      index: 0,
      timestamp: at + 1100,
      startTime: spoke,
      endTime: at + 900,
      text: 'I want to cancel my order',
      taskId: 't-91',
    }),
    frame({
      event: 'silence',
      trackId: id,
      timestamp: at + 1200,
      startTime: spoke,
      duration: 1150,
    }),
    frame({
      event: 'metrics',
      timestamp: at + 1300,
      key: 'completed.tts.tencent',
      duration: 300,
      data: {
        playId: 'reply-1',
        cmdSeq: 0,
        length: 64000,
        cached: false,
        ttfb: 180,
        duration: 300,
      },
    }),
    frame({
      event: 'trackStart',
      trackId: 'server-side-track',
      timestamp: at + 1310,
      playId: 'reply-1',
    }),
    frame({
      event: 'interruption',
      trackId: 'server-side-track',
      timestamp: at + 2300,
      playId: 'reply-1',
      subtitle: 'Sure, which order would you like to cancel?',
      totalDuration: 2000,
      current: 990,
    }),
    frame({
      event: 'trackEnd',
      trackId: 'server-side-track',
      timestamp: at + 2310,
      duration: 1000,
      ssrc: 2917364,
      playId: 'reply-1',
    }),
  ];
}

/** The `hangup` that ends a blast, as a SIP session's server sends it. */
export function hangupFrame(id: string, at: number): string {
  return JSON.stringify({
    event: 'hangup',
    trackId: id,
    timestamp: at,
    reason: 'Some(ByCaller)',
    initiator: 'caller',
    startTime: '2026-01-01T00:00:00.000+00:00',
    hangupTime: '2026-01-01T00:00:10.000+00:00',
    answerTime: '2026-01-01T00:00:03.000+00:00',
    from: { username: '1001', realm: '127.0.0.1', source: 'sip:1001@127.0.0.1' },
    to: { username: 'bench', realm: '127.0.0.1', source: 'sip:bench@127.0.0.1' },
  });
}
