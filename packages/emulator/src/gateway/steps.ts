import type { EmulatorContext } from '../context';

/** One step of a simulated sequence: wait `after` ms, then run; returning false stops the rest. */
export interface Step {
  after: number;
  run: () => unknown;
}

/**
 * Runs steps one after another on the timer registry, each timed from the previous one, so the
 * order of events never depends on equal delays. Cancelling `group` (a callid) stops the rest.
 */
export function runSteps(
  ctx: Pick<EmulatorContext, 'timers'>,
  group: string,
  steps: readonly Step[],
): void {
  const next = (index: number): void => {
    const step = steps[index];
    if (!step) return;
    ctx.timers.set(
      step.after,
      () => {
        if (step.run() === false) return;
        next(index + 1);
      },
      group,
    );
  };
  next(0);
}
