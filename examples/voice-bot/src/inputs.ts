import type { ActiveCallSession } from '@callstream/active-call';
import { filter, map, merge, type Subscription } from 'rxjs';

/** One thing the caller did: said something (a final transcript) or pressed a key. */
export type CallerInput =
  | { readonly kind: 'speech'; readonly text: string }
  | { readonly kind: 'digit'; readonly digit: string };

/** What waiting for the caller gave: an input, nothing in time, or the call is gone. */
export type NextInput = CallerInput | { readonly kind: 'silence' } | { readonly kind: 'gone' };

/** Inputs kept while the bot is busy talking; a caller pressing keys faster is cut off. */
const MAX_QUEUED = 32;

/**
 * The caller's inputs of one session, in order, queued while the bot talks (input during a
 * prompt is barge-in: it is answered once the prompt stopped).
 */
export class CallerInputs {
  private readonly queue: CallerInput[] = [];
  private waiter: ((input: NextInput) => void) | undefined;
  private gone = false;
  private readonly subscription: Subscription;

  constructor(session: ActiveCallSession) {
    this.subscription = merge(
      session.transcript$.pipe(
        filter((update) => update.final && update.text.trim() !== ''),
        map((update): CallerInput => ({ kind: 'speech', text: update.text })),
      ),
      session.on('dtmf').pipe(map((event): CallerInput => ({ kind: 'digit', digit: event.digit }))),
    ).subscribe({
      next: (input) => this.push(input),
      complete: () => this.end(),
    });
    void session.closed.then(() => this.end());
  }

  /** The next input, `silence` after `timeoutMs` without one, or `gone` once the call ended. */
  next(timeoutMs: number): Promise<NextInput> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.gone) return Promise.resolve({ kind: 'gone' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle({ kind: 'silence' }), timeoutMs);
      const settle = (input: NextInput) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(input);
      };
      this.waiter = settle;
    });
  }

  /** Stops listening (the call is over); a pending `next` resolves `gone`. */
  end(): void {
    if (this.gone) return;
    this.gone = true;
    this.subscription?.unsubscribe();
    this.queue.length = 0;
    this.waiter?.({ kind: 'gone' });
  }

  private push(input: CallerInput): void {
    if (this.waiter) {
      this.waiter(input);
      return;
    }
    if (this.queue.length < MAX_QUEUED) this.queue.push(input);
  }
}
