import type { Call } from '@callstream/core';
import { type CallActions, CallRow } from './callRow';
import { h, setText } from './dom';

const HEADINGS = [
  'Call',
  'Dir',
  'From',
  'To',
  'State',
  'Time',
  'Channel · uid',
  'DTMF in',
  'Actions',
];

/**
 * The live table of calls. It reconciles each `calls$` table with its rows by call id: new calls
 * get a row (newest on top), changed snapshots update their own row in place, calls that left
 * lose their row. Unchanged snapshots are the same objects, so they cost one comparison.
 */
export class CallsTable {
  /** The root element to mount. */
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly empty: HTMLTableRowElement;
  private readonly count: HTMLElement;
  private readonly rows = new Map<string, CallRow>();

  /** @param toolbar extra controls shown in the panel's title bar */
  constructor(
    private readonly actions: CallActions,
    toolbar?: HTMLElement,
  ) {
    this.empty = h(
      'tr',
      { class: 'empty' },
      h('td', { colspan: HEADINGS.length }, 'No calls yet. Dial one, or wait for an offer.'),
    );
    this.body = h('tbody', {}, this.empty);
    this.count = h('span', { class: 'count' }, '0');
    this.element = h(
      'section',
      { class: 'panel calls', 'aria-labelledby': 'calls-title' },
      h('h2', { id: 'calls-title' }, 'Calls ', this.count, toolbar),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h('tr', {}, ...HEADINGS.map((heading) => h('th', { scope: 'col' }, heading))),
          ),
          this.body,
        ),
      ),
    );
  }

  /** Number of rows shown. */
  get size(): number {
    return this.rows.size;
  }

  /** Brings the rows in line with a `calls$` table. */
  update(calls: ReadonlyMap<string, Call>): void {
    for (const [callId, call] of calls) {
      const row = this.rows.get(callId);
      if (row) {
        row.update(call);
        continue;
      }
      const created = new CallRow(call, this.actions);
      this.rows.set(callId, created);
      this.body.prepend(created.element);
    }
    if (this.rows.size > calls.size) {
      for (const [callId, row] of this.rows) {
        if (calls.has(callId)) continue;
        row.element.remove();
        this.rows.delete(callId);
      }
    }
    this.empty.hidden = this.rows.size > 0;
    setText(this.count, String(this.rows.size));
  }

  /** Shows digits the far end pressed on a call (ignored once the row is gone). */
  addDigits(callId: string, digits: string): void {
    this.rows.get(callId)?.addDigits(digits);
  }

  /** Advances every row's clock. */
  tick(now: number): void {
    for (const row of this.rows.values()) row.tick(now);
  }
}
