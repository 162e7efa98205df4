/** Header lines that carry credentials (webhook INVITE headers, SIP headers). */
const SECRET_HEADER = /^(proxy-)?authorization\s*:/i;

/** `Name: value` header lines with the values of credential headers replaced. */
export function redactHeaderLines(lines: readonly string[]): string[] {
  return lines.map((line) => {
    if (!SECRET_HEADER.test(line)) return line;
    return `${line.slice(0, line.indexOf(':') + 1)} [redacted]`;
  });
}
