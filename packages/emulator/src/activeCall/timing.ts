/**
 * Delays of the simulated Active Call server and remote parties, in milliseconds. Only the
 * durations change between presets; the order of events is always the same.
 */
export interface ActiveCallTiming {
  /** From `invite` to the main track's `trackStart` (SIP stack and RTP set-up). */
  setupMs: number;
  /** From `trackStart` to each `ringing` of an outbound SIP call. */
  ringMs: number;
  /** Ringing time before a remote party that answers picks up (scenario `answer` default). */
  answerMs: number;
  /** From a WebRTC `invite` to `answer` (ICE/DTLS handshake). */
  webrtcHandshakeMs: number;
  /** How long an `accept` blocks the command queue (200 OK and ACK). */
  acceptMs: number;
  /** Ring time of the no-answer scenario before the final failure. */
  noAnswerMs: number;
  /** Talk time before the remote-hangup scenario hangs up. */
  remoteHangupMs: number;
  /** How long the slow-gateway scenario keeps the SIP stack silent before it starts ringing. */
  slowGatewayMs: number;
  /** Gap between the digits a remote party presses. */
  digitGapMs: number;
  /** TTS time to first byte: from a segment being queued to its audio starting. */
  ttsTtfbMs: number;
  /** Simulated speech length per character of TTS text. */
  ttsMsPerChar: number;
  /** Length of every played file (`play`, ringtones, music on hold). */
  playMs: number;
  /** Time per word of simulated user speech (between `asrDelta` events). */
  asrWordMs: number;
  /** From the last word of user speech to `asrFinal`. */
  asrFinalMs: number;
  /** Cadence of binary audio frames (`/call` mode and `subscribe`). */
  audioFrameMs: number;
  /**
   * Length of one "second" of the `ping` query parameter; 1000 is faithful, tests shrink it to
   * see pings quickly.
   */
  pingUnitMs: number;
}

/** Delays close to what a real RustPBX Active Call server and PSTN parties show. */
export const AC_REALISTIC_TIMING: Readonly<ActiveCallTiming> = Object.freeze({
  setupMs: 50,
  ringMs: 300,
  answerMs: 2000,
  webrtcHandshakeMs: 300,
  acceptMs: 20,
  noAnswerMs: 30_000,
  remoteHangupMs: 5000,
  slowGatewayMs: 5000,
  digitGapMs: 200,
  ttsTtfbMs: 200,
  ttsMsPerChar: 60,
  playMs: 3000,
  asrWordMs: 250,
  asrFinalMs: 300,
  audioFrameMs: 20,
  pingUnitMs: 1000,
});

/**
 * Near-instant delays for tests (0–5 ms per step, 1 ms of speech per character); events keep
 * the realistic order. Audio frames keep the real 20 ms cadence and pings their real unit.
 */
export const AC_FAST_TIMING: Readonly<ActiveCallTiming> = Object.freeze({
  setupMs: 1,
  ringMs: 1,
  answerMs: 2,
  webrtcHandshakeMs: 2,
  acceptMs: 1,
  noAnswerMs: 5,
  remoteHangupMs: 5,
  slowGatewayMs: 5,
  digitGapMs: 1,
  ttsTtfbMs: 1,
  ttsMsPerChar: 1,
  playMs: 5,
  asrWordMs: 1,
  asrFinalMs: 1,
  audioFrameMs: 20,
  pingUnitMs: 1000,
});
