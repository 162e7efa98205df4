import type { EmulatorTiming } from '@callstream/emulator';

/**
 * The emulator's realistic delays, shortened about 3× so the whole demo runs in a few seconds
 * while the events still arrive one by one, in the real order, the way a person can follow.
 */
export const DEMO_TIMING: Partial<EmulatorTiming> = {
  gatewayMs: 60,
  ringMs: 120,
  answerMs: 400,
  bridgeMs: 50,
  dtmfEchoMs: 80,
  digitGapMs: 60,
  hangupMs: 50,
  noAnswerMs: 2000,
  remoteHangupMs: 1000,
  slowReplyMs: 2000,
  transferMs: 200,
};
