import type { TelnyxContext } from '../context';
import { newUuid } from '../ids';
import { emitEvent } from './events';
import type { Leg, RecordingState } from './leg';

/** Starts recording a leg; returns the new `recording_id`. */
export function startRecording(
  leg: Leg,
  settings: { channels: 'single' | 'dual'; format: 'wav' | 'mp3' },
): string {
  const recordingId = newUuid();
  leg.recording = {
    recordingId,
    channels: settings.channels,
    format: settings.format,
    startedAt: new Date().toISOString(),
    paused: false,
  };
  return recordingId;
}

/**
 * `call.recording.saved` for a finished recording. Keyed by `call_leg_id`: like Telnyx's, it has
 * no `call_control_id`. The URLs point at the emulator and are placeholders (they answer 404).
 */
export function emitRecordingSaved(ctx: TelnyxContext, leg: Leg, recording: RecordingState): void {
  const url = `${ctx.httpUrl}/recordings/${recording.recordingId}.${recording.format}`;
  const urls = recording.format === 'mp3' ? { mp3: url, wav: null } : { mp3: null, wav: url };
  emitEvent(
    ctx,
    leg,
    'call.recording.saved',
    {
      recording_id: recording.recordingId,
      channels: recording.channels,
      recording_started_at: recording.startedAt,
      recording_ended_at: new Date().toISOString(),
      recording_urls: urls,
      public_recording_urls: urls,
    },
    { withControlId: false, withParties: false },
  );
}
