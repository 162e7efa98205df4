import { type EmulatorTiming, FAST_TIMING, REALISTIC_TIMING } from '../timing';

/**
 * Delays of the simulated Telnyx platform and remote parties, in milliseconds: the CM
 * emulator's delays (same names, same meaning where they apply) plus media and webhook ones.
 * Only durations change between presets; the order of events is always the same.
 */
export interface TelnyxTiming extends EmulatorTiming {
  /** How long a `speak` (and a `gather_using_speak` prompt) plays. */
  speakMs: number;
  /** How long one loop of a `playback_start` plays. */
  playbackMs: number;
  /** From answer to the answering-machine-detection result. */
  amdMs: number;
  /** `gather` overall timeout when the command names no `timeout_millis`. */
  gatherTimeoutMs: number;
  /** `gather` inter-digit timeout when the command names no `inter_digit_timeout_millis`. */
  interDigitTimeoutMs: number;
  /** First webhook retry delay; each further retry doubles it. */
  webhookRetryMs: number;
}

/** Delays close to what Telnyx shows (gather defaults are Telnyx's documented ones). */
export const REALISTIC_TELNYX_TIMING: Readonly<TelnyxTiming> = Object.freeze({
  ...REALISTIC_TIMING,
  speakMs: 2000,
  playbackMs: 3000,
  amdMs: 1500,
  gatherTimeoutMs: 60000,
  interDigitTimeoutMs: 5000,
  webhookRetryMs: 1000,
});

/** Near-instant delays for tests; events keep the realistic order. */
export const FAST_TELNYX_TIMING: Readonly<TelnyxTiming> = Object.freeze({
  ...FAST_TIMING,
  speakMs: 5,
  playbackMs: 5,
  amdMs: 2,
  gatherTimeoutMs: 200,
  interDigitTimeoutMs: 50,
  webhookRetryMs: 5,
});
