/*
 * The events an Active Call server sends (protocol reference §5.1), as callstream types them.
 * Field names are the wire's (camelCase); absent optional fields are omitted, never `null`.
 * Every event keeps the fields this SDK does not know (the server adds some over time).
 */

/** An SIP party as the `hangup` event names it (`from` / `to`). */
export interface AcAttendee {
  /** User part of the URI. */
  readonly username?: string;
  /** Host part of the URI. */
  readonly realm?: string;
  /** The original URI. */
  readonly source?: string;
}

/** Fields (almost) every event has. */
export interface AcEventBase {
  /** The event name. */
  readonly event: string;
  /** Which track: the session id (the call's main track) or the server-side track id. */
  readonly trackId?: string;
  /** Server time in ms since the epoch. */
  readonly timestamp?: number;
  /** Fields this SDK does not know are kept. */
  readonly [field: string]: unknown;
}

/** The call (or a `refer` leg) was answered. */
export interface AcAnswerEvent extends AcEventBase {
  readonly event: 'answer';
  /** The remote SDP (SIP), the server's SDP answer (WebRTC, inbound accept), `""` on `/call`. */
  readonly sdp?: string;
  /** True for the transfer leg of a `refer`. */
  readonly refer?: boolean;
}
/** The call (or a `refer` leg) failed with a final SIP answer, or `accept` found nothing pending. */
export interface AcRejectEvent extends AcEventBase {
  readonly event: 'reject';
  /** The SIP reason phrase (`Busy Here`, `no pending call`, …). */
  readonly reason: string;
  /** The SIP status code (486, 603, …). */
  readonly code?: number;
  /** True for the transfer leg of a `refer`. */
  readonly refer?: boolean;
}
/** An outbound SIP call (or `refer` leg) is ringing (18x). */
export interface AcRingingEvent extends AcEventBase {
  readonly event: 'ringing';
  /** Whether the provisional answer carried SDP (183). */
  readonly earlyMedia?: boolean;
  /** True for the transfer leg of a `refer`. */
  readonly refer?: boolean;
}
/** The call (SIP sessions only) or a `refer` leg ended. */
export interface AcHangupEvent extends AcEventBase {
  readonly event: 'hangup';
  /** Display text in the server's Rust form: `Some(ByCallee)`, `Some(Other("x"))`, `None`. */
  readonly reason?: string;
  /** `caller`, `callee`, `system` or free text. */
  readonly initiator?: string;
  /** RFC 3339. */
  readonly startTime?: string;
  /** RFC 3339. */
  readonly hangupTime?: string;
  /** RFC 3339, when the call was answered. */
  readonly answerTime?: string;
  /** RFC 3339, when it first rang. */
  readonly ringingTime?: string;
  /** The caller. */
  readonly from?: AcAttendee;
  /** The callee. */
  readonly to?: AcAttendee;
  /** The session's extras (`session_id`, `call_type`, `start_time`, extracted headers…). */
  readonly extra?: { readonly [key: string]: unknown };
  /** True for the transfer leg of a `refer`. */
  readonly refer?: boolean;
}
/** A track started: the call's main track, or a playback on the server-side track. */
export interface AcTrackStartEvent extends AcEventBase {
  readonly event: 'trackStart';
  readonly trackId: string;
  /** The playback's id (TTS `playId`, a file's `playId` or URL). */
  readonly playId?: string;
}
/** A track ended. */
export interface AcTrackEndEvent extends AcEventBase {
  readonly event: 'trackEnd';
  readonly trackId: string;
  /** How long the track lasted, ms. */
  readonly duration?: number;
  /** RTP SSRC. */
  readonly ssrc?: number;
  /** The playback's id. */
  readonly playId?: string;
}
/** A TTS playback was cut before its end (interrupt, replaced, hangup). */
export interface AcInterruptionEvent extends AcEventBase {
  readonly event: 'interruption';
  readonly trackId: string;
  /** The playback's id. */
  readonly playId?: string;
  /** Text of the segment that was playing. */
  readonly subtitle?: string;
  /** Character index reached in `subtitle` (only with provider word timings). */
  readonly position?: number;
  /** ms of audio synthesized for that segment. */
  readonly totalDuration?: number;
  /** ms of it played. */
  readonly current?: number;
}
/** Voice activity started (VAD). */
export interface AcSpeakingEvent extends AcEventBase {
  readonly event: 'speaking';
  /** When speech started, ms since the epoch. */
  readonly startTime?: number;
  /** A filler word (`um`). */
  readonly isFiller?: boolean;
  /** Detector confidence. */
  readonly confidence?: number;
}
/**
 * Silence: the end of a speech segment (VAD), the VAD `silenceTimeout`, or a playback's
 * `waitInputTimeout` (then `trackId` is the server-side track).
 */
export interface AcSilenceEvent extends AcEventBase {
  readonly event: 'silence';
  /** When the speech (or the wait) started, ms since the epoch. */
  readonly startTime?: number;
  /** How long, ms. */
  readonly duration?: number;
}
/** Fields of `asrDelta` and `asrFinal`. */
export interface AcAsrFields extends AcEventBase {
  /** Utterance number; deltas and the final of one utterance share it. */
  readonly index: number;
  /** The text recognised so far (delta) or in all (final). */
  readonly text: string;
  /** ms since the epoch. */
  readonly startTime?: number;
  /** ms since the epoch. */
  readonly endTime?: number;
  /** A filler word. */
  readonly isFiller?: boolean;
  /** Recogniser confidence. */
  readonly confidence?: number;
  /** The provider's task id. */
  readonly taskId?: string;
}
/** A partial transcript of an utterance. */
export interface AcAsrDeltaEvent extends AcAsrFields {
  readonly event: 'asrDelta';
}
/** The final transcript of an utterance. */
export interface AcAsrFinalEvent extends AcAsrFields {
  readonly event: 'asrFinal';
}
/** The remote party pressed a key. */
export interface AcDtmfEvent extends AcEventBase {
  readonly event: 'dtmf';
  /** `0-9`, `*`, `#`, `A-D`. */
  readonly digit: string;
}
/** A measurement: `ttfb.asr.<p>`, `completed.asr.<p>`, `completed.tts.<p>`. */
export interface AcMetricsEvent extends AcEventBase {
  readonly event: 'metrics';
  /** What was measured. */
  readonly key: string;
  /** ms. */
  readonly duration?: number;
  /** Anything. */
  readonly data?: unknown;
}
/** Something failed on the server: a command, the call set-up, TTS, ASR, a file. */
export interface AcErrorEvent extends AcEventBase {
  readonly event: 'error';
  /** Who failed: `command`, `invite`, `accept`, `ringing`, `tts`, `filetrack: <url>`, … */
  readonly sender: string;
  /** The server's message. */
  readonly error: string;
  /** A code, when the sender gives one (TTS: 500). */
  readonly code?: number;
}
/** The echo of a `history` command. */
export interface AcAddHistoryEvent extends AcEventBase {
  readonly event: 'addHistory';
  /** The session id. */
  readonly sender?: string;
  /** Who spoke (`user`, `bot`, …). */
  readonly speaker: string;
  /** What was said. */
  readonly text: string;
}
/** The remote party put the call on hold, or took it off. */
export interface AcHoldEvent extends AcEventBase {
  readonly event: 'hold';
  /** True while on hold. */
  readonly onHold: boolean;
}
/** No inbound audio for `inactivityTimeout` seconds; a hangup follows. */
export interface AcInactivityEvent extends AcEventBase {
  readonly event: 'inactivity';
}
/** Realtime (speech-to-speech) mode asks the app to run a function. */
export interface AcFunctionCallEvent extends AcEventBase {
  readonly event: 'functionCall';
  /** The call's id, to answer it. */
  readonly callId?: string;
  /** The function. */
  readonly name: string;
  /** Its arguments, JSON text. */
  readonly arguments?: string;
}
/** An internal barge-in signal that reaches the socket in realtime mode. */
export interface AcInterruptEvent extends AcEventBase {
  readonly event: 'interrupt';
  /** Who should stop. */
  readonly receiver?: string;
}
/**
 * End of utterance (not emitted by current servers). The wire name is `completed`; a Go-era
 * `complete` is read as `completed`.
 */
export interface AcEouEvent extends AcEventBase {
  readonly event: 'eou';
  /** Whether the utterance is complete. */
  readonly completed: boolean;
  /** Where the utterance was cut. */
  readonly interruptPoint?: unknown;
}
/** Defined by the server, never emitted (inbound calls arrive by webhook). */
export interface AcIncomingEvent extends AcEventBase {
  readonly event: 'incoming';
  /** Caller URI. */
  readonly caller?: string;
  /** Callee URI. */
  readonly callee?: string;
  /** The SDP offer. */
  readonly sdp?: string;
}
/** Defined by the server, never emitted. */
export interface AcAnswerMachineDetectionEvent extends AcEventBase {
  readonly event: 'answerMachineDetection';
  /** When the detection window started, ms since the epoch. */
  readonly startTime?: number;
  /** When it ended, ms since the epoch. */
  readonly endTime?: number;
  /** What was heard. */
  readonly text?: string;
}
/** An extension point of the server, never emitted. */
export interface AcOtherEvent extends AcEventBase {
  readonly event: 'other';
  /** Who sent it. */
  readonly sender?: string;
  /** Its payload. */
  readonly extra?: { readonly [key: string]: unknown };
}
/** Legacy (2025 rustpbx): the final text of an LLM reply. Never sent by current servers. */
export interface AcLlmFinalEvent extends AcEventBase {
  readonly event: 'llmFinal';
  /** The reply. */
  readonly text?: string;
}
/** Legacy (2025 rustpbx): one word of an LLM reply. Never sent by current servers. */
export interface AcLlmDeltaEvent extends AcEventBase {
  readonly event: 'llmDelta';
  /** The next word. */
  readonly word?: string;
}
/** Newer servers (Go SDK, May 2026): an application event. Payload shape unverified. */
export interface AcCustomEvent extends AcEventBase {
  readonly event: 'custom';
  /** Its payload, as sent. */
  readonly extra?: unknown;
}
/** Newer servers (Go SDK, May 2026): ringback / answering machine detection state. */
export interface AcRingbackStateEvent extends AcEventBase {
  readonly event: 'ringbackState';
  /** `ringing`, `human_voice`, `busy_tone`, `silence`, … */
  readonly state?: string;
  /** The state's number. */
  readonly stateIndex?: number;
  /** Detector confidence in `state`. */
  readonly confidence?: number;
  /** The state before. */
  readonly prevState?: string;
  /** Detector confidence in `prevState`. */
  readonly prevConfidence?: number;
  /** True on a transfer leg. */
  readonly refer?: boolean;
}

/** Every event of the protocol catalogue, discriminated by `event`. */
export type AcKnownEvent =
  | AcAnswerEvent
  | AcRejectEvent
  | AcRingingEvent
  | AcHangupEvent
  | AcTrackStartEvent
  | AcTrackEndEvent
  | AcInterruptionEvent
  | AcSpeakingEvent
  | AcSilenceEvent
  | AcAsrDeltaEvent
  | AcAsrFinalEvent
  | AcDtmfEvent
  | AcMetricsEvent
  | AcErrorEvent
  | AcAddHistoryEvent
  | AcHoldEvent
  | AcInactivityEvent
  | AcFunctionCallEvent
  | AcInterruptEvent
  | AcEouEvent
  | AcIncomingEvent
  | AcAnswerMachineDetectionEvent
  | AcOtherEvent
  | AcLlmFinalEvent
  | AcLlmDeltaEvent
  | AcCustomEvent
  | AcRingbackStateEvent;

/** A name of the catalogue. */
export type AcEventName = AcKnownEvent['event'];

/** An event whose name this SDK does not know, passed through with every field. */
export interface AcUnknownEvent extends AcEventBase {
  /** Marks it as unknown (the wire has no such field; `event` keeps the name). */
  readonly unknown: true;
}

/** What a session's `events$` emits: every catalogue event typed, unknown ones passed through. */
export type ActiveCallEvent = AcKnownEvent | AcUnknownEvent;

/** The catalogue event named `E`. */
export type AcEventOf<E extends AcEventName> = Extract<
  AcKnownEvent,
  {
    /** The event's name. */
    readonly event: E;
  }
>;
