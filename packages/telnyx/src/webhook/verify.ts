import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** DER prefix that turns a raw 32-byte Ed25519 key into an SPKI structure Node can import. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Headers as Node (`IncomingHttpHeaders`), fetch (`Headers`) or a plain record give them. */
export type HeadersLike =
  | { readonly [name: string]: string | readonly string[] | undefined }
  | {
      /** Looks a header up by name, case-insensitively (a fetch `Headers`). */
      get(name: string): string | null;
    };

/** Why a webhook failed verification (each maps onto one error code). */
export type VerifyFailure =
  | { readonly kind: 'missing-header'; readonly header: string }
  | { readonly kind: 'stale'; readonly skewSeconds: number }
  | { readonly kind: 'bad-signature'; readonly reason: string };

/** Strict, padded base64 to bytes, or undefined when it is not. */
export function decodeBase64(text: string): Buffer | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

/**
 * Imports the account's webhook public key: base64 of the raw 32-byte Ed25519 key (Mission
 * Control → Keys & Credentials). Throws a plain `Error` naming what is wrong (never the key).
 */
export function importPublicKey(base64Key: string): KeyObject {
  const raw = decodeBase64(base64Key.trim());
  if (raw === undefined) throw new Error('publicKey must be base64 of the raw 32-byte Ed25519 key');
  if (raw.length !== 32) {
    throw new Error(`publicKey must decode to 32 bytes (it decodes to ${raw.length})`);
  }
  return createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, raw]),
    format: 'der',
    type: 'spki',
  });
}

/** One header, looked up case-insensitively; the first value of a repeated header. */
export function headerValue(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

/**
 * Verifies a Telnyx webhook: Ed25519 over the UTF-8 bytes of `timestamp|raw body`, with the
 * timestamp at most `toleranceSec` away from `nowMs`. Returns undefined when it verifies.
 */
export function verifyWebhook(
  key: KeyObject,
  body: Uint8Array,
  headers: HeadersLike,
  toleranceSec: number,
  nowMs: number,
): VerifyFailure | undefined {
  const signature = headerValue(headers, 'telnyx-signature-ed25519')?.trim();
  const timestamp = headerValue(headers, 'telnyx-timestamp')?.trim();
  if (!signature) return { kind: 'missing-header', header: 'telnyx-signature-ed25519' };
  if (!timestamp) return { kind: 'missing-header', header: 'telnyx-timestamp' };
  if (!/^\d{1,15}$/.test(timestamp)) {
    return { kind: 'bad-signature', reason: 'telnyx-timestamp is not a number of seconds' };
  }
  const skewSeconds = Math.abs(Math.floor(nowMs / 1000) - Number(timestamp));
  if (skewSeconds > toleranceSec) return { kind: 'stale', skewSeconds };
  const bytes = decodeBase64(signature);
  if (bytes === undefined || bytes.length !== 64) {
    return { kind: 'bad-signature', reason: 'the signature is not base64 of 64 bytes' };
  }
  const signed = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), body]);
  let valid = false;
  try {
    valid = verify(null, signed, key, bytes);
  } catch {
    valid = false;
  }
  return valid
    ? undefined
    : { kind: 'bad-signature', reason: 'the signature does not match the body' };
}
