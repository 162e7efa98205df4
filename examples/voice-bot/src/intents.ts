/** What the caller wants, from what they said or pressed. */
export type Intent = 'hours' | 'agent' | 'goodbye' | 'unknown';

/** The DTMF menu: 1 opening hours, 2 an agent, 9 goodbye. */
export const MENU_KEYS: Readonly<Record<string, Exclude<Intent, 'unknown'>>> = {
  '1': 'hours',
  '2': 'agent',
  '9': 'goodbye',
};

const spoken: ReadonlyArray<readonly [RegExp, Exclude<Intent, 'unknown'>]> = [
  [/\b(bye|goodbye|hang up|that'?s all|nothing else)\b/, 'goodbye'],
  [/\b(agent|human|person|operator|someone)\b/, 'agent'],
  [/\b(hours?|open|opening|close|closing)\b/, 'hours'],
];

/** The intent of a final transcript (first match wins: leaving beats everything). */
export function intentOfText(text: string): Intent {
  const normalized = text.toLowerCase();
  for (const [pattern, intent] of spoken) if (pattern.test(normalized)) return intent;
  return 'unknown';
}

/** The intent of a key press. */
export function intentOfDigit(digit: string): Intent {
  return MENU_KEYS[digit] ?? 'unknown';
}
