/**
 * Normalises a phone number the way the CM compares DIDs (§9.2): every non-digit is dropped, so
 * `+1 (800) 555-1234` becomes `18005551234`.
 */
export function normalizeNumber(number: string): string {
  return number.replace(/\D/g, '');
}

/** Normalises a list of numbers, dropping empty results and duplicates, keeping first-seen order. */
export function normalizeNumbers(numbers: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const number of numbers) {
    const digits = normalizeNumber(number);
    if (digits !== '') seen.add(digits);
  }
  return [...seen];
}
