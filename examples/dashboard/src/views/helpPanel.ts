import { h } from './dom';

/** A short legend of what the page shows and which SDK call each control makes. */
export function helpPanel(): HTMLElement {
  return h(
    'section',
    { class: 'panel help', 'aria-labelledby': 'help-title' },
    h('h2', { id: 'help-title' }, 'How it works'),
    h(
      'ul',
      {},
      h(
        'li',
        {},
        'Offers come from ',
        h('code', {}, 'incoming$'),
        '; Accept bridges the call into channel ',
        h('code', {}, 'in-<call>'),
        ' before the offer expires.',
      ),
      h(
        'li',
        {},
        'Keypad keys call ',
        h('code', {}, 'sendDtmf'),
        '; DTMF in lists the digits received on the call.',
      ),
      h(
        'li',
        {},
        'Rows update in place from ',
        h('code', {}, 'calls$'),
        '; the event log keeps the newest 200 events.',
      ),
      h('li', {}, 'Failed commands show their error code next to the control.'),
    ),
  );
}
