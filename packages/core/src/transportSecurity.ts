/**
 * Whether `hostname` (as `URL.hostname` gives it) names this machine: `localhost` (and
 * `*.localhost`), 127.0.0.0/8, `::1`, or an IPv4-mapped loopback address.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127(\.\d{1,3}){3}$/.test(host)) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^::ffff:(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|7f[0-9a-f]{2}:[0-9a-f]{1,4})$/.test(host);
}

/**
 * The warning to log when a credential would travel unencrypted: a `ws://` or `http://` URL whose
 * host is not this machine. Undefined when the URL is encrypted, local or unparsable (the options
 * check reports those). The message names the host only, never the URL (it may carry secrets).
 */
export function insecureTransportWarning(url: string, credential: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'http:') return undefined;
  if (isLoopbackHost(parsed.hostname)) return undefined;
  const secure = parsed.protocol === 'ws:' ? 'wss://' : 'https://';
  return `the ${credential} is sent unencrypted (${parsed.protocol}// to ${parsed.hostname}); use ${secure} outside this machine`;
}
