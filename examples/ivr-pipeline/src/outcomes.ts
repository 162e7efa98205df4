import type { CallEndReason, CallOutcome } from '@callstream/core';
import type { IvrRoute } from './options';

/**
 * What {@link ivr} reports, per call, in order: `answered`, then `menu`/`retry` rounds, then
 * `routed` or `gave-up` (or `failed`), and always `ended` last, once the call left the client.
 */
export type IvrOutcome =
  /** The call was accepted. */
  | {
      readonly kind: 'answered';
      readonly callId: string;
      readonly from: string;
      readonly to: string;
    }
  /** The menu (re)starts: this is where a prompt plays. `attempt` counts from 1. */
  | { readonly kind: 'menu'; readonly callId: string; readonly attempt: number }
  /** An entry led nowhere: nothing pressed in time, or a choice the menu does not have. */
  | {
      readonly kind: 'retry';
      readonly callId: string;
      readonly attempt: number;
      readonly reason: 'no-input' | 'invalid-choice';
      readonly digits: string;
    }
  /** The caller chose `choice`, and its route was carried out. */
  | {
      readonly kind: 'routed';
      readonly callId: string;
      readonly choice: string;
      readonly route: IvrRoute;
    }
  /** Every try failed; the IVR hung up. */
  | { readonly kind: 'gave-up'; readonly callId: string; readonly attempts: number }
  /** A command failed; the IVR stops handling the call (it still reports `ended`). */
  | {
      readonly kind: 'failed';
      readonly callId: string;
      readonly stage: 'accept' | 'route' | 'give-up';
      readonly code: string;
      readonly message: string;
    }
  /** The call left the client (caller hung up, transfer done, our hangup…); nothing follows. */
  | {
      readonly kind: 'ended';
      readonly callId: string;
      readonly reason: CallEndReason | undefined;
      readonly outcome: CallOutcome | undefined;
      readonly hangupCause: string | undefined;
    };
