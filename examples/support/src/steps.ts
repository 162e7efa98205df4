import type {
  Call,
  CallControl,
  CallSnapshot,
  CommandResult,
  DtmfReceived,
} from '@callstream/core';
import { last, type Observable, scan } from 'rxjs';
import { ExampleError } from './errors';
import { RING_TIMEOUT_SEC } from './media';

/** What the call steps need from the running program (an {@link ExampleContext} is one). */
export interface StepHost<C extends CallSnapshot = Call> {
  /** The client: any backend's (the steps use only the neutral contract). */
  readonly client: CallControl<C>;
  /** Default limit of every wait, in ms (the step timeout). */
  readonly timeoutMs: number;
  /** Waits for the first matching item, bounded by the step timeout (or `timeoutMs`). */
  waitFor<T>(
    source: Observable<T>,
    predicate: (item: T) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<T>;
  /** Runs a command and prints its result (or failure) as a `command` record. */
  command<T extends CommandResult | { callId: string }>(
    name: string,
    fields: Record<string, unknown>,
    run: () => Promise<T>,
  ): Promise<T>;
}

/**
 * How long to wait for `agora_bridge_start` after `call_answered` before going on without it:
 * the real CM often sends no bridge event for outbound legs (quirk mode, PROTOCOL §7.4).
 */
export const BRIDGE_GRACE_MS = 1000;
/**
 * How long a hung-up call may take to leave `calls$`: the client drops it at the latest 10 s
 * after the hangup reply when its `call_hangup` never matches (a quirk of the real CM).
 */
export const HANGUP_SETTLE_MS = 12_000;
/**
 * How much longer than the ring timeout to wait for an answer: the call is set up before it
 * rings, and the gateway's `call_hangup` after the ring timeout takes a moment to arrive.
 */
export const ANSWER_MARGIN_MS = 10_000;

/** Options of {@link awaitMedia}. */
export interface AwaitMediaOptions {
  /**
   * Ring timeout the call was dialled with (`timeoutSec`), in seconds. The answer is awaited
   * for this plus `answerMarginMs`, or for the step timeout when that is longer.
   * @default RING_TIMEOUT_SEC (60)
   */
  ringTimeoutSec?: number;
  /** Added to the ring timeout. @default ANSWER_MARGIN_MS (10000) */
  answerMarginMs?: number;
  /** How long to wait for the bridge after the answer. @default BRIDGE_GRACE_MS (1000) */
  bridgeGraceMs?: number;
}

/** True once a snapshot says the call is over. */
export function hasEnded(call: CallSnapshot): boolean {
  return call.state === 'hangup' || call.endReason !== undefined;
}

function tracked<C extends CallSnapshot>(client: CallControl<C>, callId: string, step: string): C {
  const call = client.getCall(callId);
  if (!call) throw new ExampleError('step-failed', `${step}: call ${callId} is no longer tracked`);
  return call;
}

function endedError(call: CallSnapshot, step: string): ExampleError {
  const cause = call.hangupCause ?? call.endReason ?? 'hangup';
  return new ExampleError('step-failed', `${step}: call ${call.callId} ended (${cause})`);
}

/** How long {@link awaitMedia} waits for the answer, in ms. */
export function answerWaitMs(stepTimeoutMs: number, options: AwaitMediaOptions = {}): number {
  const ringMs = (options.ringTimeoutSec ?? RING_TIMEOUT_SEC) * 1000;
  return Math.max(stepTimeoutMs, ringMs + (options.answerMarginMs ?? ANSWER_MARGIN_MS));
}

/**
 * Waits until the call is answered, then gives it {@link BRIDGE_GRACE_MS} to be bridged.
 * A phone may ring for the whole ring timeout, so the answer is awaited for that long (plus a
 * margin), not just for the step timeout. Resolves with the state it is in (`bridged`, or
 * `answered` when no bridge event came); fails with `step-failed` if the call ends first (busy,
 * rejected, no answer…).
 */
export async function awaitMedia<C extends CallSnapshot>(
  host: StepHost<C>,
  callId: string,
  options: AwaitMediaOptions = {},
): Promise<'bridged' | 'answered'> {
  const { client } = host;
  const bridgeGraceMs = options.bridgeGraceMs ?? BRIDGE_GRACE_MS;
  tracked(client, callId, 'waiting for answer');
  // call$ starts with the current snapshot, so a state reached before this line is not missed.
  const answered = await host.waitFor(
    client.call$(callId),
    (call) => call.state === 'answered' || call.state === 'bridged' || hasEnded(call),
    `call ${callId} to be answered`,
    answerWaitMs(host.timeoutMs, options),
  );
  if (hasEnded(answered)) throw endedError(answered, 'waiting for answer');
  if (answered.state === 'bridged') return 'bridged';
  try {
    const next = await host.waitFor(
      client.call$(callId),
      (call) => call.state === 'bridged' || hasEnded(call),
      `call ${callId} to be bridged`,
      bridgeGraceMs,
    );
    if (hasEnded(next)) throw endedError(next, 'waiting for the bridge');
    return 'bridged';
  } catch (error) {
    if (error instanceof ExampleError && error.code === 'step-timeout') return 'answered';
    throw error;
  }
}

/**
 * Sends DTMF and waits for its echo (`dtmf_received` with the same digits on the same call).
 * Digits are accumulated, so an echo split into one event per digit counts too.
 */
export async function dtmfRoundTrip<C extends CallSnapshot>(
  host: StepHost<C>,
  callId: string,
  digits: string,
): Promise<DtmfReceived<C>> {
  const { client } = host;
  tracked(client, callId, 'sending DTMF');
  const echo = host.waitFor(
    client.dtmf$.pipe(
      scan<DtmfReceived<C>, DtmfReceived<C> | undefined>(
        (heard, item) =>
          item.callId !== callId ? heard : { ...item, digits: (heard?.digits ?? '') + item.digits },
        undefined,
      ),
    ),
    (heard) => heard?.digits.includes(digits) === true,
    `the echo of DTMF ${digits} on call ${callId}`,
  ) as Promise<DtmfReceived<C>>;
  await host.command('sendDtmf', { callId, digits }, () => client.sendDtmf(callId, digits));
  return echo;
}

/** Hangs the call up and waits until it has left `calls$`; resolves with its final snapshot. */
export async function hangUpAndWait<C extends CallSnapshot>(
  host: StepHost<C>,
  callId: string,
): Promise<C> {
  const { client } = host;
  tracked(client, callId, 'hanging up');
  const final = host.waitFor(
    client.call$(callId).pipe(last()),
    () => true,
    `call ${callId} to end`,
    HANGUP_SETTLE_MS,
  );
  await host.command('hangup', { callId }, () => client.hangup(callId));
  return final;
}

/** Waits until a call has left `calls$` (whoever ended it); resolves with its final snapshot. */
export function awaitEnd<C extends CallSnapshot>(
  host: StepHost<C>,
  callId: string,
  timeoutMs?: number,
): Promise<C> {
  tracked(host.client, callId, 'waiting for the end of the call');
  return host.waitFor(
    host.client.call$(callId).pipe(last()),
    () => true,
    `call ${callId} to end`,
    timeoutMs,
  );
}
