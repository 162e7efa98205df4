import type { ClientState } from '@callstream/core';
import { describeState, type ErrorText } from '../format';
import { h, setText, showError } from './dom';

/** What the connect/disconnect button asks for. */
export interface ConnectionActions {
  connect(): void;
  disconnect(): void;
}

/**
 * The connection state badge (`data-status` = the client's `state$` status), its detail, a
 * connect/disconnect button and the last connection error.
 */
export class ConnectionBar {
  /** The root element to mount. */
  readonly element: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly error: HTMLElement;
  private status: ClientState['status'] = 'idle';

  constructor(actions: ConnectionActions) {
    this.badge = h('span', { class: 'badge', 'data-status': 'idle', role: 'status' }, 'idle');
    this.detail = h('span', { class: 'badge-detail' });
    this.button = h('button', { type: 'button', class: 'secondary' }, 'Connect');
    this.error = h('p', { class: 'error', role: 'alert', hidden: true });
    this.button.addEventListener('click', () => {
      if (this.status === 'idle' || this.status === 'closed') actions.connect();
      else actions.disconnect();
    });
    this.element = h(
      'div',
      { class: 'connection' },
      h('div', { class: 'connection-line' }, this.badge, this.detail, this.button),
      this.error,
    );
  }

  /** Shows a new state; a successful connection clears the previous error. */
  update(state: ClientState): void {
    this.status = state.status;
    this.badge.dataset.status = state.status;
    setText(this.badge, state.status);
    setText(this.detail, describeState(state));
    const down = state.status === 'idle' || state.status === 'closed';
    setText(this.button, down ? 'Connect' : 'Disconnect');
    if (state.status === 'connected') this.showError(undefined);
  }

  /** Shows why connecting failed (or hides the line). */
  showError(error: ErrorText | undefined): void {
    showError(this.error, error);
  }
}
