import { type Observable, ReplaySubject } from 'rxjs';
import type {
  AcInterruptionEvent,
  AcTrackEndEvent,
  AcTrackStartEvent,
  ActiveCallEvent,
} from '../protocol/events';

/**
 * How a playback finished: `ended` (played to its end), `interrupted` (this client's
 * `interrupt`), `replaced` (another `tts`/`play`/`refer` took the server-side track), `failed`
 * (the file could not be played), `hungup` (the call ended first: this client hung up, the
 * session closed, or the server cut a TTS playback as the call ended). A file playing when the
 * remote party hangs up reports `ended`: the server says nothing that tells it apart.
 */
export type PlaybackOutcome = 'ended' | 'interrupted' | 'replaced' | 'failed' | 'hungup';

/** What a playback plays: synthesized text or a file. */
export type PlaybackKind = 'tts' | 'file';

/**
 * One playback on the session's server-side track (a `tts` text or stream, or a `play`),
 * correlated by its `playId`. Its streams replay their one item to late subscribers and
 * complete when the playback is done.
 */
export interface Playback {
  /** The playback's id (generated when none was given). */
  readonly playId: string;
  /** `tts` or `file`. */
  readonly kind: PlaybackKind;
  /** Its `trackStart`. */
  readonly started$: Observable<AcTrackStartEvent>;
  /** Its `trackEnd`. */
  readonly ended$: Observable<AcTrackEndEvent>;
  /** Its `interruption` (TTS only: how far it got). */
  readonly interrupted$: Observable<AcInterruptionEvent>;
  /**
   * How it finished. Settles exactly once, never rejects. A TTS playback sent without
   * `endOfStream` stays pending until it is interrupted, replaced or the call ends.
   */
  readonly done: Promise<PlaybackOutcome>;
}

/** Most playbacks a session follows at once; the oldest is given up as `replaced` beyond. */
const MAX_FOLLOWED = 256;

class TrackedPlayback implements Playback {
  readonly started$ = new ReplaySubject<AcTrackStartEvent>(1);
  readonly ended$ = new ReplaySubject<AcTrackEndEvent>(1);
  readonly interrupted$ = new ReplaySubject<AcInterruptionEvent>(1);
  readonly done: Promise<PlaybackOutcome>;
  /** Why it will end, once known before its `trackEnd`. */
  cause: Exclude<PlaybackOutcome, 'ended'> | undefined;
  private settle!: (outcome: PlaybackOutcome) => void;
  finished = false;

  constructor(
    readonly playId: string,
    readonly kind: PlaybackKind,
  ) {
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  finish(outcome: PlaybackOutcome): void {
    if (this.finished) return;
    this.finished = true;
    this.started$.complete();
    this.ended$.complete();
    this.interrupted$.complete();
    this.settle(this.cause ?? outcome);
  }
}

/**
 * The playbacks of one session: which one holds the server-side track, and the events that
 * end each (reference §3.3–3.5, §5.4: correlate by playId, stale ends may come late).
 */
export class Playbacks {
  private readonly followed = new Map<string, TrackedPlayback>();
  private current: TrackedPlayback | undefined;

  /**
   * A playback is being started (its first command is being sent). An existing unfinished
   * playback with the same playId (a TTS append) is returned as it is; otherwise the playback
   * holding the track is marked `replaced`.
   */
  begin(playId: string, kind: PlaybackKind): Playback {
    const existing = this.followed.get(playId);
    if (existing && existing === this.current && existing.kind === 'tts' && kind === 'tts') {
      return existing;
    }
    this.replaceCurrent();
    const playback = new TrackedPlayback(playId, kind);
    if (existing) existing.finish('replaced');
    this.followed.set(playId, playback);
    this.current = playback;
    if (this.followed.size > MAX_FOLLOWED) {
      const [oldestId, oldest] = this.followed.entries().next().value as [string, TrackedPlayback];
      oldest.cause ??= 'replaced';
      oldest.finish('replaced');
      this.followed.delete(oldestId);
    }
    return playback;
  }

  /** Something else takes the server-side track (a `refer` plays hold music). */
  replaceCurrent(): void {
    const current = this.current;
    if (current && !current.finished) current.cause ??= 'replaced';
    this.current = undefined;
  }

  /** An `interrupt` was sent: the playback holding the track ends as `interrupted`. */
  interrupted(): void {
    const current = this.current;
    if (current && !current.finished) current.cause ??= 'interrupted';
  }

  /** This client ends the call: what still plays ends as `hungup`, whatever events follow. */
  hungUp(): void {
    for (const playback of this.followed.values()) {
      if (!playback.finished) playback.cause ??= 'hungup';
    }
  }

  /** Routes an event of the session to the playback it names. */
  onEvent(event: ActiveCallEvent): void {
    const playId = typeof event.playId === 'string' ? event.playId : undefined;
    switch (event.event) {
      case 'trackStart': {
        const playback = playId === undefined ? undefined : this.followed.get(playId);
        playback?.started$.next(event as AcTrackStartEvent);
        return;
      }
      case 'interruption': {
        const playback = playId === undefined ? undefined : this.followed.get(playId);
        if (!playback) return;
        // The client causes every interruption (interrupt, a new playback, refer, hangup) but
        // one: the call ending on the server's side. That one is the call hanging up.
        playback.cause ??= 'hungup';
        playback.interrupted$.next(event as AcInterruptionEvent);
        return;
      }
      case 'trackEnd': {
        const playback = playId === undefined ? undefined : this.followed.get(playId);
        if (!playback) return;
        playback.ended$.next(event as AcTrackEndEvent);
        this.close(playback, 'ended');
        return;
      }
      case 'error': {
        // A file that cannot be played: `error{sender:"filetrack: <url>"}`, then its trackEnd.
        const sender = typeof event.sender === 'string' ? event.sender : '';
        const current = this.current;
        if (sender.startsWith('filetrack') && current?.kind === 'file' && !current.finished) {
          current.cause ??= 'failed';
        }
        return;
      }
      default:
        return;
    }
  }

  /** The session ended: every unfinished playback ends (`hungup`, or the cause it already had). */
  ended(): void {
    for (const playback of this.followed.values()) playback.finish('hungup');
    this.followed.clear();
    this.current = undefined;
  }

  private close(playback: TrackedPlayback, outcome: PlaybackOutcome): void {
    playback.finish(outcome);
    if (this.followed.get(playback.playId) === playback) this.followed.delete(playback.playId);
    if (this.current === playback) this.current = undefined;
  }
}
