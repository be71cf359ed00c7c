/**
 * The dashboard page in a real browser: Debian's chromium driven by playwright-core. Chromium is required (CI
 * installs it, see .ci/run): when it is missing every test here fails with a message saying so, never skips.
 * Screenshots go to test-output/dashboard/ (git-ignored). Takes about 10 s.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText } from '../../lib/dashboard/cleanText.js';
import { readDashboardModel } from '../../lib/dashboard/readDashboardModel.js';
import { renderDashboardPage } from '../../lib/dashboard/renderPage.js';
import { serveDashboard } from '../../lib/dashboard/serveDashboard.js';
import { FleetSimulation } from './fleetLog.js';
import type { FleetTruth } from './fleetLog.js';

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_TIMEOUT_MS = 30_000;
const OUTPUT = resolve(import.meta.dirname, '../../test-output/dashboard');
const STATE_LABELS: Record<string, string> = { Enabled: 'Enabled', PendingImport: 'Pending import', Disabled: 'Disabled' };
const HOSTILE = ['"><svg onload=window.__pwned=1>', '</script><script>window.__pwned=2</script>', 'pay\u202Egnp.exe'];

interface Watched {
  page: Page;
  problems: string[];
  requests: string[];
}

/** A page that records console errors, script errors, dialogs and every request it makes. */
async function watchedPage(browser: Browser): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => void requests.push(r.url()));
  return { page, problems, requests };
}

function stateTotals(truth: FleetTruth): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const key of truth.keys.values()) totals[key.state] = (totals[key.state] ?? 0) + 1;
  return totals;
}

/** Share of a chart's canvas pixels that are neither transparent nor near-white (run in the page, as source text). */
function inkOf(page: Page, testid: string): Promise<number> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector('[data-testid=${JSON.stringify(testid)}] canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return -1;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && Math.min(data[i], data[i + 1], data[i + 2]) < 235) inked += 1;
    return inked / (canvas.width * canvas.height);
  })()`);
}

const text = async (page: Page, testid: string): Promise<string> => (await page.getByTestId(testid).innerText()).replace(/\s+/g, ' ').trim();

describe('Dashboard page in chromium', () => {
  let browser: Browser | undefined;
  let launchError: Error | undefined;

  /** The browser, or the reason there is none: each test fails with it (a missing chromium never skips). */
  const started = (): Browser => {
    if (browser === undefined) throw launchError ?? new Error('chromium was not started');
    return browser;
  };

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    if (!existsSync(CHROMIUM)) {
      launchError = new Error(`chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run does it in CI)`);
      return;
    }
    browser = await chromium
      .launch({
        executablePath: CHROMIUM,
        headless: true,
        timeout: LAUNCH_TIMEOUT_MS,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      })
      .catch((error: unknown) => {
        launchError = new Error(`chromium at ${CHROMIUM} did not start within ${LAUNCH_TIMEOUT_MS / 1000} s`, { cause: error });
        return undefined;
      });
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the key count and state totals as a person reads them, draws every chart, and shows hostile aliases as text', async () => {
    // Prepare: 300 keys over 4 days of hourly sweeps, a few with hostile aliases
    const simulation = new FleetSimulation({ keys: 300, sweeps: 96, seed: 11, troubledShare: 0.04, alias: (i) => HOSTILE[i] ?? `svc-${String(i).padStart(3, '0')}` });
    const log = resolve(OUTPUT, 'fleet.log');
    writeFileSync(log, `${[...simulation.lines()].join('\n')}\n`);
    const file = resolve(OUTPUT, 'dashboard.html');
    writeFileSync(file, renderDashboardPage(await readDashboardModel([log])));
    const { page, problems, requests } = await watchedPage(started());

    // Act
    await page.goto(pathToFileURL(file).href);
    await page.getByTestId('chart-timeline').locator('canvas').waitFor();

    // Assess: what a person reads
    expect(await text(page, 'keys-total')).toBe(simulation.truth.keys.size.toLocaleString('en-US'));
    for (const [state, count] of Object.entries(stateTotals(simulation.truth))) {
      expect(await text(page, `state-${state}`)).toBe(`${STATE_LABELS[state]} ${count}`);
      expect(await page.getByTestId(`state-${state}`).isVisible()).toBe(true);
    }
    expect(await text(page, 'totals')).toContain(`${simulation.truth.sweeps} sweeps`);
    // Charts drew something
    for (const chart of ['chart-sweeps', 'chart-timeline', 'chart-throttling', 'chart-errors']) {
      expect(await inkOf(page, chart), chart).toBeGreaterThan(0.01);
    }
    // Hostile aliases: inert text, found by the filter and shown in the tooltip
    await page.getByRole('searchbox', { name: 'filter keys' }).fill('svg onload');
    expect(await text(page, 'timeline-count')).toBe('1 of 1 keys drawn, riskiest first');
    const over = await page.getByTestId('chart-timeline').locator('.u-over').boundingBox();
    await page.mouse.move((over?.x ?? 0) + (over?.width ?? 0) / 2, (over?.y ?? 0) + 8);
    expect(await page.locator('.tip .tip-title').innerText()).toContain(cleanText(HOSTILE[0], 64));
    expect(await page.evaluate("({ pwned: window.__pwned ?? null, injected: document.querySelectorAll('svg, img, iframe, object, embed').length })")).toEqual({ pwned: null, injected: 0 });
    // Self-contained: no request but the page itself, no errors (a CSP violation is a console error)
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);

    await page.getByRole('searchbox', { name: 'filter keys' }).fill('');
    await page.mouse.move(0, 0);
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.screenshot({ path: resolve(OUTPUT, 'dashboard.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('served live, redraws by itself when the log grows', async () => {
    // Prepare: the first 20 sweeps in the log, the next 10 appended once the page is open
    const simulation = new FleetSimulation({ keys: 60, sweeps: 30, seed: 12 });
    const lines = [...simulation.lines()];
    const cut = lines.findIndex((line, i) => line.includes('"renewal.summary"') && lines.slice(0, i + 1).filter((l) => l.includes('"renewal.summary"')).length === 20) + 1;
    const log = resolve(OUTPUT, 'live.log');
    writeFileSync(log, `${lines.slice(0, cut).join('\n')}\n`);
    const server = await serveDashboard({ logs: [log], port: 0, refreshSeconds: 1, minReadIntervalMs: 0 });
    const { page, problems, requests } = await watchedPage(started());
    try {
      await page.goto(server.url);
      expect(await text(page, 'totals')).toContain('20 sweeps');
      expect(await text(page, 'keys-total')).toBe('60');

      // Act
      appendFileSync(log, `${lines.slice(cut).join('\n')}\n`);

      // Assess
      await page.getByTestId('totals').getByText(`${simulation.truth.sweeps} sweeps`).waitFor({ timeout: 10_000 });
      expect(await inkOf(page, 'chart-sweeps')).toBeGreaterThan(0.01);
      expect(new Set(requests.map((url) => new URL(url).pathname))).toEqual(new Set(['/', '/model.json']));
      expect(requests.every((url) => url.startsWith(server.url))).toBe(true);
      expect(problems).toEqual([]);
      await page.screenshot({ path: resolve(OUTPUT, 'dashboard-live.png'), fullPage: true });
    } finally {
      await page.close();
      await server.close();
    }
  }, 60_000);
});
