import { createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { EmulatorError } from '../../errors';
import type { TelnyxKeyPair } from '../options';

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

function checkKeyPair(pair: TelnyxKeyPair): void {
  const { publicKey, privateKey } = pair;
  if (
    !(publicKey instanceof KeyObject) ||
    !(privateKey instanceof KeyObject) ||
    publicKey.type !== 'public' ||
    privateKey.type !== 'private' ||
    publicKey.asymmetricKeyType !== 'ed25519' ||
    privateKey.asymmetricKeyType !== 'ed25519'
  ) {
    throw new EmulatorError(
      'INVALID_OPTIONS',
      "keyPair must be an Ed25519 { publicKey, privateKey } pair of KeyObjects (generateKeyPairSync('ed25519'))",
    );
  }
  if (rawPublicKey(createPublicKey(privateKey)) !== rawPublicKey(publicKey)) {
    throw new EmulatorError(
      'INVALID_OPTIONS',
      'keyPair.publicKey does not match keyPair.privateKey',
    );
  }
}

/**
 * Signs webhooks the way Telnyx does: Ed25519 over the UTF-8 bytes of
 * `<telnyx-timestamp>|<raw body>`, the signature sent base64-encoded. The private key stays in
 * a private field (never logged, never shown by `util.inspect`).
 */
export class WebhookSigner {
  /** Base64 of the raw 32-byte public key, the form Telnyx publishes. */
  readonly publicKey: string;
  readonly #privateKey: KeyObject;

  constructor(keyPair?: TelnyxKeyPair) {
    const pair = keyPair ?? generateKeyPairSync('ed25519');
    if (keyPair !== undefined) checkKeyPair(keyPair);
    this.#privateKey = pair.privateKey;
    this.publicKey = rawPublicKey(pair.publicKey);
  }

  /** The base64 signature of `timestamp|body`. */
  sign(timestamp: string, body: string): string {
    return sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), this.#privateKey).toString(
      'base64',
    );
  }
}
