import { Observable, type Subscriber } from 'rxjs';

/**
 * A hot stream with one producer, for paths that emit for every frame or event: like an RxJS
 * `Subject` (synchronous delivery to every current subscriber; a late subscriber sees only what
 * comes after, or with `replay` first the current value, like a `BehaviorSubject`), without the
 * closure and iterator a `Subject` allocates on every emission in RxJS 7's CommonJS build.
 *
 * @typeParam T - what it emits
 */
export class Multicast<T> {
  /** Replaced, never mutated, when someone subscribes or leaves: an emission in progress keeps its list. */
  #subscribers: readonly Subscriber<T>[] = [];
  #completed = false;

  /** The stream to hand out. */
  readonly observable: Observable<T>;

  /**
   * @param replay - when given, every new subscriber first gets `replay()` (the current value)
   */
  constructor(replay?: () => T) {
    this.observable = new Observable<T>((subscriber) => {
      if (this.#completed) {
        subscriber.complete();
        return;
      }
      // Registered before the replay, as a BehaviorSubject does: a value emitted from inside
      // the replay's callback (say, a state change it triggers) reaches this subscriber too.
      // One that leaves during its replay is removed when this teardown runs, at once.
      this.#subscribers = [...this.#subscribers, subscriber];
      if (replay) subscriber.next(replay());
      return () => {
        this.#subscribers = this.#subscribers.filter((other) => other !== subscriber);
      };
    });
  }

  /** Whether anyone is subscribed. */
  get observed(): boolean {
    return this.#subscribers.length > 0;
  }

  /** Delivers `value` to every current subscriber, in subscription order. */
  next(value: T): void {
    const subscribers = this.#subscribers;
    for (let index = 0; index < subscribers.length; index += 1) {
      (subscribers[index] as Subscriber<T>).next(value);
    }
  }

  /** Completes every subscriber; later subscribers complete at once. Idempotent. */
  complete(): void {
    if (this.#completed) return;
    this.#completed = true;
    const subscribers = this.#subscribers;
    this.#subscribers = [];
    for (const subscriber of subscribers) subscriber.complete();
  }
}
