import type { DashboardConfig } from '../config';
import { h } from './dom';

/** The page header: title, the connection bar and who this client is (never the token). */
export function header(config: DashboardConfig, connection: HTMLElement): HTMLElement {
  const dids =
    config.subscribeNumbers.length > 0 ? config.subscribeNumbers.join(', ') : 'every DID';
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
