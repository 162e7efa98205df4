import type { CommandOptions, CommandResult, DialRequest, DialResult } from '@callstream/core';
import type { TelnyxCall } from '../call';
import type {
  TelnyxGatherEndedEvent,
  TelnyxPlaybackEndedEvent,
  TelnyxRecordingErrorEvent,
  TelnyxRecordingSavedEvent,
  TelnyxSpeakEndedEvent,
} from '../events';

/** A SIP header sent with a call (`custom_headers`). */
export interface TelnyxHeader {
  /** Header name, e.g. `X-Account`. */
  name: string;
  /** Header value (one line). */
  value: string;
}

/** Options of every Telnyx command: the neutral ones plus an idempotency key. */
export interface TelnyxCommandOptions extends CommandOptions {
  /**
   * The `command_id` Telnyx dedupes on (60 s): reuse one to make your own retries safe.
   * @default a new UUID per call of the method (retries inside it reuse it)
   */
  commandId?: string;
}

/** `sendDtmf` options. */
export interface TelnyxDtmfOptions extends TelnyxCommandOptions {
  /** Length of each tone, 100–500 ms. @default Telnyx's 250 */
  durationMillis?: number;
}

/** `dial` parameters: the neutral `{ to, from }` plus Telnyx's own. */
export interface TelnyxDialParams extends DialRequest {
  /** Caller name shown to the callee. */
  fromDisplayName?: string;
  /** Ring time before `timeout`, 5–600 s. @default Telnyx's 30 */
  timeoutSecs?: number;
  /** Longest call, 30–14400 s. @default Telnyx's 14400 */
  timeLimitSecs?: number;
  /** Text echoed on every webhook of the new leg (`details.clientState`). */
  clientState?: string;
  /** Answering-machine detection. @default 'disabled' */
  answeringMachineDetection?:
    | 'disabled'
    | 'detect'
    | 'detect_beep'
    | 'detect_words'
    | 'greeting_end'
    | 'premium';
  /** Audio played to the callee on answer. */
  audioUrl?: string;
  /** A stored media file played on answer. */
  mediaName?: string;
  /** Where this leg's webhooks go. @default the client's `webhook.url`, else the application's */
  webhookUrl?: string;
  /** SIP headers sent with the INVITE. */
  customHeaders?: TelnyxHeader[];
  /** Share this leg's `call_session_id` with another leg (`call_control_id`). */
  linkTo?: string;
  /** With `linkTo`: bridge the two legs once this one answers. */
  bridgeOnAnswer?: boolean;
  /** Keep this leg parked (instead of hung up) when its bridge peer leaves. */
  parkAfterUnbridge?: 'self';
  /** Record from answer. */
  record?: 'record-from-answer';
}

/** `accept` (answer) parameters. */
export interface TelnyxAcceptParams {
  /** Text echoed on every later webhook of the leg. */
  clientState?: string;
  /** Where the leg's later webhooks go. @default the client's `webhook.url`, else unchanged */
  webhookUrl?: string;
  /** Record from answer. */
  record?: 'record-from-answer';
  /** SIP headers sent with the 200 OK. */
  customHeaders?: TelnyxHeader[];
}

/** `transfer` parameters. */
export interface TelnyxTransferParams {
  /** Caller id of the new leg. @default the number that was called */
  from?: string;
  /** Caller name of the new leg. */
  fromDisplayName?: string;
  /** Ring time of the new leg, 5–600 s. */
  timeoutSecs?: number;
  /** Longest call of the new leg, 30–14400 s. */
  timeLimitSecs?: number;
  /** `client_state` of the new leg. */
  targetLegClientState?: string;
  /** `client_state` of this leg from now on. */
  clientState?: string;
  /** Audio the caller hears while the new leg rings. */
  audioUrl?: string;
  /** Where the new leg's webhooks go. @default the client's `webhook.url` */
  webhookUrl?: string;
  /** SIP headers sent to the new leg. */
  customHeaders?: TelnyxHeader[];
  /** Keep this leg parked when the new leg leaves. */
  parkAfterUnbridge?: 'self';
  /** Let the caller hear the new leg's early media. */
  earlyMedia?: boolean;
}

/** `bridge` parameters. */
export interface TelnyxBridgeParams {
  /** Keep this leg parked (instead of hung up) when the other leaves. */
  parkAfterUnbridge?: 'self';
  /** Put this leg on hold when the other leaves. */
  holdAfterUnbridge?: boolean;
  /** Whose DTMF is muted. */
  muteDtmf?: 'none' | 'both' | 'self' | 'opposite';
  /** Play a ringtone until the bridge is up. */
  playRingtone?: boolean;
  /** Ringtone country (2 letters, e.g. `us`). */
  ringtone?: string;
  /** Refuse the bridge if this leg is bridged already. */
  preventDoubleBridge?: boolean;
  /** `client_state` of this leg from now on. */
  clientState?: string;
}

/** Text-to-speech settings shared by `speak` and `gatherUsingSpeak`. */
export interface TelnyxVoiceParams {
  /** Text or SSML, at most 3000 characters. */
  payload: string;
  /** `Provider.Model.Voice` (e.g. `Telnyx.KokoroTTS.af`), or `male`/`female` with `serviceLevel: 'basic'`. @default 'female' (basic) */
  voice?: string;
  /** `text` or `ssml`. @default 'text' */
  payloadType?: 'text' | 'ssml';
  /** Language, e.g. `en-US`. */
  language?: string;
  /** `basic` or `premium`. @default 'basic' when `voice` is absent */
  serviceLevel?: 'basic' | 'premium';
}

/** `speak` parameters. */
export interface TelnyxSpeakParams extends TelnyxVoiceParams {
  /** Who hears it. @default 'self' */
  targetLegs?: 'self' | 'opposite' | 'both';
  /** Stop what plays (`current`) or also clear the queue (`all`) first. */
  stop?: 'current' | 'all';
  /** `client_state` of this leg from now on. */
  clientState?: string;
}

/** `playbackStart` parameters: exactly one of `audioUrl`, `mediaName`, `playbackContent`. */
export interface TelnyxPlaybackParams {
  /** A wav/mp3 URL. */
  audioUrl?: string;
  /** A stored media file. */
  mediaName?: string;
  /** Base64 audio. */
  playbackContent?: string;
  /** Times to play (1–100), or `infinity` (until stopped). @default 1 */
  loop?: number | 'infinity';
  /** Play over other audio. */
  overlay?: boolean;
  /** Who hears it. @default 'self' */
  targetLegs?: 'self' | 'opposite' | 'both';
  /** Let Telnyx cache the file. */
  cacheAudio?: boolean;
  /** `mp3` or `wav` (for `playbackContent`). */
  audioType?: 'mp3' | 'wav';
  /** Stop what plays (`current`) or also clear the queue (`all`) first. */
  stop?: 'current' | 'all';
  /** `client_state` of this leg from now on. */
  clientState?: string;
}

/** `playbackStop` parameters. */
export interface TelnyxPlaybackStopParams {
  /** `current` or `all`. @default 'all' */
  stop?: 'current' | 'all';
  /** Stop the overlay playback instead. */
  overlay?: boolean;
}

/** `gather` parameters (DTMF only, no prompt). */
export interface TelnyxGatherParams {
  /** Fewest digits for `valid`, 1–128. @default 1 */
  minimumDigits?: number;
  /** Most digits (ends at once), 1–128. @default 128 */
  maximumDigits?: number;
  /** The key that ends the entry. @default '#' */
  terminatingDigit?: string;
  /** Keys accepted (others make it `invalid`). @default '0123456789#*' */
  validDigits?: string;
  /** Time for the first key. */
  initialTimeoutMillis?: number;
  /** Time between keys. */
  interDigitTimeoutMillis?: number;
  /** Time for the whole entry. */
  timeoutMillis?: number;
  /** Echoed on `call.gather.ended` (at most 40 characters). */
  gatherId?: string;
  /** `client_state` of this leg from now on. */
  clientState?: string;
}

/** `gatherUsingSpeak` parameters: a gather with a spoken prompt. */
export interface TelnyxGatherUsingSpeakParams extends TelnyxGatherParams, TelnyxVoiceParams {
  /** Prompt spoken after an invalid entry. */
  invalidPayload?: string;
  /** Prompts before giving up, 1–10. @default 3 */
  maximumTries?: number;
}

/** `recordStart` parameters. */
export interface TelnyxRecordParams {
  /** `single` (mixed) or `dual` (one channel per party). @default 'single' */
  channels?: 'single' | 'dual';
  /** File format. @default 'mp3' */
  format?: 'mp3' | 'wav';
  /** Longest recording, 0 (no limit) to 14400 s. */
  maxLength?: number;
  /** Stop after this much silence, 0–14400 s. */
  timeoutSecs?: number;
  /** Play a beep first. */
  playBeep?: boolean;
  /** Which audio. @default 'both' */
  recordingTrack?: 'both' | 'inbound' | 'outbound';
  /** Trim silence at the ends. */
  trim?: 'trim-silence';
  /** File name (at most 40 characters). */
  customFileName?: string;
  /** `client_state` of this leg from now on. */
  clientState?: string;
}

/** What every Telnyx command resolves with (`requestId` is the `command_id`). */
export interface TelnyxCommandResult extends CommandResult {
  /** The command's `command_id`. */
  readonly requestId: string;
  /** True when Telnyx answered 90018: the call had already ended (hangup and reject only). */
  readonly alreadyEnded?: boolean;
}

/** `dial`'s result: the neutral one plus the leg's ids. */
export interface TelnyxDialResult extends DialResult {
  /** The dial's `command_id`. */
  readonly requestId: string;
  /** The new leg's UUID. */
  readonly callLegId: string;
  /** The new leg's session. */
  readonly callSessionId: string;
}

/** `hangup`'s result: resolves on Telnyx's 200; `ended` when the call left `calls$`. */
export interface TelnyxHangupResult extends TelnyxCommandResult {
  /** The call's final snapshot, once it left `calls$` (any reason). Rejects `closed` on close. */
  readonly ended: Promise<TelnyxCall>;
}

/** `speak`'s result: resolves on Telnyx's 200; `ended` with its `call.speak.ended`. */
export interface TelnyxSpeakResult extends TelnyxCommandResult {
  /** The prompt's `call.speak.ended`; rejects `call-ended` if the call ended without one. */
  readonly ended: Promise<TelnyxSpeakEndedEvent>;
}

/** `playbackStart`'s result: resolves on Telnyx's 200; `ended` with its `call.playback.ended`. */
export interface TelnyxPlaybackResult extends TelnyxCommandResult {
  /** The playback's `call.playback.ended`; rejects `call-ended` if the call ended without one. */
  readonly ended: Promise<TelnyxPlaybackEndedEvent>;
}

/** `gather`/`gatherUsingSpeak`'s result: resolves on Telnyx's 200; `ended` with `call.gather.ended`. */
export interface TelnyxGatherResult extends TelnyxCommandResult {
  /** The gather's `call.gather.ended` (digits and status); rejects `call-ended` without one. */
  readonly ended: Promise<TelnyxGatherEndedEvent>;
}

/** `recordStart`/`recordStop`'s result: resolves on Telnyx's 200; `saved` when the file is ready. */
export interface TelnyxRecordResult extends TelnyxCommandResult {
  /** The `call.recording.saved` (or `.error`) of this leg's recording. */
  readonly saved: Promise<TelnyxRecordingSavedEvent | TelnyxRecordingErrorEvent>;
}
