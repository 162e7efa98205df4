import { TelnyxCallControl } from './callControl';
import { withClientState } from './clientSupport';
import { checkOptions } from './commandOptions';
import type {
  TelnyxGatherEndedEvent,
  TelnyxPlaybackEndedEvent,
  TelnyxRecordingErrorEvent,
  TelnyxRecordingSavedEvent,
  TelnyxSpeakEndedEvent,
} from './events';
import type { TelnyxClientOptions } from './options';
import { clientState as checkClientState, invalid } from './params/checks';
import {
  encodeBridge,
  encodeGather,
  encodeGatherUsingSpeak,
  encodePlayback,
  encodePlaybackStop,
  encodeRecordStart,
  encodeRecordStop,
  encodeSpeak,
} from './params/encode';
import type {
  TelnyxBridgeParams,
  TelnyxCommandOptions,
  TelnyxCommandResult,
  TelnyxGatherParams,
  TelnyxGatherResult,
  TelnyxGatherUsingSpeakParams,
  TelnyxPlaybackParams,
  TelnyxPlaybackResult,
  TelnyxPlaybackStopParams,
  TelnyxRecordParams,
  TelnyxRecordResult,
  TelnyxSpeakParams,
  TelnyxSpeakResult,
} from './params/types';

export type { TelnyxCapability } from './clientSupport';

type RecordingOutcome = TelnyxRecordingSavedEvent | TelnyxRecordingErrorEvent;

/**
 * A Telnyx Call Control client: the neutral `CallControl` streams and commands over REST
 * commands (the official `telnyx` SDK) and signed webhooks, plus Telnyx's own commands (`speak`,
 * `playbackStart`, `gather`, `recordStart`, `bridge` to a leg, `updateClientState`). Node only:
 * the API key must never reach a browser. Create it with {@link createTelnyxClient}; see
 * docs/telnyx.md.
 */
export class TelnyxClient extends TelnyxCallControl {
  /** Validates and applies the options (see {@link createTelnyxClient}). */
  constructor(options: TelnyxClientOptions) {
    super(options);
  }

  /** Bridges two of this client's legs (`call.bridged` for each; `details.bridgedWith` links them). */
  async bridge(
    callId: string,
    otherCallId: string,
    params?: TelnyxBridgeParams,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxCommandResult> {
    this.requireCall(callId, 'bridge');
    this.requireCall(otherCallId, 'bridge');
    if (otherCallId === callId) throw invalid('bridge: a call cannot be bridged with itself');
    const body = encodeBridge(otherCallId, params);
    const limits = checkOptions(options, 'bridge', this.commandTimeoutMs);
    this.requireConnected('bridge');
    this.expectBridge(callId, otherCallId);
    return this.send('bridge', callId, body, limits);
  }

  /** Speaks text or SSML on an answered call; `ended` resolves with its `call.speak.ended`. */
  async speak(
    callId: string,
    params: TelnyxSpeakParams,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxSpeakResult> {
    this.requireAnswered(callId, 'speak');
    const [result, ended] = await this.withEvent<TelnyxSpeakEndedEvent>(
      'speak',
      callId,
      encodeSpeak(params),
      options,
      'speak',
    );
    return { ...result, ended };
  }

  /** Plays audio on an answered call; `ended` resolves with its `call.playback.ended`. */
  async playbackStart(
    callId: string,
    params: TelnyxPlaybackParams,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxPlaybackResult> {
    this.requireAnswered(callId, 'playbackStart');
    const [result, ended] = await this.withEvent<TelnyxPlaybackEndedEvent>(
      'playback_start',
      callId,
      encodePlayback(params),
      options,
      'playback',
    );
    return { ...result, ended };
  }

  /** Stops playback (the playing item ends `cancelled`). */
  async playbackStop(
    callId: string,
    params?: TelnyxPlaybackStopParams,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxCommandResult> {
    this.requireCall(callId, 'playbackStop');
    return this.command('playback_stop', callId, encodePlaybackStop(params), options);
  }

  /**
   * Collects DTMF on an answered call; `ended` resolves with `call.gather.ended` (digits and
   * status). Each key also arrives on `dtmf$` once, from its `call.dtmf.received`; the gather's
   * `digits` are never counted there a second time.
   */
  async gather(
    callId: string,
    params?: TelnyxGatherParams,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxGatherResult> {
    this.requireAnswered(callId, 'gather');
    const [result, ended] = await this.withEvent<TelnyxGatherEndedEvent>(
      'gather',
      callId,
      encodeGather(params),
      options,
      'gather',
    );
    return { ...result, ended };
  }

  /** A gather with a spoken prompt (re-prompted after invalid entries); `ended` as for {@link gather}. */
  async gatherUsingSpeak(
    callId: string,
    params: TelnyxGatherUsingSpeakParams,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxGatherResult> {
    this.requireAnswered(callId, 'gatherUsingSpeak');
    const [result, ended] = await this.withEvent<TelnyxGatherEndedEvent>(
      'gather_using_speak',
      callId,
      encodeGatherUsingSpeak(params),
      options,
      'gather',
    );
    return { ...result, ended };
  }

  /** Cancels a running gather (it ends `cancelled`). */
  async gatherStop(callId: string, options?: TelnyxCommandOptions): Promise<TelnyxCommandResult> {
    this.requireCall(callId, 'gatherStop');
    return this.command('gather_stop', callId, {}, options);
  }

  /** Starts recording; `saved` resolves with `call.recording.saved` (after a stop or the hangup). */
  async recordStart(
    callId: string,
    params?: TelnyxRecordParams,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxRecordResult> {
    this.requireAnswered(callId, 'recordStart');
    const [result, saved] = await this.withEvent<RecordingOutcome>(
      'record_start',
      callId,
      encodeRecordStart(params),
      options,
      'record',
    );
    this.setRecording(callId, true);
    return { ...result, saved };
  }

  /** Stops recording; `saved` resolves with `call.recording.saved`. */
  async recordStop(
    callId: string,
    recordingId?: string,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxRecordResult> {
    this.requireCall(callId, 'recordStop');
    const [result, saved] = await this.withEvent<RecordingOutcome>(
      'record_stop',
      callId,
      encodeRecordStop(recordingId),
      options,
      'record',
    );
    return { ...result, saved };
  }

  /** Pauses the recording. */
  async recordPause(callId: string, options?: TelnyxCommandOptions): Promise<TelnyxCommandResult> {
    this.requireCall(callId, 'recordPause');
    return this.command('record_pause', callId, {}, options);
  }

  /** Resumes a paused recording. */
  async recordResume(callId: string, options?: TelnyxCommandOptions): Promise<TelnyxCommandResult> {
    this.requireCall(callId, 'recordResume');
    return this.command('record_resume', callId, {}, options);
  }

  /** Replaces the leg's `client_state` (echoed on every later webhook; `''` clears it). */
  async updateClientState(
    callId: string,
    state: string,
    options?: TelnyxCommandOptions,
  ): Promise<TelnyxCommandResult> {
    this.requireCall(callId, 'updateClientState');
    const encoded = checkClientState(state, 'updateClientState: state') as string;
    const result = await this.command(
      'client_state_update',
      callId,
      { client_state: encoded },
      options,
    );
    this.engine.update(callId, (call) => withClientState(call, encoded));
    return result;
  }
}

/**
 * Creates a Telnyx Call Control client. Nothing is sent until {@link TelnyxClient.connect}.
 * Throws a `ConfigurationError` (`invalid-options`) naming a bad option.
 */
export function createTelnyxClient(options: TelnyxClientOptions): TelnyxClient {
  return new TelnyxClient(options);
}
