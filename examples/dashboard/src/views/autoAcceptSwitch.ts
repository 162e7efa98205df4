import { h } from './dom';

/** The "Auto-accept offers" checkbox; `onChange` gets the new value. */
export function autoAcceptSwitch(initial: boolean, onChange: (on: boolean) => void): HTMLElement {
  const box = h('input', { type: 'checkbox', name: 'autoaccept', checked: initial });
  box.addEventListener('change', () => onChange(box.checked));
  return h('label', { class: 'switch' }, box, h('span', {}, 'Auto-accept offers'));
}
