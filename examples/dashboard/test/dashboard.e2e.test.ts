import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DIDS, type Emulator, scenario, startEmulator } from '@callstream/emulator';
import { type Browser, chromium, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BuiltApp, buildApp } from './support/buildApp';
import { chromiumLaunchOptions, chromiumPath, hasChromium } from './support/chromium';
import { type StaticServer, serveStatic } from './support/staticServer';

const screenshotPath = fileURLToPath(
  new URL('../../../docs/images/dashboard.png', import.meta.url),
);
const did = DEFAULT_DIDS[0];
/** How long a UI wait may take before the test fails with the selector it waited for. */
const UI_TIMEOUT_MS = 5_000;

if (!hasChromium) {
  console.log(
    `[example-dashboard] e2e skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

const row = (callId: string) => `tr[data-call-id="${callId}"]`;

function dashboardUrl(base: string, emulator: Emulator): string {
  const query = new URLSearchParams({
    ws: emulator.wsUrl,
    token: emulator.token,
    appid: emulator.appIds[0] ?? '',
    did,
    client: 'e2e-dashboard',
    from: '+15551230000',
  });
  return `${base}/?${query}`;
}

/** Waits until `selector` is in the page (and visible), failing with the selector's name. */
async function waitFor(
  page: Page,
  selector: string,
  state: 'visible' | 'hidden' | 'detached' = 'visible',
) {
  await page.waitForSelector(selector, { state, timeout: UI_TIMEOUT_MS });
}

let app: BuiltApp | undefined;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app?.remove();
});

describe('browser bundle', () => {
  it('has no ws and no Node builtins', () => {
    const built = app as BuiltApp;
    expect(built.code).not.toContain('require("ws")');
    expect(built.code).not.toMatch(/from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
    expect(
      built.moduleIds.filter((id) => /node_modules[\\/](ws|isomorphic-ws)[\\/]/.test(id)),
    ).toEqual([]);
    // The adapter's browser build was picked, never its Node one.
    expect(built.moduleIds.some((id) => /packages[\\/]ws[\\/]dist[\\/]browser\.js$/.test(id))).toBe(
      true,
    );
    expect(built.moduleIds.some((id) => /packages[\\/]ws[\\/]dist[\\/]node\.js$/.test(id))).toBe(
      false,
    );
    console.log(
      `[example-dashboard] bundle: ${(built.bytes / 1024).toFixed(1)} KB min, ${(built.gzipBytes / 1024).toFixed(1)} KB gzip`,
    );
  });
});

describe.skipIf(!hasChromium)('dashboard in Chromium against the emulator', () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await serveStatic((app as BuiltApp).outDir);
    browser = await chromium.launch(chromiumLaunchOptions);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes an inbound call through accept, DTMF and hang up; dials; rejects an offer', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const context = await (browser as Browser).newContext({
      viewport: { width: 1440, height: 860 },
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    try {
      await page.goto(dashboardUrl((server as StaticServer).url, emulator));
      await waitFor(page, '.badge[data-status="connected"]');
      // The token was only read: it is neither in the address bar nor anywhere in the page.
      expect(page.url()).not.toContain('token=');
      expect(await page.content()).not.toContain(emulator.token.split(' ')[1] ?? emulator.token);

      // An inbound call is offered; the row appears with Accept / Reject.
      const inboundId = randomUUID();
      const lookup = emulator.simulateInbound({ did, from: '+14155550100', callid: inboundId });
      await waitFor(page, `${row(inboundId)}[data-state="incoming"] button[data-action="accept"]`);
      await page.click(`${row(inboundId)} button[data-action="accept"]`);
      expect((await lookup).status).toBe(200);
      const accept = await emulator.waitForFrame(
        (f) => f.frame.action === 'accept' && f.frame.callid === inboundId,
      );
      expect(accept.frame).toMatchObject({ channel: `in-${inboundId.slice(0, 8)}`, uid: '100' });
      await waitFor(page, `${row(inboundId)}[data-state="bridged"]`);
      // Both numbers keep their +: the emulator used to hand the DID back as digits only.
      expect(
        await page.$$eval(`${row(inboundId)} td.number`, (cells) =>
          cells.map((cell) => cell.textContent),
        ),
      ).toEqual(['+14155550100', did]);

      // Traffic-like activity: the caller presses digits; they show on the row and in the log.
      expect(emulator.remote.pressDigits(inboundId, '42')).toBe(true);
      await page.waitForFunction(
        (selector) => document.querySelector(selector)?.textContent === '42',
        `${row(inboundId)} td.digits`,
        { timeout: UI_TIMEOUT_MS },
      );

      // A typed validation error is shown inline in the dial form; nothing is sent.
      await page.fill('input[name="to"]', 'not a number');
      await page.click('.dial button[type="submit"]');
      await waitFor(page, '.dial .error[data-code="invalid-argument"]');
      expect(emulator.frames().some((f) => f.frame.action === 'outbound')).toBe(false);

      // Dial a number that answers: a second, outbound row that gets bridged.
      await page.fill('input[name="to"]', scenario.answer());
      await page.click('.dial button[type="submit"]');
      const dial = await emulator.waitForFrame((f) => f.frame.action === 'outbound');
      expect(dial.frame).toMatchObject({
        to: scenario.answer(),
        from: '+15551230000',
        channel: 'dashboard',
        uid: '1',
      });
      await waitFor(page, '.dial .error', 'hidden');
      const outbound = emulator.calls().find((leg) => leg.direction === 'outbound');
      expect(outbound).toBeDefined();
      const outboundId = outbound?.callid ?? '';
      await waitFor(page, `${row(outboundId)}[data-state="bridged"]`);

      // A second offer stays pending for the screenshot, then is rejected.
      const offerId = randomUUID();
      const offer = emulator.simulateInbound({ did, from: '+12125550199', callid: offerId });
      await waitFor(page, `${row(offerId)}[data-state="incoming"]`);

      // Talk time ticks from the answer timestamp (an event-driven wait, not a sleep).
      await page.waitForFunction(
        (selector) => /^0:0[1-9]$/.test(document.querySelector(selector)?.textContent ?? ''),
        `${row(inboundId)} td.duration`,
        { timeout: 3_000 },
      );
      // Rewritten only on request (or when missing), so test runs leave the docs untouched.
      const writeScreenshot = process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(screenshotPath);
      if (writeScreenshot) await mkdir(dirname(screenshotPath), { recursive: true });
      const screenshot = await page.screenshot(writeScreenshot ? { path: screenshotPath } : {});
      expect(screenshot.byteLength).toBeGreaterThan(10_000);

      // DTMF from the keypad: the emulator receives send_dtmf, the echo lands in the log.
      for (const digit of ['1', '#']) {
        await page.click(`${row(inboundId)} button[data-action="dtmf-${digit}"]`);
        const sent = await emulator.waitForFrame(
          (f) =>
            f.frame.action === 'send_dtmf' &&
            f.frame.callid === inboundId &&
            f.frame.digits === digit,
        );
        expect(sent.frame.digits).toBe(digit);
      }
      await page.waitForFunction(
        (short) =>
          [...document.querySelectorAll('.log li[data-type="dtmf"]')].some(
            (item) =>
              item.querySelector('.call')?.textContent === short &&
              item.querySelector('.detail')?.textContent === 'digits #',
          ),
        inboundId.slice(0, 8),
        { timeout: UI_TIMEOUT_MS },
      );
      await page.waitForFunction(
        (selector) => document.querySelector(selector)?.textContent === '421#',
        `${row(inboundId)} td.digits`,
        { timeout: UI_TIMEOUT_MS },
      );

      // Reject the pending offer: the gateway's lookup is refused and the row goes.
      await page.click(`${row(offerId)} button[data-action="reject"]`);
      expect((await offer).status).toBe(404);
      await waitFor(page, row(offerId), 'detached');

      // Hang up both calls from their rows: hangup for inbound, endcall for the dialled one.
      await page.click(`${row(inboundId)} button[data-action="hangup"]`);
      await emulator.waitForFrame(
        (f) => f.frame.action === 'hangup' && f.frame.callid === inboundId,
      );
      await waitFor(page, row(inboundId), 'detached');
      await page.click(`${row(outboundId)} button[data-action="hangup"]`);
      await emulator.waitForFrame(
        (f) => f.frame.action === 'endcall' && f.frame.callid === outboundId,
      );
      await waitFor(page, row(outboundId), 'detached');
      await waitFor(page, 'tr.empty');

      // The log is newest first and saw the whole story.
      const types = await page.$$eval('.log li', (items) =>
        items.map((item) => item.getAttribute('data-type')),
      );
      expect(types[0]).toBe('removed');
      for (const type of [
        'incoming',
        'answered',
        'bridged',
        'dtmf',
        'hangup',
        'removed',
        'error',
      ]) {
        expect(types).toContain(type);
      }
      expect(emulator.calls()).toEqual([]);

      // Disconnect and connect again from the connection bar.
      await page.click('.connection button');
      await waitFor(page, '.badge[data-status="closed"]');
      // The server sees the close a moment after the page does.
      await vi.waitFor(() => expect(emulator.status().client_count).toBe(0));
      await page.click('.connection button');
      await waitFor(page, '.badge[data-status="connected"]');
      expect(emulator.status().clients.map((client) => client.client_id)).toEqual([
        'e2e-dashboard',
      ]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
