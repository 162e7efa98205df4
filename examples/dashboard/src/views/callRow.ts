import type { Call } from '@callstream/core';
import { describeError, type ErrorText, formatDuration, shortId } from '../format';
import { h, setText, showError } from './dom';

/** What the buttons of a row do. Each returns the SDK's promise; a rejection is shown inline. */
export interface CallActions {
  accept(callId: string): Promise<unknown>;
  reject(callId: string): Promise<unknown>;
  hangup(callId: string): Promise<unknown>;
  sendDtmf(callId: string, digit: string): Promise<unknown>;
  /** Told about every failed action as well (the dashboard logs it). */
  failed(callId: string, error: ErrorText): void;
}

/** Keypad layout: two rows of six, in phone order. */
const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
/** Received digits kept per row (the event log has them all). */
const DIGITS_SHOWN = 16;

type Mode = 'offer' | 'live' | 'ended';

const modeOf = (call: Call): Mode =>
  call.state === 'incoming' ? 'offer' : call.state === 'hangup' ? 'ended' : 'live';

/** When the talk time starts: the first of answered/bridged. */
const talkStart = (call: Call): number | undefined =>
  call.timestamps.answered ?? call.timestamps.bridged;

/**
 * One `<tr>` per call, keyed by call id (`data-call-id`). `update()` touches only the cells whose
 * value changed, and the actions cell is rebuilt only when the call moves between offer, live
 * and ended.
 */
export class CallRow {
  /** The table row to mount. */
  readonly element: HTMLTableRowElement;
  private current: Call;
  private mode: Mode | undefined;
  private digits = '';
  private readonly cells: {
    direction: HTMLElement;
    from: HTMLElement;
    to: HTMLElement;
    state: HTMLElement;
    duration: HTMLElement;
    media: HTMLElement;
    digits: HTMLElement;
    actions: HTMLElement;
  };
  private readonly error: HTMLElement;

  constructor(
    call: Call,
    private readonly actions: CallActions,
  ) {
    this.current = call;
    this.error = h('p', { class: 'error row-error', role: 'alert', hidden: true });
    this.cells = {
      direction: h('td', { class: 'direction' }),
      from: h('td', { class: 'number' }),
      to: h('td', { class: 'number' }),
      state: h('span', { class: 'state' }),
      duration: h('td', { class: 'duration' }),
      media: h('td', { class: 'media' }),
      digits: h('td', { class: 'digits' }),
      actions: h('div', { class: 'actions' }),
    };
    this.element = h(
      'tr',
      { 'data-call-id': call.callId },
      h('td', { class: 'call-id', title: call.callId }, h('code', {}, shortId(call.callId))),
      this.cells.direction,
      this.cells.from,
      this.cells.to,
      h('td', {}, this.cells.state),
      this.cells.duration,
      this.cells.media,
      this.cells.digits,
      h('td', {}, this.cells.actions, this.error),
    );
    this.render(call);
  }

  /** The snapshot the row shows. */
  get call(): Call {
    return this.current;
  }

  /** Applies a new snapshot of the same call. */
  update(call: Call): void {
    if (call === this.current) return;
    this.current = call;
    this.render(call);
  }

  /** Appends digits the far end pressed (from `dtmf$`). */
  addDigits(digits: string): void {
    this.digits = (this.digits + digits).slice(-DIGITS_SHOWN);
    setText(this.cells.digits, this.digits);
  }

  /** Refreshes the time column: talk time once answered, time left to claim an offer before. */
  tick(now: number): void {
    const call = this.current;
    const started = talkStart(call);
    let text = '–';
    if (started !== undefined) text = formatDuration(now - started);
    else if (call.state === 'incoming' && call.expiresAt !== undefined) {
      text = `${Math.max(0, Math.ceil((call.expiresAt - now) / 1000))} s left`;
    }
    setText(this.cells.duration, text);
  }

  private render(call: Call): void {
    this.element.dataset.state = call.state;
    this.element.classList.toggle('stale', call.stale === true);
    setText(this.cells.direction, call.direction === 'inbound' ? '↓ in' : '↑ out');
    setText(this.cells.from, call.from || '—');
    setText(this.cells.to, call.to || '—');
    setText(this.cells.state, call.state);
    this.cells.state.dataset.state = call.state;
    setText(this.cells.media, call.channel ? `${call.channel} · ${call.uid || '?'}` : '—');
    this.tick(Date.now());
    const mode = modeOf(call);
    if (mode !== this.mode) {
      this.mode = mode;
      this.cells.actions.replaceChildren(...this.buttonsFor(mode));
    }
  }

  private buttonsFor(mode: Mode): HTMLElement[] {
    const id = this.current.callId;
    if (mode === 'offer') {
      return [
        this.button('Accept', 'accept', 'primary', () => this.actions.accept(id), true),
        this.button('Reject', 'reject', 'danger', () => this.actions.reject(id), true),
      ];
    }
    if (mode === 'ended') return [h('span', { class: 'muted' }, 'ended')];
    const keypad = h(
      'div',
      { class: 'keypad', role: 'group', 'aria-label': 'DTMF keypad' },
      ...KEYPAD.map((digit) =>
        this.button(digit, `dtmf-${digit}`, 'key', () => this.actions.sendDtmf(id, digit), false),
      ),
    );
    return [
      keypad,
      this.button('Hang up', 'hangup', 'danger', () => this.actions.hangup(id), true),
    ];
  }

  /**
   * A button running one action. `exclusive` buttons disable the whole actions cell while their
   * command is in flight (a second accept or hangup would only fail); keypad keys stay usable.
   */
  private button(
    label: string,
    action: string,
    kind: string,
    run: () => Promise<unknown>,
    exclusive: boolean,
  ): HTMLButtonElement {
    const button = h('button', { type: 'button', class: kind, 'data-action': action }, label);
    button.addEventListener('click', () => {
      showError(this.error, undefined);
      if (exclusive) this.setBusy(true);
      run().then(
        () => {
          if (exclusive) this.setBusy(false);
        },
        (error: unknown) => {
          if (exclusive) this.setBusy(false);
          const text = describeError(error);
          showError(this.error, text);
          this.actions.failed(this.current.callId, text);
        },
      );
    });
    return button;
  }

  private setBusy(busy: boolean): void {
    for (const button of this.cells.actions.querySelectorAll('button')) button.disabled = busy;
  }
}
