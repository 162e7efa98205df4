import type { CallOption } from '@callstream/active-call';
import { ExampleError } from '@callstream/example-support';

/** Options of {@link voiceBot}. */
export interface VoiceBotOptions {
  /**
   * The call options every accepted call gets: speech recognition (`asr`) for the transcripts,
   * voice activity detection (`vad`) for early barge-in, and a TTS voice.
   * @default \{ asr: \{ provider: 'emulator' \}, vad: \{ type: 'silero' \}, tts: \{ provider: 'emulator' \} \}
   */
  readonly callOption?: CallOption;
  /** Number or SIP URI the caller is transferred to when they ask for an agent. @default '+15550100003' */
  readonly agent?: string;
  /** Silence after a prompt before the bot asks again, ms. @default 8000 */
  readonly noInputMs?: number;
  /** Silent turns in a row before the bot says goodbye and hangs up. @default 2 */
  readonly maxNoInput?: number;
  /** How long a transfer may ring, seconds (the `refer` timeout). @default 30 */
  readonly transferTimeoutSec?: number;
}

/** {@link VoiceBotOptions} with every default applied. */
export interface VoiceBotSettings {
  readonly callOption: CallOption;
  readonly agent: string;
  readonly noInputMs: number;
  readonly maxNoInput: number;
  readonly transferTimeoutSec: number;
}

/** The call options of a bot on the emulator (a real server needs real providers). */
export const EMULATOR_CALL_OPTION: CallOption = {
  asr: { provider: 'emulator' },
  vad: { type: 'silero' },
  tts: { provider: 'emulator' },
};

/** Applies the defaults of {@link VoiceBotOptions}; throws `usage` on impossible values. */
export function resolveVoiceBotOptions(options: VoiceBotOptions = {}): VoiceBotSettings {
  const settings: VoiceBotSettings = {
    callOption: options.callOption ?? EMULATOR_CALL_OPTION,
    agent: options.agent ?? '+15550100003',
    noInputMs: options.noInputMs ?? 8000,
    maxNoInput: options.maxNoInput ?? 2,
    transferTimeoutSec: options.transferTimeoutSec ?? 30,
  };
  for (const key of ['noInputMs', 'maxNoInput', 'transferTimeoutSec'] as const) {
    if (!(Number.isFinite(settings[key]) && settings[key] > 0)) {
      throw new ExampleError('usage', `voiceBot: ${key} must be a positive number`);
    }
  }
  if (settings.agent.trim() === '') {
    throw new ExampleError('usage', 'voiceBot: agent must be a number or SIP URI');
  }
  return settings;
}
