import type { DialParams } from '@callstream/core';
import { describeError, type ErrorText, shortId } from '../format';
import { h, setText, showError } from './dom';

/** Prefilled values of the form. */
export interface DialDefaults {
  readonly to: string;
  readonly from: string;
  /** @default 'dashboard' */
  readonly channel?: string;
  /** @default 1 */
  readonly uid?: number;
}

/** Places the call; resolves with the new call id. */
export type DialAction = (params: DialParams) => Promise<{ callId: string }>;

const field = (label: string, input: HTMLInputElement) =>
  h('label', {}, h('span', {}, label), input);

/**
 * The dial form: to, from, channel and uid → `client.dial`. After a successful dial the uid
 * goes up by one, because the Call Manager keys live calls by `appid:channel:uid`.
 */
export class DialForm {
  /** The root element to mount. */
  readonly element: HTMLElement;
  private readonly inputs: Record<'to' | 'from' | 'channel' | 'uid', HTMLInputElement>;
  private readonly submit: HTMLButtonElement;
  private readonly error: HTMLElement;
  private readonly result: HTMLElement;

  constructor(
    defaults: DialDefaults,
    private readonly dial: DialAction,
    private readonly failed: (error: ErrorText) => void,
  ) {
    this.inputs = {
      to: h('input', {
        name: 'to',
        required: true,
        placeholder: '+15550100000',
        value: defaults.to,
        autocomplete: 'off',
      }),
      from: h('input', {
        name: 'from',
        required: true,
        placeholder: '+15551230000',
        value: defaults.from,
        autocomplete: 'off',
      }),
      channel: h('input', {
        name: 'channel',
        required: true,
        value: defaults.channel ?? 'dashboard',
        autocomplete: 'off',
      }),
      uid: h('input', {
        name: 'uid',
        required: true,
        inputmode: 'numeric',
        pattern: '[0-9]+',
        value: defaults.uid ?? 1,
      }),
    };
    this.submit = h('button', { type: 'submit', class: 'primary dial-submit' }, 'Dial');
    this.error = h('p', { class: 'error', role: 'alert', hidden: true });
    this.result = h('p', { class: 'muted result' });
    const form = h(
      'form',
      { class: 'dial-form', autocomplete: 'off' },
      field('To', this.inputs.to),
      field('From', this.inputs.from),
      field('Channel', this.inputs.channel),
      field('uid', this.inputs.uid),
      this.submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.element = h(
      'section',
      { class: 'panel dial', 'aria-labelledby': 'dial-title' },
      h('h2', { id: 'dial-title' }, 'Dial'),
      form,
      this.error,
      this.result,
    );
  }

  private async send(): Promise<void> {
    const { to, from, channel, uid } = this.inputs;
    showError(this.error, undefined);
    setText(this.result, '');
    this.submit.disabled = true;
    try {
      const { callId } = await this.dial({
        to: to.value.trim(),
        from: from.value.trim(),
        channel: channel.value.trim(),
        uid: uid.value.trim(),
      });
      setText(this.result, `Dialled: call ${shortId(callId)}`);
      const next = Number.parseInt(uid.value, 10);
      if (Number.isSafeInteger(next)) uid.value = String(next + 1);
    } catch (error) {
      const text = describeError(error);
      showError(this.error, text);
      this.failed(text);
    } finally {
      this.submit.disabled = false;
    }
  }
}
