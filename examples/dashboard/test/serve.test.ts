import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const serveScript = fileURLToPath(new URL('../scripts/serve.ts', import.meta.url));

/** A port that was free a moment ago (Vite moves to the next one if it is taken meanwhile). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves with the first stdout line matching `pattern`, rejects if the process exits first. */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const match = line.match(pattern);
      if (match) resolve(match);
    });
    child.once('exit', (code) =>
      reject(new Error(`serve exited with ${code} before printing ${pattern}`)),
    );
  });
}

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
});

it('dev server: serves the app with the local emulator injected, stops cleanly on SIGTERM', async () => {
  const port = await freePort();
  // cwd = repository root, where `tsx` is installed; one process, so signals reach it directly.
  child = spawn(
    process.execPath,
    ['--import', 'tsx', serveScript, '--port', String(port), '--traffic-interval', '60000'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const emulatorLine = waitForLine(child, /emulator: (ws:\S+) \((http:\S+)\)/);
  const [, url] = await waitForLine(child, /callstream dashboard: (http:\S+)/);
  const [, wsUrl, httpUrl] = await emulatorLine;

  const page = await fetch(url as string);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="app"></div>');
  // The module that reads import.meta.env gets the emulator's URL as its default.
  const main = await (await fetch(new URL('src/main.ts', url))).text();
  expect(main).toContain(wsUrl);
  const status = await fetch(`${httpUrl}/v1/api/websocket-status`);
  expect(await status.json()).toMatchObject({ client_count: 0 });

  const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(stderr).toContain('SIGTERM: stopping');
  await expect(fetch(`${httpUrl}/v1/api/websocket-status`)).rejects.toThrow();
});
