import type { BackendEvent, CallEvent, HoldEvent } from '@callstream/core';
import type { TelnyxCall } from './call';

/** Fields every Telnyx-only event has (on `events$` as `type: 'backend'`). */
export interface TelnyxEventBase extends BackendEvent<TelnyxCall> {
  /** Always `telnyx`. */
  readonly backend: 'telnyx';
  /** `data.id` of the webhook. */
  readonly eventId: string;
  /** `occurred_at` of the webhook, epoch ms. */
  readonly occurredAt: number;
  /** `data.payload` as received. */
  readonly payload: { readonly [key: string]: unknown };
}

/** `call.speak.started` / `call.playback.started`: a prompt started playing. */
export interface TelnyxMediaStartedEvent extends TelnyxEventBase {
  /** The event name. */
  readonly name: 'call.speak.started' | 'call.playback.started';
}

/** `call.speak.ended`: a `speak` prompt ended (`completed`, `call_hangup`, `cancelled_amd`). */
export interface TelnyxSpeakEndedEvent extends TelnyxEventBase {
  /** The event name. */
  readonly name: 'call.speak.ended';
  /** How it ended; `unknown` when Telnyx sent none. */
  readonly status: string;
}

/** `call.playback.ended`: a playback ended (`completed`, `cancelled`, `call_hangup`, `file_not_found`, …). */
export interface TelnyxPlaybackEndedEvent extends TelnyxEventBase {
  /** The event name. */
  readonly name: 'call.playback.ended';
  /** How it ended; `unknown` when Telnyx sent none. */
  readonly status: string;
  /** Telnyx's explanation, when it sent one. */
  readonly statusDetail?: string;
}

/**
 * `call.gather.ended`: a gather finished. Its `digits` are **not** repeated on `dtmf$`: each key
 * already arrived there once, from its own `call.dtmf.received`.
 */
export interface TelnyxGatherEndedEvent extends TelnyxEventBase {
  /** The event name. */
  readonly name: 'call.gather.ended';
  /** The digits collected (may be empty). */
  readonly digits: string;
  /** `valid`, `invalid`, `timeout`, `cancelled`, `call_hangup`, `cancelled_amd`; `unknown` when absent. */
  readonly status: string;
  /** The `gatherId` the gather was started with. */
  readonly gatherId?: string;
}

/** `call.recording.saved`: a recording is available (URLs valid for 10 minutes). */
export interface TelnyxRecordingSavedEvent extends TelnyxEventBase {
  /** The event name. */
  readonly name: 'call.recording.saved';
  /** The recording's id, when Telnyx sent one. */
  readonly recordingId?: string;
  /** `single` or `dual`. */
  readonly channels?: string;
  /** Download URLs by format (`mp3`, `wav`). */
  readonly recordingUrls: { readonly [format: string]: string };
  /** Public URLs by format, when the account has them. */
  readonly publicRecordingUrls: { readonly [format: string]: string };
}

/** `call.recording.error`: recording failed. */
export interface TelnyxRecordingErrorEvent extends TelnyxEventBase {
  /** The event name. */
  readonly name: 'call.recording.error';
  /** Telnyx's reason; `unknown` when absent. */
  readonly reason: string;
}

/** `call.machine.*.ended`: an answering-machine detection result. */
export interface TelnyxMachineEvent extends TelnyxEventBase {
  /** The event name. */
  readonly name:
    | 'call.machine.detection.ended'
    | 'call.machine.greeting.ended'
    | 'call.machine.premium.detection.ended'
    | 'call.machine.premium.greeting.ended';
  /** `human`, `machine`, `not_sure`, `beep_detected`, …; `unknown` when absent. */
  readonly result: string;
}

/** Any other Telnyx event about a known call (`call.refer.*`, `streaming.*`, `call.enqueued`, …). */
export interface TelnyxOtherEvent extends TelnyxEventBase {
  /** The event name, as Telnyx sent it. */
  readonly name: string;
}

/** Every Telnyx-only event, discriminated by `name` (the catch-all last). */
export type TelnyxBackendEvent =
  | TelnyxMediaStartedEvent
  | TelnyxSpeakEndedEvent
  | TelnyxPlaybackEndedEvent
  | TelnyxGatherEndedEvent
  | TelnyxRecordingSavedEvent
  | TelnyxRecordingErrorEvent
  | TelnyxMachineEvent
  | TelnyxOtherEvent;

/** What a Telnyx client's `events$` emits: the neutral events, holds, and {@link TelnyxBackendEvent}. */
export type TelnyxClientEvent = CallEvent<TelnyxCall> | HoldEvent<TelnyxCall> | TelnyxBackendEvent;
