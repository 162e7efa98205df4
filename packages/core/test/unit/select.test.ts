import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { select } from '../../src/engine/select';

describe('select (filter and map in one step)', () => {
  it('emits what pick returns, skips undefined, and passes completion through', () => {
    const source = new Subject<number>();
    const seen: string[] = [];
    let completed = false;
    select(source, (n) => (n % 2 === 0 ? `even ${n}` : undefined)).subscribe({
      next: (value) => seen.push(value),
      complete: () => {
        completed = true;
      },
    });
    for (const n of [1, 2, 3, 4]) source.next(n);
    source.complete();
    expect(seen).toEqual(['even 2', 'even 4']);
    expect(completed).toBe(true);
  });

  it('passes errors through and unsubscribes from the source when unsubscribed', () => {
    const source = new Subject<number>();
    const failure = new Error('boom');
    const errors: unknown[] = [];
    select(source, (n) => n).subscribe({ error: (error) => errors.push(error) });
    source.error(failure);
    expect(errors).toEqual([failure]);

    const live = new Subject<number>();
    const subscription = select(live, (n) => n).subscribe();
    expect(live.observed).toBe(true);
    subscription.unsubscribe();
    expect(live.observed).toBe(false);
  });
});
