import {
  bool,
  clientState,
  customHeaders,
  encodeFields,
  type FieldSpec,
  integer,
  invalid,
  oneOf,
  target,
  text,
  url,
} from './checks';

type Specs = Readonly<Record<string, FieldSpec>>;
type Body = Record<string, unknown>;

const callControlId = text(256);
const digitsSet = (value: unknown, name: string) => {
  const digits = text(16)(value, name) as string;
  if (!/^[0-9A-D*#]+$/.test(digits)) throw invalid(`${name} may only contain 0-9, A-D, * and #`);
  return digits;
};

const dialSpecs: Specs = {
  to: ['to', target],
  from: ['from', target],
  fromDisplayName: ['from_display_name', text(128)],
  timeoutSecs: ['timeout_secs', integer(5, 600)],
  timeLimitSecs: ['time_limit_secs', integer(30, 14_400)],
  clientState: ['client_state', clientState],
  answeringMachineDetection: [
    'answering_machine_detection',
    oneOf('disabled', 'detect', 'detect_beep', 'detect_words', 'greeting_end', 'premium'),
  ],
  audioUrl: ['audio_url', url],
  mediaName: ['media_name', text(256)],
  webhookUrl: ['webhook_url', url],
  customHeaders: ['custom_headers', customHeaders],
  linkTo: ['link_to', callControlId],
  bridgeOnAnswer: ['bridge_on_answer', bool],
  parkAfterUnbridge: ['park_after_unbridge', oneOf('self')],
  record: ['record', oneOf('record-from-answer')],
};

/** The body of `POST /calls` (without `connection_id` and `command_id`). */
export function encodeDial(params: unknown, webhookUrl: string | undefined): Body {
  if (typeof params !== 'object' || params === null)
    throw invalid('dial: a params object { to, from } is required');
  const { to, from } = params as { to?: unknown; from?: unknown };
  const body = encodeFields(params, dialSpecs, 'dial');
  body.to = target(to, 'dial: to');
  body.from = target(from, 'dial: from');
  if (body.bridge_on_answer === true && body.link_to === undefined) {
    throw invalid('dial: bridgeOnAnswer needs linkTo');
  }
  if (body.webhook_url === undefined && webhookUrl !== undefined) body.webhook_url = webhookUrl;
  return body;
}

const acceptSpecs: Specs = {
  clientState: ['client_state', clientState],
  webhookUrl: ['webhook_url', url],
  record: ['record', oneOf('record-from-answer')],
  customHeaders: ['custom_headers', customHeaders],
};

/** The body of `answer`. */
export function encodeAccept(params: unknown, webhookUrl: string | undefined): Body {
  const body = encodeFields(params, acceptSpecs, 'accept');
  if (body.webhook_url === undefined && webhookUrl !== undefined) body.webhook_url = webhookUrl;
  return body;
}

/** The `cause` of `reject`: `USER_BUSY` for a reason of `busy`/`USER_BUSY`, else `CALL_REJECTED`. */
export function rejectCause(reason: unknown): 'CALL_REJECTED' | 'USER_BUSY' {
  if (reason !== undefined && typeof reason !== 'string')
    throw invalid('reject: reason must be a string');
  if (typeof reason === 'string' && reason.length > 256)
    throw invalid('reject: reason is longer than 256 characters');
  return reason !== undefined && /^(busy|user_busy)$/i.test(reason) ? 'USER_BUSY' : 'CALL_REJECTED';
}

const transferSpecs: Specs = {
  from: ['from', target],
  fromDisplayName: ['from_display_name', text(128)],
  timeoutSecs: ['timeout_secs', integer(5, 600)],
  timeLimitSecs: ['time_limit_secs', integer(30, 14_400)],
  targetLegClientState: ['target_leg_client_state', clientState],
  clientState: ['client_state', clientState],
  audioUrl: ['audio_url', url],
  webhookUrl: ['webhook_url', url],
  customHeaders: ['custom_headers', customHeaders],
  parkAfterUnbridge: ['park_after_unbridge', oneOf('self')],
  earlyMedia: ['early_media', bool],
};

/** The body of `transfer`. */
export function encodeTransfer(
  destination: unknown,
  params: unknown,
  webhookUrl: string | undefined,
): Body {
  const to = target(destination, 'transfer: destination');
  const body = encodeFields(params, transferSpecs, 'transfer');
  body.to = to;
  if (body.webhook_url === undefined && webhookUrl !== undefined) body.webhook_url = webhookUrl;
  return body;
}

const bridgeSpecs: Specs = {
  parkAfterUnbridge: ['park_after_unbridge', oneOf('self')],
  holdAfterUnbridge: ['hold_after_unbridge', bool],
  muteDtmf: ['mute_dtmf', oneOf('none', 'both', 'self', 'opposite')],
  playRingtone: ['play_ringtone', bool],
  ringtone: [
    'ringtone',
    (value, name) => {
      const code = text(2)(value, name) as string;
      if (!/^[a-z]{2}$/.test(code))
        throw invalid(`${name} must be a 2-letter country code (us, gb, …)`);
      return code;
    },
  ],
  preventDoubleBridge: ['prevent_double_bridge', bool],
  clientState: ['client_state', clientState],
};

/** The body of `bridge` (`call_control_id` is the other leg). */
export function encodeBridge(other: string, params: unknown): Body {
  return { ...encodeFields(params, bridgeSpecs, 'bridge'), call_control_id: other };
}

const voiceSpecs: Specs = {
  payload: ['payload', text(3_000)],
  voice: ['voice', text(128)],
  payloadType: ['payload_type', oneOf('text', 'ssml')],
  language: ['language', text(32)],
  serviceLevel: ['service_level', oneOf('basic', 'premium')],
};

function withVoice(body: Body, command: string): Body {
  if (body.payload === undefined)
    throw invalid(`${command}: payload is required (the text to speak)`);
  if (body.voice === undefined) {
    body.voice = 'female';
    body.service_level ??= 'basic';
  }
  return body;
}

const speakSpecs: Specs = {
  ...voiceSpecs,
  targetLegs: ['target_legs', oneOf('self', 'opposite', 'both')],
  stop: ['stop', oneOf('current', 'all')],
  clientState: ['client_state', clientState],
};

/** The body of `speak`. */
export function encodeSpeak(params: unknown): Body {
  if (params === undefined) throw invalid('speak: params { payload } are required');
  return withVoice(encodeFields(params, speakSpecs, 'speak'), 'speak');
}

const playbackSpecs: Specs = {
  audioUrl: ['audio_url', url],
  mediaName: ['media_name', text(256)],
  playbackContent: ['playback_content', text(4 * 1024 * 1024)],
  loop: ['loop', (value, name) => (value === 'infinity' ? value : integer(1, 100)(value, name))],
  overlay: ['overlay', bool],
  targetLegs: ['target_legs', oneOf('self', 'opposite', 'both')],
  cacheAudio: ['cache_audio', bool],
  audioType: ['audio_type', oneOf('mp3', 'wav')],
  stop: ['stop', oneOf('current', 'all')],
  clientState: ['client_state', clientState],
};

/** The body of `playback_start` (exactly one audio source). */
export function encodePlayback(params: unknown): Body {
  const body = encodeFields(params, playbackSpecs, 'playbackStart');
  const sources = ['audio_url', 'media_name', 'playback_content'].filter(
    (key) => body[key] !== undefined,
  );
  if (sources.length !== 1) {
    throw invalid('playbackStart: give exactly one of audioUrl, mediaName, playbackContent');
  }
  return body;
}

const playbackStopSpecs: Specs = {
  stop: ['stop', oneOf('current', 'all')],
  overlay: ['overlay', bool],
};

/** The body of `playback_stop`. */
export function encodePlaybackStop(params: unknown): Body {
  return encodeFields(params, playbackStopSpecs, 'playbackStop');
}

const gatherSpecs: Specs = {
  minimumDigits: ['minimum_digits', integer(1, 128)],
  maximumDigits: ['maximum_digits', integer(1, 128)],
  terminatingDigit: [
    'terminating_digit',
    (value, name) => {
      const digit = digitsSet(value, name) as string;
      if (digit.length !== 1) throw invalid(`${name} must be one key`);
      return digit;
    },
  ],
  validDigits: ['valid_digits', digitsSet],
  initialTimeoutMillis: ['initial_timeout_millis', integer(1, 600_000)],
  interDigitTimeoutMillis: ['inter_digit_timeout_millis', integer(1, 600_000)],
  timeoutMillis: ['timeout_millis', integer(1, 3_600_000)],
  gatherId: ['gather_id', text(40)],
  clientState: ['client_state', clientState],
};

function checkDigitRange(body: Body, command: string): Body {
  const min = body.minimum_digits as number | undefined;
  const max = body.maximum_digits as number | undefined;
  if (min !== undefined && max !== undefined && min > max) {
    throw invalid(`${command}: minimumDigits (${min}) is more than maximumDigits (${max})`);
  }
  return body;
}

/** The body of `gather`. */
export function encodeGather(params: unknown): Body {
  return checkDigitRange(encodeFields(params, gatherSpecs, 'gather'), 'gather');
}

const gatherSpeakSpecs: Specs = {
  ...gatherSpecs,
  ...voiceSpecs,
  invalidPayload: ['invalid_payload', text(3_000)],
  maximumTries: ['maximum_tries', integer(1, 10)],
};

/** The body of `gather_using_speak`. */
export function encodeGatherUsingSpeak(params: unknown): Body {
  if (params === undefined) throw invalid('gatherUsingSpeak: params { payload } are required');
  const body = encodeFields(params, gatherSpeakSpecs, 'gatherUsingSpeak');
  return checkDigitRange(withVoice(body, 'gatherUsingSpeak'), 'gatherUsingSpeak');
}

const recordSpecs: Specs = {
  channels: ['channels', oneOf('single', 'dual')],
  format: ['format', oneOf('mp3', 'wav')],
  maxLength: ['max_length', integer(0, 14_400)],
  timeoutSecs: ['timeout_secs', integer(0, 14_400)],
  playBeep: ['play_beep', bool],
  recordingTrack: ['recording_track', oneOf('both', 'inbound', 'outbound')],
  trim: ['trim', oneOf('trim-silence')],
  customFileName: ['custom_file_name', text(40)],
  clientState: ['client_state', clientState],
};

/** The body of `record_start` (`channels` and `format` always sent: Telnyx requires them). */
export function encodeRecordStart(params: unknown): Body {
  const body = encodeFields(params, recordSpecs, 'recordStart');
  body.channels ??= 'single';
  body.format ??= 'mp3';
  return body;
}

/** The body of `record_stop`. */
export function encodeRecordStop(recordingId: unknown): Body {
  return recordingId === undefined
    ? {}
    : { recording_id: text(256)(recordingId, 'recordStop: recordingId') };
}
