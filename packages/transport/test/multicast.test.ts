import { take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Multicast } from '../src/index';

describe('Multicast', () => {
  it('delivers to every current subscriber in order; late subscribers see only what follows', () => {
    const stream = new Multicast<number>();
    const seen: string[] = [];
    stream.observable.subscribe((value) => seen.push(`a${value}`));
    stream.next(1);
    stream.observable.subscribe((value) => seen.push(`b${value}`));
    stream.next(2);
    expect(seen).toEqual(['a1', 'a2', 'b2']);
  });

  it('replays the current value to each new subscriber when asked to', () => {
    let current = 'first';
    const stream = new Multicast<string>(() => current);
    const seen: string[] = [];
    stream.observable.subscribe((value) => seen.push(value));
    current = 'second';
    stream.next(current);
    const late: string[] = [];
    stream.observable.subscribe((value) => late.push(value));
    expect(seen).toEqual(['first', 'second']);
    expect(late).toEqual(['second']);
  });

  it('does not keep a subscriber that left during its replay', () => {
    const stream = new Multicast<number>(() => 0);
    const seen: number[] = [];
    stream.observable.pipe(take(1)).subscribe((value) => seen.push(value));
    expect(seen).toEqual([0]);
    expect(stream.observed).toBe(false);
  });

  it('delivers a value emitted from inside a replay to the subscriber being replayed to', () => {
    let current = 'idle';
    const stream = new Multicast<string>(() => current);
    const seen: string[] = [];
    stream.observable.subscribe((value) => {
      seen.push(value);
      if (value === 'idle') {
        current = 'connecting';
        stream.next(current);
      }
    });
    expect(seen).toEqual(['idle', 'connecting']);
  });

  it('stops delivering to a subscriber as soon as it unsubscribes, even mid-emission', () => {
    const stream = new Multicast<number>();
    const seen: string[] = [];
    const second = { unsubscribe: () => {} };
    stream.observable.subscribe((value) => {
      seen.push(`a${value}`);
      second.unsubscribe();
    });
    const subscription = stream.observable.subscribe((value) => seen.push(`b${value}`));
    second.unsubscribe = () => subscription.unsubscribe();
    stream.next(1);
    stream.next(2);
    expect(seen).toEqual(['a1', 'a2']);
    expect(stream.observed).toBe(true);
  });

  it('completes every subscriber, and later ones at once', () => {
    const stream = new Multicast<number>();
    const events: string[] = [];
    stream.observable.subscribe({ complete: () => events.push('early') });
    stream.complete();
    stream.complete();
    stream.next(1);
    stream.observable.subscribe({
      next: () => events.push('value'),
      complete: () => events.push('late'),
    });
    expect(events).toEqual(['early', 'late']);
    expect(stream.observed).toBe(false);
  });
});
