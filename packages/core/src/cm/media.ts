import { nanoid } from 'nanoid';
import { checkMediaChoice } from './paramChecks';
import type { MediaChoice, MediaParams, MediaRequest } from './params';

/** Picks the media channel of a call whose command named none (the `media` client option). */
export type MediaChooser = (request: MediaRequest) => MediaChoice | Promise<MediaChoice>;

/**
 * The default {@link MediaChooser}: a channel of its own per call (`cs-<callId>` for accepted
 * calls, `cs-<random>` for dials) and a random uid, with no RTC token (projects with tokens
 * disabled). Set the `media` option to join your own channels or to issue tokens.
 */
export const defaultMedia: MediaChooser = ({ callId }) => ({
  channel: `cs-${callId ?? nanoid(12)}`.slice(0, 64),
  uid: 1 + Math.floor(Math.random() * 2_000_000_000),
});

/**
 * `params` with a channel and uid: as given, or chosen by `choose` when either is missing. A
 * chooser's token is used only when the command gave none.
 */
export async function withMedia<
  P extends { channel?: string; uid?: string | number; token?: string },
>(
  params: P,
  request: MediaRequest,
  choose: MediaChooser,
  command: string,
): Promise<P & MediaParams> {
  if (params.channel !== undefined && params.uid !== undefined) return params as P & MediaParams;
  const { channel, uid, token } = checkMediaChoice(await choose(request), command);
  return {
    ...params,
    channel: params.channel ?? channel,
    uid: params.uid ?? uid,
    ...(params.token === undefined && token !== undefined ? { token } : {}),
  };
}
