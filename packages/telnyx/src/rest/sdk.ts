import Telnyx from 'telnyx';
import type { SdkRequestOptions } from './runner';

/** A call action and the `telnyx` SDK method that sends it. */
export const ACTION_METHODS = {
  answer: 'answer',
  reject: 'reject',
  hangup: 'hangup',
  transfer: 'transfer',
  bridge: 'bridge',
  send_dtmf: 'sendDtmf',
  speak: 'speak',
  playback_start: 'startPlayback',
  playback_stop: 'stopPlayback',
  gather: 'gather',
  gather_using_speak: 'gatherUsingSpeak',
  gather_stop: 'stopGather',
  record_start: 'startRecording',
  record_stop: 'stopRecording',
  record_pause: 'pauseRecording',
  record_resume: 'resumeRecording',
  client_state_update: 'updateClientState',
} as const;

/** A Telnyx call action (the last path segment of `POST /calls/{id}/actions/…`). */
export type CallAction = keyof typeof ACTION_METHODS;

type Body = Record<string, unknown>;
type Method = (id: string, body: Body, options: SdkRequestOptions) => PromiseLike<unknown>;

/** Builds the SDK instance the client uses when none is injected: its own retries and logs off. */
export function createSdk(apiKey: string, baseURL: string | undefined): Telnyx {
  return new Telnyx({
    apiKey,
    ...(baseURL === undefined ? {} : { baseURL }),
    maxRetries: 0,
    logLevel: 'off',
  });
}

/** The base URL an SDK instance sends to (for the plain-HTTP warning). */
export function sdkBaseUrl(sdk: Telnyx): string | undefined {
  const value = (sdk as { baseURL?: unknown }).baseURL;
  return typeof value === 'string' ? value : undefined;
}

/** The REST calls the client makes, over the official SDK (one attempt each; the runner retries). */
export class TelnyxRest {
  readonly #sdk: Telnyx;

  constructor(sdk: Telnyx) {
    this.#sdk = sdk;
  }

  /** `POST /calls`. */
  dial(body: Body, options: SdkRequestOptions): PromiseLike<unknown> {
    return this.#sdk.calls.dial(body as unknown as Telnyx.CallDialParams, options);
  }

  /** `POST /calls/{id}/actions/{action}` (`PUT` for `client_state_update`). */
  action(
    action: CallAction,
    callId: string,
    body: Body,
    options: SdkRequestOptions,
  ): PromiseLike<unknown> {
    const actions = this.#sdk.calls.actions as unknown as Record<string, Method>;
    const method = actions[ACTION_METHODS[action]];
    if (typeof method !== 'function') {
      return Promise.reject(
        new Error(`the telnyx SDK has no calls.actions.${ACTION_METHODS[action]}`),
      );
    }
    if (action === 'bridge') {
      // The SDK names the other leg `call_control_id_to_bridge_with` and sends it as `call_control_id`.
      const { call_control_id: other, ...rest } = body;
      return method.call(
        actions,
        callId,
        { call_control_id_to_bridge_with: other, ...rest },
        options,
      );
    }
    return method.call(actions, callId, body, options);
  }

  /** `GET /calls/{id}`. */
  status(callId: string, options: SdkRequestOptions): PromiseLike<unknown> {
    return this.#sdk.calls.retrieveStatus(callId, options);
  }

  /** `GET /connections/{id}/active_calls` (first page only). */
  activeCalls(connectionId: string, options: SdkRequestOptions): PromiseLike<unknown> {
    return this.#sdk.connections.listActiveCalls(connectionId, {}, options);
  }
}
