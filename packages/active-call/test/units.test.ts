import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  type ActiveCallEvent,
  decodeEvent,
  EVENT_SPECS,
  hangupOutcome,
  isUnknownEvent,
  rejectOutcome,
  type TranscriptUpdate,
} from '../src/index';
import { sessionUrl } from '../src/protocol/url';
import { Playbacks } from '../src/session/playback';
import { transcriptOf } from '../src/session/transcript';
import { userPart } from '../src/tracker';

describe('decodeEvent', () => {
  it('types every catalogue event and freezes it, nested objects included', () => {
    const decoded = decodeEvent({
      event: 'hangup',
      trackId: 's1',
      timestamp: 1,
      reason: 'Some(ByCallee)',
      extra: { session_id: 's1' },
    });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(Object.isFrozen(decoded.event)).toBe(true);
    expect(Object.isFrozen(decoded.event.extra)).toBe(true);
    expect(Object.keys(EVENT_SPECS)).toHaveLength(27);
  });

  it('passes unknown names through with every field, marked unknown', () => {
    const decoded = decodeEvent({ event: 'futureThing', x: [1, { y: 2 }] });
    expect(decoded).toEqual({
      ok: true,
      event: { event: 'futureThing', x: [1, { y: 2 }], unknown: true },
    });
    if (decoded.ok) expect(isUnknownEvent(decoded.event)).toBe(true);
  });

  it.each([
    [{}, 'no "event"'],
    [{ event: '' }, 'no "event"'],
    [{ event: 7 }, 'no "event"'],
    [{ event: 'reject' }, 'lacks "reason"'],
    [{ event: 'trackEnd', trackId: 1 }, '"trackId" of type number'],
    [{ event: 'asrFinal', index: '0', text: 'x' }, '"index" of type string'],
    [{ event: 'answer', timestamp: null }, '"timestamp" of type null'],
    [{ event: 'dtmf', digit: ['1'] }, '"digit" of type array'],
    [{ event: 'hold', onHold: 'true' }, '"onHold" of type string'],
    [{ event: 'metrics', key: 'k', duration: Number.NaN }, '"duration" of type other'],
  ])('refuses %j (%s)', (frame, reason) => {
    const decoded = decodeEvent(frame as Record<string, unknown>);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.reason).toContain(reason);
  });

  it('reads the Go-era eou.complete as completed', () => {
    const decoded = decodeEvent({ event: 'eou', complete: true });
    expect(decoded).toMatchObject({ ok: true, event: { event: 'eou', completed: true } });
    expect(decodeEvent({ event: 'eou', completed: false, complete: true })).toMatchObject({
      event: { completed: false },
    });
  });
});

describe('outcomes', () => {
  it.each([
    [486, 'busy'],
    [600, 'busy'],
    [480, 'no-answer'],
    [408, 'no-answer'],
    [487, 'cancelled'],
    [603, 'rejected'],
    [403, 'rejected'],
    [404, 'failed'],
    [503, 'failed'],
    [302, 'unknown'],
    [undefined, 'unknown'],
  ])('reject %s → %s', (code, outcome) => {
    expect(rejectOutcome(code)).toBe(outcome);
  });

  it.each([
    ['Some(ByRefer)', true, 'transferred'],
    ['Some(InactivityTimeout)', true, 'time-limit'],
    ['Some(Canceled)', false, 'cancelled'],
    ['Some(ByCallee)', true, 'completed'],
    ['None', false, 'cancelled'],
    [undefined, true, 'completed'],
  ] as const)('hangup %s (answered %s) → %s', (reason, answered, outcome) => {
    expect(hangupOutcome(reason, answered)).toBe(outcome);
  });
});

describe('userPart', () => {
  it.each([
    ['sip:+14155550100@10.0.0.5', '+14155550100'],
    ['sips:1001@pbx.example:5061;transport=tls', '1001'],
    ['tel:+15551234567;phone-context=x', '+15551234567'],
    ['1002@pbx', '1002'],
    ['anonymous', 'anonymous'],
    ['', ''],
  ])('%s → %s', (uri, user) => {
    expect(userPart(uri)).toBe(user);
  });
});

describe('sessionUrl', () => {
  it('builds the exact paths and a properly encoded, strictly typed query', () => {
    expect(sessionUrl('ws://h:1', 'sip', { id: 'a@b c' })).toBe('ws://h:1/call/sip?id=a%40b+c');
    expect(sessionUrl('ws://h:1/pbx', 'webrtc', { id: 'x', dump: false, pingSeconds: 0 })).toBe(
      'ws://h:1/pbx/call/webrtc?id=x&dump=false&ping=0',
    );
    expect(sessionUrl('wss://h/', 'websocket', { id: 'x', serverSideTrack: 'bot' })).toBe(
      'wss://h/call?id=x&serverSideTrack=bot',
    );
  });
});

function asr(event: 'asrDelta' | 'asrFinal', index: number, text: string): ActiveCallEvent {
  return { event, index, text, trackId: 's' } as ActiveCallEvent;
}

describe('transcriptOf', () => {
  it('keeps partials then the final per utterance, and drops what comes after a final', () => {
    const events = new Subject<ActiveCallEvent>();
    const seen: TranscriptUpdate[] = [];
    transcriptOf(events).subscribe((update) => seen.push(update));
    events.next(asr('asrDelta', 0, 'I'));
    events.next(asr('asrDelta', 1, 'other'));
    events.next(asr('asrDelta', 0, 'I want'));
    events.next(asr('asrFinal', 0, 'I want it'));
    events.next(asr('asrDelta', 0, 'late partial'));
    events.next(asr('asrFinal', 0, 'second final'));
    events.next({ event: 'dtmf', digit: '1' } as ActiveCallEvent);
    events.next(asr('asrFinal', 1, 'other one'));
    expect(seen.map((update) => [update.index, update.text, update.final])).toEqual([
      [0, 'I', false],
      [1, 'other', false],
      [0, 'I want', false],
      [0, 'I want it', true],
      [1, 'other one', true],
    ]);
    expect(Object.isFrozen(seen[0])).toBe(true);
  });
});

describe('Playbacks', () => {
  const start = (playId: string) =>
    ({ event: 'trackStart', trackId: 'sst', playId }) as ActiveCallEvent;
  const end = (playId: string) =>
    ({ event: 'trackEnd', trackId: 'sst', playId }) as ActiveCallEvent;
  const cut = (playId: string) =>
    ({ event: 'interruption', trackId: 'sst', playId }) as ActiveCallEvent;

  it('append to the live TTS keeps one playback; a new id replaces it; stale ends are matched by id', async () => {
    const playbacks = new Playbacks();
    const a = playbacks.begin('a', 'tts');
    expect(playbacks.begin('a', 'tts')).toBe(a);
    const b = playbacks.begin('b', 'tts');
    playbacks.onEvent(start('b'));
    playbacks.onEvent(cut('a'));
    playbacks.onEvent(end('a'));
    expect(await a.done).toBe('replaced');
    playbacks.onEvent(end('b'));
    expect(await b.done).toBe('ended');
  });

  it('a file that fails, an interrupt, and the session ending', async () => {
    const playbacks = new Playbacks();
    const file = playbacks.begin('f', 'file');
    playbacks.onEvent({ event: 'error', sender: 'filetrack: x', error: 'nope' } as ActiveCallEvent);
    playbacks.onEvent(end('f'));
    expect(await file.done).toBe('failed');
    const tts = playbacks.begin('t', 'tts');
    playbacks.interrupted();
    playbacks.onEvent(cut('t'));
    playbacks.onEvent(end('t'));
    expect(await tts.done).toBe('interrupted');
    const open = playbacks.begin('o', 'tts');
    playbacks.ended();
    expect(await open.done).toBe('hungup');
  });

  it('follows at most 256 playbacks; the oldest is given up as replaced', async () => {
    const playbacks = new Playbacks();
    const first = playbacks.begin('p0', 'tts');
    for (let i = 1; i <= 256; i += 1) playbacks.begin(`p${i}`, 'tts');
    expect(await first.done).toBe('replaced');
  });
});
