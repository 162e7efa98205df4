import { formatClock, shortId } from '../format';
import { h, setText } from './dom';

/** One line of the log. */
export interface LogEntry {
  /** Epoch ms. */
  readonly at: number;
  /** Event type (`incoming`, `dtmf`, …), `state` for connection changes, `error` for failures. */
  readonly type: string;
  /** The call it is about, if any. */
  readonly callId?: string | undefined;
  readonly detail: string;
  /** Drawn in red. @default false */
  readonly error?: boolean;
}

/** How many rows the log keeps by default. */
export const DEFAULT_LOG_CAPACITY = 200;

/**
 * The event log, newest first. Adding a row prepends one element and, past the capacity,
 * removes the oldest one: the cost per event does not depend on how long the page has run.
 */
export class EventLog {
  /** The root element to mount. */
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly count: HTMLElement;
  private total = 0;

  /** @param capacity rows kept (@default 200) */
  constructor(private readonly capacity = DEFAULT_LOG_CAPACITY) {
    this.list = h('ol', { class: 'log', reversed: true, 'aria-live': 'polite' });
    this.count = h('span', { class: 'count' }, '0');
    const clear = h('button', { type: 'button', class: 'secondary small' }, 'Clear');
    clear.addEventListener('click', () => this.clear());
    this.element = h(
      'section',
      { class: 'panel events', 'aria-labelledby': 'events-title' },
      h('h2', { id: 'events-title' }, 'Events ', this.count, clear),
      h('div', { class: 'log-scroll' }, this.list),
    );
  }

  /** Rows currently shown. */
  get size(): number {
    return this.list.childElementCount;
  }

  /** Adds a row on top. */
  add(entry: LogEntry): void {
    this.total += 1;
    const row = h(
      'li',
      { 'data-type': entry.type, class: entry.error ? 'error-row' : undefined },
      h('time', {}, formatClock(entry.at)),
      h('span', { class: 'type' }, entry.type),
      h(
        'code',
        { class: 'call', title: entry.callId },
        entry.callId === undefined ? '' : shortId(entry.callId),
      ),
      h('span', { class: 'detail' }, entry.detail),
    );
    this.list.prepend(row);
    while (this.list.childElementCount > this.capacity) this.list.lastElementChild?.remove();
    setText(this.count, String(this.total));
  }

  /** Empties the log. */
  clear(): void {
    this.list.replaceChildren();
    this.total = 0;
    setText(this.count, '0');
  }
}
