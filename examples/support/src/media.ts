import type { AcceptParams, BridgeParams, DialParams } from '@callstream/core';
import type { ExampleConfig } from './config';

/**
 * Ring timeout, in seconds, every example dials with (`timeoutSec`): how long the gateway lets
 * the callee's phone ring before it gives up with `NO_ANSWER`. The wait for the answer is
 * bounded by it (see `awaitMedia`), not by the shorter step timeout.
 */
export const RING_TIMEOUT_SEC = 60;

/** The `token` field for a command: the configured RTC token, or nothing (core sends the app id). */
export function tokenParam(config: Pick<ExampleConfig, 'rtcToken'>): { token?: string } {
  return config.rtcToken === undefined ? {} : { token: config.rtcToken };
}

/**
 * Dial parameters completed from the configuration: the RTC token, the region (when set) and
 * the ring timeout {@link RING_TIMEOUT_SEC}. Fields given in `params` win.
 */
export function dialParams(
  config: Pick<ExampleConfig, 'rtcToken' | 'region'>,
  params: DialParams,
): DialParams {
  return {
    timeoutSec: RING_TIMEOUT_SEC,
    ...(config.region === undefined ? {} : { region: config.region }),
    ...tokenParam(config),
    ...params,
  };
}

/** Accept or bridge parameters with the configured RTC token. Fields given in `params` win. */
export function mediaParams<T extends AcceptParams | BridgeParams>(
  config: Pick<ExampleConfig, 'rtcToken'>,
  params: T,
): T {
  return { ...tokenParam(config), ...params };
}
