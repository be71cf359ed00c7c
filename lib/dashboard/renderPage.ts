/**
 * The dashboard as one self-contained HTML page: uPlot (https://github.com/leeoniya/uPlot, MIT), the page's
 * script and styles and the model are all inline, and a Content-Security-Policy that allows only those exact
 * inline blocks (by hash) means the page makes no network request at view time and runs no script it was not
 * built with, whatever the logs held.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { packModel } from './packModel.js';
import type { DashboardModel } from './types.js';

interface PageAssets {
  uplotJs: string;
  uplotCss: string;
  pageJs: string;
  pageCss: string;
}

interface RenderPageOptions {
  /** Live page (served by {@link serveDashboard}): polls `model.json` every this many seconds. */
  liveIntervalSeconds?: number;
}

/** The page's script, in order. */
const PAGE_SCRIPT_PARTS = ['common.js', 'summary.js', 'charts.js', 'timeline.js', 'page.js'] as const;

let assets: PageAssets | undefined;

function loadAssets(): PageAssets {
  if (assets === undefined) {
    const require = createRequire(import.meta.url);
    const read = (path: string | URL): string => readFileSync(path, 'utf8');
    assets = {
      uplotJs: read(require.resolve('uplot/dist/uPlot.iife.min.js')),
      uplotCss: read(require.resolve('uplot/dist/uPlot.min.css')),
      // The page's script, in parts that share one scope (assets/*.js say which part they are).
      pageJs: ["(() => {\n'use strict';", ...PAGE_SCRIPT_PARTS.map((part) => read(new URL(`./assets/${part}`, import.meta.url))), '})();'].join('\n'),
      pageCss: read(new URL('./assets/dashboard.css', import.meta.url)),
    };
  }
  return assets;
}

/**
 * JSON that cannot end its `<script>` element or open a comment: every `<`, `>` and `&` is written as a
 * unicode escape (JSON.parse reads them back unchanged), as are U+2028/U+2029.
 */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * @example
 * writeFileSync('.byok/dashboard.html', renderDashboardPage(tail.model()));
 */
function renderDashboardPage(model: DashboardModel, options: RenderPageOptions = {}): string {
  const { uplotJs, uplotCss, pageJs, pageCss } = loadAssets();
  const live = options.liveIntervalSeconds === undefined ? null : { interval_s: options.liveIntervalSeconds };
  const scripts = [uplotJs, pageJs];
  const styles = [uplotCss, pageCss];
  const policy = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    `style-src ${styles.map(sha256).join(' ')}`,
    "img-src data:",
    // Only the live page fetches, and only its own model.json.
    `connect-src ${live === null ? "'none'" : "'self'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<title>byok-keeper fleet dashboard</title>',
    ...styles.map((css) => `<style>${css}</style>`),
    '</head>',
    '<body>',
    '<main id="app"><noscript>This page draws its panels with JavaScript; please allow it for this file.</noscript></main>',
    `<script type="application/json" id="byok-model">${scriptSafeJson(packModel(model))}</script>`,
    `<script type="application/json" id="byok-options">${scriptSafeJson({ live })}</script>`,
    ...scripts.map((js) => `<script>${js}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export { renderDashboardPage, scriptSafeJson };
export type { RenderPageOptions };
