import { ValidationError } from '@callstream/core';
import { isPlainObject, requireTimeout } from '@callstream/core/engine';
import { telnyxError } from './codes';
import { integer } from './params/checks';

/** A command's validated options. */
export interface CheckedOptions {
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly commandId: string | undefined;
  readonly durationMillis: number | undefined;
}

const COMMAND_ID = /^[\x21-\x7e]{1,128}$/;

function invalid(message: string): ValidationError {
  return new ValidationError('invalid-argument', message);
}

/**
 * Validates a command's options object (before anything is sent): `signal` must be an
 * `AbortSignal`, `timeoutMs` a usable timeout, `commandId` 1–128 printable characters, and no
 * unknown key. `durationMillis` only where `allowDuration` (sendDtmf).
 */
export function checkOptions(
  options: unknown,
  command: string,
  defaultTimeoutMs: number,
  allowDuration = false,
): CheckedOptions {
  if (options === undefined) {
    return {
      timeoutMs: defaultTimeoutMs,
      signal: undefined,
      commandId: undefined,
      durationMillis: undefined,
    };
  }
  if (!isPlainObject(options)) {
    throw invalid(`${command}: options must be an object`);
  }
  const allowed = [
    'signal',
    'timeoutMs',
    'commandId',
    ...(allowDuration ? ['durationMillis'] : []),
  ];
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw invalid(`${command}: unknown option ${JSON.stringify(key)}`);
  }
  const { signal, timeoutMs, commandId, durationMillis } = options as Record<string, unknown>;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw invalid(`${command}: options.signal must be an AbortSignal`);
  }
  if ((signal as AbortSignal | undefined)?.aborted) {
    throw telnyxError('aborted', `${command} aborted before it was sent`, {
      action: command,
      cause: (signal as AbortSignal).reason,
    });
  }
  if (commandId !== undefined && (typeof commandId !== 'string' || !COMMAND_ID.test(commandId))) {
    throw invalid(
      `${command}: options.commandId must be 1 to 128 printable characters without spaces`,
    );
  }
  return {
    timeoutMs:
      timeoutMs === undefined
        ? defaultTimeoutMs
        : requireTimeout(timeoutMs, `${command}: options.timeoutMs`, true),
    signal: signal as AbortSignal | undefined,
    commandId: commandId as string | undefined,
    durationMillis:
      durationMillis === undefined
        ? undefined
        : (integer(100, 500)(durationMillis, `${command}: options.durationMillis`) as number),
  };
}
