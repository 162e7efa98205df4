/**
 * `pnpm --filter @callstream/example-dashboard dev`: a local emulator with a steady flow of
 * inbound calls, and the dashboard's Vite dev server pointed at it. Ctrl-C stops both.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { startLocalEmulator } from './localEmulator';

const USAGE = `Usage: tsx scripts/serve.ts [--port 5173] [--traffic-interval 4000]

Starts the callstream emulator with traffic (an inbound call every few seconds) and serves the
dashboard against it on http://127.0.0.1:PORT (the next free port if PORT is taken).
`;

const appRoot = fileURLToPath(new URL('..', import.meta.url));

function wholeNumber(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    process.stderr.write(
      `serve: ${name} must be a whole number >= ${min} (got ${JSON.stringify(value)})\n${USAGE}`,
    );
    process.exit(2);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'traffic-interval': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = wholeNumber(values.port, '--port', 5173, 1);
  const trafficIntervalMs = wholeNumber(
    values['traffic-interval'],
    '--traffic-interval',
    4000,
    100,
  );

  const emulator = await startLocalEmulator({ trafficIntervalMs });
  // Vite exposes VITE_* variables of its own process to the app as import.meta.env defaults.
  process.env.VITE_CM_URL = emulator.wsUrl;
  process.env.VITE_AUTH_TOKEN = emulator.token;
  process.env.VITE_APPID = emulator.appIds[0] ?? '';
  // Dialling one of the emulator's own DIDs loops back as an offer to this dashboard.
  process.env.VITE_DIAL_TO = emulator.dids[1] ?? emulator.dids[0] ?? '';
  process.env.VITE_DIAL_FROM = '+15551230000';

  const ownSigtermListeners = new Set(process.listeners('SIGTERM'));
  let server: Awaited<ReturnType<typeof createServer>>;
  try {
    server = await createServer({
      configFile: `${appRoot}vite.config.ts`,
      root: appRoot,
      server: { host: '127.0.0.1', port, strictPort: false },
    });
    await server.listen();
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
  process.stdout.write(
    [
      '',
      `  callstream dashboard: ${url}`,
      `  emulator: ${emulator.wsUrl} (${emulator.httpUrl}), an inbound call every ${trafficIntervalMs} ms`,
      `  app id ${emulator.appIds[0] ?? ''}, DIDs ${emulator.dids.join(', ')}`,
      '  Ctrl-C to stop',
      '',
    ].join('\n'),
  );

  // Vite adds a SIGTERM listener that exits (code 143) once its own server is closed, which
  // could cut the emulator's shutdown short: this script owns the process's shutdown.
  for (const listener of process.listeners('SIGTERM')) {
    if (!ownSigtermListeners.has(listener)) process.off('SIGTERM', listener);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`\n${signal}: stopping\n`);
    Promise.allSettled([server.close(), emulator.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`serve: ${message}\n`);
  if (/Cannot find|does not provide an export|ERR_MODULE_NOT_FOUND/.test(message)) {
    process.stderr.write(
      'serve: build the packages first (the `dev` script does): npx -y pnpm@10.34.9 build\n',
    );
  }
  process.exit(1);
});
