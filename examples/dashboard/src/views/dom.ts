/** A tiny element builder: the dashboard uses no UI framework. */

/** Attributes and properties {@link h} sets; `data-*`, `aria-*` and the rest go through setAttribute. */
export type Attributes = Record<string, string | number | boolean | undefined>;

/** Something {@link h} can append: an element, text, or nothing. */
export type Child = Node | string | null | undefined | false;

/**
 * Creates an element. `class` sets `className`; boolean `true` sets an empty attribute, `false`
 * and `undefined` set nothing.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Sets an element's text only when it changed, so ticking and re-applied snapshots do not touch the DOM. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Shows an error line (`code: message`) in `element`, or hides it for `undefined`. */
export function showError(
  element: HTMLElement,
  error: { code: string; message: string } | undefined,
): void {
  if (error === undefined) {
    element.hidden = true;
    setText(element, '');
    delete element.dataset.code;
    return;
  }
  element.hidden = false;
  element.dataset.code = error.code;
  setText(element, `${error.code}: ${error.message}`);
}
