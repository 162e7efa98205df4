import { filter, map, type Observable, Observable as RxObservable } from 'rxjs';
import type { AcAsrDeltaEvent, AcAsrFinalEvent, ActiveCallEvent } from '../protocol/events';

/** One step of a transcript: a partial (`asrDelta`) or the final text (`asrFinal`) of an utterance. */
export interface TranscriptUpdate {
  /** The utterance's number; partials and the final of one utterance share it. */
  readonly index: number;
  /** The text so far (partial) or in all (final). */
  readonly text: string;
  /** True for the utterance's final text; no update of this index follows it. */
  readonly final: boolean;
  /** When the utterance started, ms since the epoch. */
  readonly startTime?: number;
  /** When it ended (so far), ms since the epoch. */
  readonly endTime?: number;
  /** Recogniser confidence. */
  readonly confidence?: number;
  /** A filler word (`um`). */
  readonly isFiller?: boolean;
  /** The event it came from. */
  readonly event: AcAsrDeltaEvent | AcAsrFinalEvent;
}

/** Final utterances remembered per subscriber, so late partials of them are dropped. */
const MAX_FINALS = 1024;

/**
 * `asrDelta`/`asrFinal` events as one transcript: per utterance (`index`) its partials, then
 * its final; a partial or a second final arriving after an utterance's final is dropped, so
 * subscribers never see a finished utterance change again.
 */
export function transcriptOf(events$: Observable<ActiveCallEvent>): Observable<TranscriptUpdate> {
  return new RxObservable<TranscriptUpdate>((subscriber) => {
    const finals = new Set<number>();
    return events$
      .pipe(
        filter(
          (event): event is AcAsrDeltaEvent | AcAsrFinalEvent =>
            event.event === 'asrDelta' || event.event === 'asrFinal',
        ),
        filter((event) => {
          if (finals.has(event.index)) return false;
          if (event.event === 'asrFinal') {
            finals.add(event.index);
            if (finals.size > MAX_FINALS) finals.delete(finals.values().next().value as number);
          }
          return true;
        }),
        map((event) => toUpdate(event)),
      )
      .subscribe(subscriber);
  });
}

function toUpdate(event: AcAsrDeltaEvent | AcAsrFinalEvent): TranscriptUpdate {
  return Object.freeze({
    index: event.index,
    text: event.text,
    final: event.event === 'asrFinal',
    ...(event.startTime === undefined ? {} : { startTime: event.startTime }),
    ...(event.endTime === undefined ? {} : { endTime: event.endTime }),
    ...(event.confidence === undefined ? {} : { confidence: event.confidence }),
    ...(event.isFiller === undefined ? {} : { isFiller: event.isFiller }),
    event,
  });
}
