/** Browser entry: settings from the URL (or build-time defaults), then the dashboard. */
import './style.css';
import { type ConfigDefaults, readConfig, withoutToken } from './config';
import { startDashboard } from './dashboard';
import { setupHelp } from './views/header';

/** Defaults baked in by Vite from `VITE_*` variables (`scripts/serve.ts` sets them). */
const defaults: ConfigDefaults = {
  url: import.meta.env.VITE_CM_URL,
  authToken: import.meta.env.VITE_AUTH_TOKEN,
  appId: import.meta.env.VITE_APPID,
  dids: import.meta.env.VITE_DIDS,
  dialTo: import.meta.env.VITE_DIAL_TO,
  dialFrom: import.meta.env.VITE_DIAL_FROM,
};

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');

const result = readConfig(window.location.search, defaults);
// The token was read; keep it out of the address bar.
window.history.replaceState(window.history.state, '', withoutToken(window.location.href));

if (result.ok) {
  const dashboard = startDashboard(root, result.config);
  window.addEventListener('pagehide', () => void dashboard.dispose());
} else {
  root.replaceChildren(setupHelp(result.missing));
}
