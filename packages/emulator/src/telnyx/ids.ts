import { randomBytes, randomUUID } from 'node:crypto';

/**
 * A new `call_control_id`: `v3:` plus padded base64url, like Telnyx's opaque tokens. 32 random
 * bytes need one `=` of padding, so every id carries characters (`:`, `=`, often `-`, `_`) a
 * client must put in a path segment unescaped.
 */
export function newCallControlId(): string {
  // Node's base64url omits padding; 32 bytes encode to 43 characters plus one `=`.
  return `v3:${randomBytes(32).toString('base64url')}=`;
}

/** A new UUID (leg, session, event and recording ids). */
export function newUuid(): string {
  return randomUUID();
}

let lastMicros = 0;
// Captured at import, like the timers: a test's fake clock must not stamp the emulator's events.
const origin = performance.timeOrigin;
const elapsed = performance.now.bind(performance);

/**
 * The current time in ISO 8601 with microseconds (`2026-07-16T10:11:12.123456Z`), as Telnyx
 * stamps `occurred_at`. Strictly increasing within the process, so events of one call never
 * share a timestamp and sort in emission order.
 */
export function isoMicros(): string {
  let micros = Math.floor((origin + elapsed()) * 1000);
  if (micros <= lastMicros) micros = lastMicros + 1;
  lastMicros = micros;
  const millis = Math.floor(micros / 1000);
  const base = new Date(millis).toISOString(); // …SS.mmmZ
  return `${base.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`;
}
