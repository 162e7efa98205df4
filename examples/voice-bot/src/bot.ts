import type { ActiveCallClient } from '@callstream/active-call';
import { mergeMap, Observable } from 'rxjs';
import { converse } from './conversation';
import { resolveVoiceBotOptions, type VoiceBotOptions } from './options';
import type { BotOutcome } from './outcomes';

/**
 * The voice bot: answers every call offered on `client.incoming$` and holds a conversation with
 * each (several at once), reporting every step. Subscribe before the first call rings;
 * unsubscribing stops answering new calls (calls in progress go on until they end).
 */
export function voiceBot(
  client: ActiveCallClient,
  options: VoiceBotOptions = {},
): Observable<BotOutcome> {
  const settings = resolveVoiceBotOptions(options);
  return client.incoming$.pipe(
    mergeMap(
      (offer) =>
        new Observable<BotOutcome>((subscriber) => {
          void converse(client, offer, settings, (outcome) => subscriber.next(outcome)).then(() =>
            subscriber.complete(),
          );
        }),
    ),
  );
}
