import { onLegClock } from '../calls/events';
import { type GatherConfig, startGather } from '../calls/gather';
import type { AudioItem } from '../calls/leg';
import { MAX_AUDIO_QUEUE, queueAudio, stopAudio } from '../calls/media';
import { emitRecordingSaved, startRecording } from '../calls/recording';
import type { TelnyxContext } from '../context';
import type { ActionSpec } from './action';
import { apiError } from './errors';
import {
  type Body,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalUrl,
  requiredEnum,
  requiredString,
} from './validate';

const STOP = ['current', 'all'] as const;
const DTMF_KEYS = '0123456789*#ABCD';

function newItem(
  kind: AudioItem['kind'],
  durationMs: number,
  fields: Record<string, unknown>,
): AudioItem {
  return { kind, durationMs, fields, started: false, ended: false };
}

function checkQueueRoom(length: number): void {
  if (length >= MAX_AUDIO_QUEUE) {
    throw apiError.badRequest(
      `Too much audio queued on this call (at most ${MAX_AUDIO_QUEUE} items).`,
    );
  }
}

/** `speak` and `gather_using_speak` share their text-to-speech fields. */
function checkSpeech(body: Body): void {
  requiredString(body, 'payload');
  requiredString(body, 'voice');
  optionalEnum(body, 'payload_type', ['text', 'ssml'] as const);
  optionalEnum(body, 'service_level', ['basic', 'premium'] as const);
}

/** Play count of `loop`: a number 1-100 or `"infinity"`. */
function loopCount(body: Body): number {
  const loop = body.loop;
  if (loop === undefined || loop === null) return 1;
  if (loop === 'infinity') return Number.POSITIVE_INFINITY;
  const count = typeof loop === 'string' && /^\d+$/.test(loop) ? Number(loop) : loop;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 100) {
    throw apiError.badRequest('The \'loop\' parameter must be 1-100 or "infinity".', 'loop');
  }
  return count;
}

function gatherConfig(
  ctx: TelnyxContext,
  body: Body,
  promptMs: number,
  maximumTries: number,
): GatherConfig {
  const t = ctx.options.timing;
  const minimumDigits = optionalInteger(body, 'minimum_digits', 1, 128) ?? 1;
  const maximumDigits = optionalInteger(body, 'maximum_digits', 1, 128) ?? 128;
  if (minimumDigits > maximumDigits) {
    throw apiError.badRequest(
      "'minimum_digits' must not exceed 'maximum_digits'.",
      'minimum_digits',
    );
  }
  const terminatingDigit = optionalString(body, 'terminating_digit') ?? '#';
  if (terminatingDigit.length !== 1 || !DTMF_KEYS.includes(terminatingDigit)) {
    throw apiError.badRequest(
      "The 'terminating_digit' parameter must be one DTMF key.",
      'terminating_digit',
    );
  }
  const validDigits = optionalString(body, 'valid_digits') ?? '0123456789#*';
  if (validDigits === '' || [...validDigits].some((key) => !DTMF_KEYS.includes(key))) {
    throw apiError.badRequest("The 'valid_digits' parameter must list DTMF keys.", 'valid_digits');
  }
  optionalInteger(body, 'initial_timeout_millis', 1, 600000);
  return {
    minimumDigits,
    maximumDigits,
    terminatingDigit,
    validDigits,
    timeoutMs: optionalInteger(body, 'timeout_millis', 1, 600000) ?? t.gatherTimeoutMs,
    interDigitTimeoutMs:
      optionalInteger(body, 'inter_digit_timeout_millis', 1, 120000) ?? t.interDigitTimeoutMs,
    promptMs,
    maximumTries,
    gatherId: optionalString(body, 'gather_id'),
  };
}

const speak: ActionSpec = {
  needsAnswer: true,
  prepare(ctx, leg, body) {
    checkSpeech(body);
    const stop = optionalEnum(body, 'stop', STOP);
    checkQueueRoom(leg.audio.length);
    const item = newItem('speak', ctx.options.timing.speakMs * loopCount(body), {});
    return () => {
      queueAudio(ctx, leg, item, stop);
      return undefined;
    };
  },
};

const playbackStart: ActionSpec = {
  needsAnswer: true,
  prepare(ctx, leg, body) {
    const audioUrl = optionalUrl(body, 'audio_url');
    const mediaName = optionalString(body, 'media_name');
    const content = optionalString(body, 'playback_content');
    if (audioUrl === undefined && mediaName === undefined && content === undefined) {
      throw apiError.missing('audio_url');
    }
    const overlay = optionalBoolean(body, 'overlay') ?? false;
    const stop = optionalEnum(body, 'stop', STOP);
    checkQueueRoom(leg.audio.length);
    const fields = {
      ...(audioUrl === undefined ? {} : { media_url: audioUrl }),
      ...(mediaName === undefined ? {} : { media_name: mediaName }),
      overlay,
    };
    const item = newItem('playback', ctx.options.timing.playbackMs * loopCount(body), fields);
    return () => {
      queueAudio(ctx, leg, item, stop);
      return undefined;
    };
  },
};

const playbackStop: ActionSpec = {
  prepare(ctx, leg, body) {
    const stop = optionalEnum(body, 'stop', STOP) ?? 'all';
    return () => {
      stopAudio(ctx, leg, stop, 'playback');
      return undefined;
    };
  },
};

const gather: ActionSpec = {
  needsAnswer: true,
  prepare(ctx, leg, body) {
    const config = gatherConfig(ctx, body, 0, 1);
    return () => {
      startGather(ctx, leg, config);
      return undefined;
    };
  },
};

const gatherUsingSpeak: ActionSpec = {
  needsAnswer: true,
  prepare(ctx, leg, body) {
    checkSpeech(body);
    optionalString(body, 'invalid_payload');
    const tries = optionalInteger(body, 'maximum_tries', 1, 10) ?? 3;
    const config = gatherConfig(ctx, body, ctx.options.timing.speakMs, tries);
    return () => {
      startGather(ctx, leg, config);
      return undefined;
    };
  },
};

const gatherStop: ActionSpec = {
  prepare(_ctx, leg) {
    return () => {
      leg.gather?.end('cancelled');
      return undefined;
    };
  },
};

const recordStart: ActionSpec = {
  needsAnswer: true,
  prepare(_ctx, leg, body) {
    const channels = requiredEnum(body, 'channels', ['single', 'dual'] as const);
    const format = requiredEnum(body, 'format', ['wav', 'mp3'] as const);
    optionalInteger(body, 'max_length', 0, 14400);
    if (leg.recording !== undefined)
      throw apiError.badRequest('The call is already being recorded.');
    return () => {
      startRecording(leg, { channels, format });
      return undefined;
    };
  },
};

function needsRecording(leg: { recording: unknown }): void {
  if (leg.recording === undefined)
    throw apiError.badRequest('No recording is in progress on this call.');
}

const recordStop: ActionSpec = {
  prepare(ctx, leg) {
    needsRecording(leg);
    return () => {
      const recording = leg.recording;
      leg.recording = undefined;
      if (recording !== undefined) {
        onLegClock(ctx, leg, ctx.options.timing.gatewayMs, () =>
          emitRecordingSaved(ctx, leg, recording),
        );
      }
      return undefined;
    };
  },
};

function pauseAction(paused: boolean): ActionSpec {
  return {
    prepare(_ctx, leg) {
      needsRecording(leg);
      return () => {
        if (leg.recording !== undefined) leg.recording.paused = paused;
        return undefined;
      };
    },
  };
}

/** The media commands by verb. */
export const MEDIA_ACTIONS: Readonly<Record<string, ActionSpec>> = {
  speak,
  playback_start: playbackStart,
  playback_stop: playbackStop,
  gather,
  gather_using_speak: gatherUsingSpeak,
  gather_stop: gatherStop,
  record_start: recordStart,
  record_stop: recordStop,
  record_pause: pauseAction(true),
  record_resume: pauseAction(false),
};
