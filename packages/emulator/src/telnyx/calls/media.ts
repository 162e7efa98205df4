import type { TelnyxContext } from '../context';
import { emitEvent, onLegClock } from './events';
import type { AudioItem, Leg } from './leg';

/** Most speak/playback items a leg queues; more are refused by the API. */
export const MAX_AUDIO_QUEUE = 32;

function eventName(item: AudioItem, phase: 'started' | 'ended'): string {
  return `call.${item.kind}.${phase}`;
}

const itemTimers = new WeakMap<AudioItem, () => void>();

/** Ends one item: its `call.*.ended` (if it started), then the next item starts. */
function finish(ctx: TelnyxContext, leg: Leg, item: AudioItem, status: string): void {
  if (item.ended) return;
  item.ended = true;
  itemTimers.get(item)?.();
  const index = leg.audio.indexOf(item);
  if (index >= 0) leg.audio.splice(index, 1);
  if (item.started) emitEvent(ctx, leg, eventName(item, 'ended'), { ...item.fields, status });
  if (index === 0 && leg.state !== 'ended') startHead(ctx, leg);
}

/** Plays the head of the queue: `call.*.started` after the platform delay, `ended` after it. */
function startHead(ctx: TelnyxContext, leg: Leg): void {
  const head = leg.audio[0];
  if (head === undefined || head.started) return;
  onLegClock(ctx, leg, ctx.options.timing.gatewayMs, () => {
    if (head.ended || head.started) return;
    head.started = true;
    emitEvent(ctx, leg, eventName(head, 'started'), head.fields);
    if (leg.state === 'ended' || !Number.isFinite(head.durationMs)) return;
    const cancel = ctx.timers.set(
      head.durationMs,
      () => onLegClock(ctx, leg, 0, () => finish(ctx, leg, head, 'completed')),
      leg.callLegId,
    );
    itemTimers.set(head, cancel);
  });
}

/**
 * The `status` of an item stopped early. The spec's `call.speak.ended` statuses have no
 * "cancelled" (only `completed`, `call_hangup`, `cancelled_amd`), so a stopped speak reports
 * `completed`; a stopped playback reports `cancelled`.
 */
function stoppedStatus(item: AudioItem): string {
  return item.kind === 'speak' ? 'completed' : 'cancelled';
}

/**
 * Queues a speak or playback item. `stop` (`current` | `all`) first stops what is playing (and,
 * for `all`, clears the queue), as the command's `stop` field asks.
 */
export function queueAudio(
  ctx: TelnyxContext,
  leg: Leg,
  item: AudioItem,
  stop: 'current' | 'all' | undefined,
): void {
  if (stop !== undefined) stopAudio(ctx, leg, stop, undefined);
  leg.audio.push(item);
  if (leg.audio.length === 1) startHead(ctx, leg);
}

/**
 * Stops the current item (`current`) or every item (`all`) of `kind` (any kind when undefined);
 * the playing one ends with {@link stoppedStatus}.
 * Runs on the leg's clock, so an item whose `started` is still pending reports `started` first.
 * Queued items that never started end silently.
 */
export function stopAudio(
  ctx: TelnyxContext,
  leg: Leg,
  which: 'current' | 'all',
  kind: AudioItem['kind'] | undefined,
): void {
  const matches = (item: AudioItem | undefined): item is AudioItem =>
    item !== undefined && !item.ended && (kind === undefined || item.kind === kind);
  // `current` is the playing item only; `all` is every matching item, playing or queued.
  const targets = which === 'all' ? leg.audio.filter(matches) : [leg.audio[0]].filter(matches);
  if (targets.length === 0) return;
  // Taken off the queue now, so a new item queued right after plays after them.
  for (const item of targets) {
    if (item !== leg.audio[0]) {
      item.ended = true;
      leg.audio.splice(leg.audio.indexOf(item), 1);
    }
  }
  const head = targets.find((item) => !item.ended);
  if (head !== undefined)
    onLegClock(ctx, leg, 0, () => finish(ctx, leg, head, stoppedStatus(head)));
}

/** On hangup: the playing item ends `call_hangup`, the rest of the queue is dropped. */
export function hangupAudio(ctx: TelnyxContext, leg: Leg): void {
  const head = leg.audio[0];
  for (const item of leg.audio) {
    itemTimers.get(item)?.();
    if (item !== head) item.ended = true;
  }
  leg.audio = head === undefined ? [] : [head];
  if (head !== undefined) finish(ctx, leg, head, 'call_hangup');
}
