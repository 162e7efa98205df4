import type { PlaybackOutcome } from '@callstream/active-call';
import type { Intent } from './intents';
import type { LineName } from './script';

/** What the bot reports about each call, one record per step (printed as JSON lines). */
export type BotOutcome =
  | { readonly kind: 'answered'; readonly callId: string; readonly from: string }
  | { readonly kind: 'playing'; readonly callId: string; readonly line: LineName }
  | {
      readonly kind: 'said';
      readonly callId: string;
      readonly line: LineName;
      readonly how: PlaybackOutcome;
    }
  | { readonly kind: 'barge-in'; readonly callId: string; readonly line: LineName }
  | { readonly kind: 'heard'; readonly callId: string; readonly text: string }
  | { readonly kind: 'digit'; readonly callId: string; readonly digit: string }
  | { readonly kind: 'intent'; readonly callId: string; readonly intent: Intent }
  | { readonly kind: 'no-input'; readonly callId: string; readonly count: number }
  | { readonly kind: 'transferred'; readonly callId: string; readonly to: string }
  | { readonly kind: 'transfer-failed'; readonly callId: string; readonly code: string }
  | {
      readonly kind: 'ended';
      readonly callId: string;
      readonly reason: string;
      readonly outcome?: string;
    }
  | { readonly kind: 'failed'; readonly callId: string; readonly message: string };
