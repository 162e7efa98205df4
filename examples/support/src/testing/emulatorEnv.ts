/** The environment that points an example at an emulator started by the test. */
export function emulatorEnv(emulator: {
  wsUrl: string;
  token: string;
  appIds: readonly string[];
}): Record<string, string> {
  return { CM_HOST: emulator.wsUrl, AUTH_TOKEN: emulator.token, APPID: emulator.appIds[0] ?? '' };
}

/** Record `type`/`event`/`command` names in order, e.g. `event:answered`, for sequence checks. */
export function timeline(records: readonly { type: string; [field: string]: unknown }[]): string[] {
  return records.map((record) => {
    if (record.type === 'event') return `event:${String(record.event)}`;
    if (record.type === 'command') return `command:${String(record.command)}`;
    if (record.type === 'outcome') return `outcome:${String(record.kind)}`;
    if (record.type === 'state') return `state:${String(record.status)}`;
    return record.type;
  });
}

/**
 * The longest prefix of `expected` found in `actual` in order (other items may come between).
 * `expect(matchInOrder(actual, expected)).toEqual(expected)` fails showing how far it got.
 */
export function matchInOrder(actual: readonly string[], expected: readonly string[]): string[] {
  let next = 0;
  for (const item of actual) if (next < expected.length && item === expected[next]) next += 1;
  return expected.slice(0, next);
}
