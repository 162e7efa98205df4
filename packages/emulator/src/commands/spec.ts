/** Field rules of one command: which keys must be non-empty and what type each known key has. */
export interface CommandSpec {
  /** Keys that must be present and non-empty. */
  required: readonly string[];
  /** Keys that, when present (and not null), must be strings. */
  strings: readonly string[];
  /** Keys that, when present, must be booleans. */
  booleans?: readonly string[];
  /** Keys that, when present, must be arrays of strings. */
  stringArrays?: readonly string[];
  /** Whether a MULTI session must name an appid (§10: all but subscribe and reject). */
  needsAppid: boolean;
}

const ID_ONLY: CommandSpec = {
  required: ['callid'],
  strings: ['callid', 'appid'],
  needsAppid: true,
};

/** Every command of §5.3 (register is handled by the handshake). */
export const COMMAND_SPECS: Readonly<Record<string, CommandSpec>> = {
  outbound: {
    required: ['to', 'channel', 'uid'],
    strings: [
      'to',
      'from',
      'channel',
      'uid',
      'token',
      'region',
      'timeout',
      'sip',
      'sip_domain',
      'sdk_options',
      'audio_scenario',
      'appid',
    ],
    booleans: ['video'],
    needsAppid: true,
  },
  accept: {
    required: ['callid', 'channel', 'uid'],
    strings: [
      'callid',
      'token',
      'channel',
      'uid',
      'appid',
      'webhook_url',
      'sdk_options',
      'audio_scenario',
    ],
    booleans: ['video'],
    needsAppid: true,
  },
  reject: { required: ['callid'], strings: ['callid', 'reason', 'appid'], needsAppid: false },
  bridge: {
    required: ['callid', 'channel', 'uid'],
    strings: ['callid', 'token', 'channel', 'uid', 'appid', 'sdk_options', 'audio_scenario'],
    booleans: ['video'],
    needsAppid: true,
  },
  unbridge: ID_ONLY,
  endcall: ID_ONLY,
  hangup: ID_ONLY,
  transfer: {
    required: ['callid', 'destination'],
    strings: ['callid', 'destination', 'leg', 'appid'],
    needsAppid: true,
  },
  send_dtmf: {
    required: ['callid', 'digits'],
    strings: ['callid', 'digits', 'appid'],
    needsAppid: true,
  },
  subscribe: { required: ['numbers'], strings: [], stringArrays: ['numbers'], needsAppid: false },
};

/** The first wrong-typed field of a frame, as an error text, or undefined if all are fine. */
export function typeError(spec: CommandSpec, frame: Record<string, unknown>): string | undefined {
  const present = (key: string): boolean => frame[key] !== undefined && frame[key] !== null;
  for (const key of spec.strings) {
    if (present(key) && typeof frame[key] !== 'string')
      return `invalid parameter: ${key} must be a string`;
  }
  for (const key of spec.booleans ?? []) {
    if (present(key) && typeof frame[key] !== 'boolean')
      return `invalid parameter: ${key} must be a boolean`;
  }
  for (const key of spec.stringArrays ?? []) {
    const value = frame[key];
    if (
      present(key) &&
      !(Array.isArray(value) && value.every((item) => typeof item === 'string'))
    ) {
      return `invalid parameter: ${key} must be an array of strings`;
    }
  }
  return undefined;
}

/** String fields that carry credentials or documents and may be longer than ids and numbers. */
const LONG_FIELDS: ReadonlySet<string> = new Set(['token', 'sdk_options', 'webhook_url']);

/**
 * The first string field over its length cap (`maxLongFieldLength` for `token`, `sdk_options`
 * and `webhook_url`, `maxFieldLength` for the rest), as an error text; run after
 * {@link typeError}.
 */
export function lengthError(
  spec: CommandSpec,
  frame: Record<string, unknown>,
  limits: { maxFieldLength: number; maxLongFieldLength: number },
): string | undefined {
  for (const key of spec.strings) {
    const value = frame[key];
    if (typeof value !== 'string') continue;
    const max = LONG_FIELDS.has(key) ? limits.maxLongFieldLength : limits.maxFieldLength;
    if (value.length > max) return `invalid parameter: ${key} is longer than ${max} characters`;
  }
  return undefined;
}

/**
 * Actions that schedule new work on timers; they are refused while the timer cap is reached.
 * Ending commands and `subscribe`/`reject` still run, so clients can always clean up.
 */
export const SCHEDULING_ACTIONS: ReadonlySet<string> = new Set([
  'outbound',
  'accept',
  'bridge',
  'unbridge',
  'transfer',
  'send_dtmf',
]);

/** The required fields that are missing or empty. */
export function missingFields(spec: CommandSpec, frame: Record<string, unknown>): string[] {
  return spec.required.filter((key) => {
    const value = frame[key];
    if (value === undefined || value === null || value === '') return true;
    return false;
  });
}
