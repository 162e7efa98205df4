/**
 * Delays of the simulated gateway and remote parties, in milliseconds. Only the durations
 * change between presets; the order of events is always the same.
 */
export interface EmulatorTiming {
  /** From a command reaching the gateway to its first event (`call_initiated`, lookup). */
  gatewayMs: number;
  /** From `call_initiated` to `call_ringing`; also busy/reject ring time. */
  ringMs: number;
  /** Ringing time before an answering remote party picks up. */
  answerMs: number;
  /** From answer (or a bridge/unbridge command) to the `agora_bridge_*` event. */
  bridgeMs: number;
  /** From a `send_dtmf` reply to its `dtmf_received` echo. */
  dtmfEchoMs: number;
  /** Gap between the digits a remote party presses. */
  digitGapMs: number;
  /** From `endcall`/`hangup` to the teardown events. */
  hangupMs: number;
  /** Ring time of the no-answer scenario before `NO_ANSWER`. */
  noAnswerMs: number;
  /** Talk time before the remote-hangup scenario hangs up. */
  remoteHangupMs: number;
  /** How long the slow-gateway scenario holds the `outbound` reply. */
  slowReplyMs: number;
  /** From `transfer` to the leg leaving (`BLIND_TRANSFER`). */
  transferMs: number;
}

/** Delays close to what the real CM and gateway show. */
export const REALISTIC_TIMING: Readonly<EmulatorTiming> = Object.freeze({
  gatewayMs: 150,
  ringMs: 300,
  answerMs: 1000,
  bridgeMs: 100,
  dtmfEchoMs: 200,
  digitGapMs: 150,
  hangupMs: 100,
  noAnswerMs: 5000,
  remoteHangupMs: 3000,
  slowReplyMs: 5000,
  transferMs: 500,
});

/** Near-instant delays (0–5 ms) for tests; events keep the realistic order. */
export const FAST_TIMING: Readonly<EmulatorTiming> = Object.freeze({
  gatewayMs: 2,
  ringMs: 1,
  answerMs: 2,
  bridgeMs: 1,
  dtmfEchoMs: 2,
  digitGapMs: 1,
  hangupMs: 1,
  noAnswerMs: 5,
  remoteHangupMs: 5,
  slowReplyMs: 5,
  transferMs: 2,
});
