import { TransportError, type TransportErrorCode } from '@callstream/transport';
import type { ErrorCode } from '../codes';
import { CallstreamError, createError } from '../errors';

/** The core code each transport code surfaces as (docs/errors.md prints this table). */
export const transportToCore: Readonly<Record<TransportErrorCode, ErrorCode>> = {
  'invalid-options': 'invalid-options',
  'connect-failed': 'unreachable',
  'connect-timeout': 'connect-timeout',
  closed: 'connection-lost',
  'liveness-timeout': 'liveness-timeout',
  'malformed-frame': 'malformed-frame',
  'not-open': 'not-connected',
  backpressure: 'backpressure',
  unauthorized: 'unauthorized',
  protocol: 'registration-failed',
};

/** Translates a transport failure into the core's error vocabulary, keeping it as `cause`. */
export function fromTransportError(error: unknown): CallstreamError {
  if (error instanceof CallstreamError) return error;
  if (error instanceof TransportError) {
    return createError(transportToCore[error.code] ?? 'connection-lost', error.message, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return createError('connection-lost', message, { cause: error });
}
