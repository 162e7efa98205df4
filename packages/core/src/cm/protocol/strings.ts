/** Reads `obj[key]` as a string: strings as-is, finite numbers converted, anything else undefined. */
export function readString(obj: { [key: string]: unknown }, key: string): string | undefined {
  const value = obj[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Reads `obj[key]` as a number: numbers as-is, numeric strings parsed, anything else undefined. */
export function readNumber(obj: { [key: string]: unknown }, key: string): number | undefined {
  const value = obj[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}
