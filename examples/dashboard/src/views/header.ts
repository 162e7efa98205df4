import type { DashboardConfig } from '../config';
import { h } from './dom';

/**
 * The page header: title, the connection bar, who this client is (never the token) and the
 * auto-accept switch.
 */
export function header(
  config: DashboardConfig,
  connection: HTMLElement,
  onAutoAccept: (on: boolean) => void,
): HTMLElement {
  const autoAccept = h('input', { type: 'checkbox', name: 'autoaccept', checked: config.autoAccept });
  autoAccept.addEventListener('change', () => onAutoAccept(autoAccept.checked));
  const dids = config.subscribeNumbers.length > 0 ? config.subscribeNumbers.join(', ') : 'every DID';
  return h(
    'header',
    { class: 'top' },
    h('h1', {}, 'callstream ', h('span', { class: 'muted' }, 'dashboard')),
    connection,
    h(
      'dl',
      { class: 'identity' },
      h('dt', {}, 'app'),
      h('dd', { title: config.appId }, h('code', {}, config.appId)),
      h('dt', {}, 'client'),
      h('dd', {}, h('code', {}, config.clientId)),
      h('dt', {}, 'offers for'),
      h('dd', {}, dids),
    ),
    h('label', { class: 'switch' }, autoAccept, h('span', {}, 'Auto-accept offers')),
  );
}

/** Shown instead of the dashboard when the page was opened without the settings it needs. */
export function setupHelp(missing: readonly string[]): HTMLElement {
  return h(
    'section',
    { class: 'panel setup', role: 'alert' },
    h('h2', {}, 'Connection settings missing'),
    h('p', {}, `This page needs: ${missing.map((name) => `?${name}=`).join(', ')}.`),
    h(
      'p',
      {},
      'Open it as ',
      h('code', {}, '/?ws=ws://HOST/v1/ws/events&token=Basic%20…&appid=APPID[&did=+1…]'),
      ', or build/serve it with VITE_CM_URL, VITE_AUTH_TOKEN and VITE_APPID set. ',
      h('code', {}, 'pnpm --filter @callstream/example-dashboard dev'),
      ' does all of this against a local emulator.',
    ),
  );
}
