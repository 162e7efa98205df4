/** The server's built-in hangup reasons (its `CallRecordHangupReason` variants). */
export type BuiltInReason =
  | 'ByCaller'
  | 'ByCallee'
  | 'BySystem'
  | 'ByRefer'
  | 'Autohangup'
  | 'InactivityTimeout'
  | 'Canceled'
  | 'Rejected'
  | 'Failed';

/** Why a call ended, before it is rendered for the `hangup` event. */
export type HangupReason = { builtIn: BuiltInReason } | { other: string };

/** Why and by whom a session ends, as the teardown reports it. */
export interface SessionEnd {
  /** `hangup.reason`, already in the server's `Some(...)` form. */
  reason: string;
  /** `hangup.initiator`. */
  initiator: string;
}

// Matched after lower-casing the command's text; the server's list has the same entries, so
// mixed-case names such as `noAnswer` never match and become custom reasons.
const BY_NAME: ReadonlyMap<string, BuiltInReason> = new Map([
  ['caller', 'ByCaller'],
  ['callee', 'ByCallee'],
  ['refer', 'ByRefer'],
  ['system', 'BySystem'],
  ['autohangup', 'Autohangup'],
  ['inactivitytimeout', 'InactivityTimeout'],
  ['canceled', 'Canceled'],
  ['rejected', 'Rejected'],
  ['failed', 'Failed'],
]);

const INITIATOR_OVERRIDE: ReadonlyMap<string, BuiltInReason> = new Map([
  ['caller', 'ByCaller'],
  ['callee', 'ByCallee'],
  // A quirk of the server: initiator "system" maps to Autohangup, not BySystem.
  ['system', 'Autohangup'],
]);

/** A string in Rust's `Debug` form: quoted, with `\`, `"` and control characters escaped. */
export function rustDebugString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\0') out += '\\0';
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return `${out}"`;
}

/** `Some(ByCaller)`, `Some(Other("text"))`: how the server renders an `Option<reason>`. */
export function renderReason(reason: HangupReason): string {
  if ('builtIn' in reason) return `Some(${reason.builtIn})`;
  return `Some(Other(${rustDebugString(reason.other)}))`;
}

/** A built-in reason in its rendered form. */
export function builtIn(name: BuiltInReason): string {
  return renderReason({ builtIn: name });
}

/**
 * The reason of a `hangup` command: `initiator` caller/callee/system wins; else the `reason`
 * text mapped case-insensitively to a built-in one or kept as a custom reason; else BySystem.
 */
export function reasonFromCommand(reason?: string, initiator?: string): string {
  const override = initiator === undefined ? undefined : INITIATOR_OVERRIDE.get(initiator);
  if (override) return builtIn(override);
  if (reason === undefined) return builtIn('BySystem');
  const known = BY_NAME.get(reason.toLowerCase());
  return renderReason(known ? { builtIn: known } : { other: reason });
}
