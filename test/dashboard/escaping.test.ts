import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../lib/dashboard/cleanText.js';
import { FleetAggregator } from '../../lib/dashboard/FleetAggregator.js';
import { renderDashboardPage } from '../../lib/dashboard/renderPage.js';
import type { DashboardModel } from '../../lib/dashboard/types.js';

/** Aliases a person (or an attacker with tag rights) could set; the dashboard must show them as inert text. */
const HOSTILE_ALIASES = [
  '</script><script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '"><svg onload=window.__pwned=3>',
  '<!--',
  '\u2028\u2029</SCRIPT >',
  'pay\u202Egnp.exe',
  'ad\u200Bmin\u2066x\u2069',
  'tab\there\u0000\u001b[31m',
  '\ud800lone',
];

function modelWith(aliases: readonly string[]): DashboardModel {
  const aggregator = new FleetAggregator();
  aliases.forEach((alias, i) => {
    aggregator.addLine(JSON.stringify({ ts: '2026-03-01T10:00:00Z', event: 'renewal.key', key_id: `key-${i}`, alias, state: 'Enabled', outcome: 'failed', error_code: alias }));
  });
  return aggregator.model({ files: ['<b>log</b>.txt'], rev: 1 });
}

/** The packed model embedded in the page, read back as the page's script reads it. */
function embeddedModel(page: string): { keys: { columns: { alias: string[] } }; series: { errors: Array<{ code: string }> } } {
  const match = /<script type="application\/json" id="byok-model">([^<]*)<\/script>/.exec(page);
  expect(match).not.toBeNull();
  return JSON.parse(match?.[1] ?? 'null');
}

describe('Function: cleanText', () => {
  it('removes controls, bidi overrides and isolates, zero-width characters and separators', () => {
    expect(cleanText('pay\u202Egnp.exe', 64)).toBe('paygnp.exe');
    expect(cleanText('ad\u200Bmin\u2066x\u2069\u200F', 64)).toBe('adminx');
    expect(cleanText('a\u0000b\u001b[31mc\u007f\u0085d\u2028e\ufeff', 64)).toBe('ab[31mcde');
    expect(cleanText('  spaced  ', 64)).toBe('spaced');
  });

  it('keeps ordinary text of any script, pairs of surrogates included', () => {
    expect(cleanText('支付-клíч-🔑', 64)).toBe('支付-клíч-🔑');
  });

  it('replaces lone surrogates and never cuts a pair when shortening', () => {
    expect(cleanText('\ud800x\udc00', 64)).toBe('\ufffdx\ufffd');
    const cut = cleanText(`${'a'.repeat(8)}🔑🔑`, 10) as string;
    expect(cut).toBe('aaaaaaaa…');
    expect(cleanText('x'.repeat(100), 10)).toHaveLength(10);
  });

  it('answers undefined for non-strings and for text that is empty once cleaned', () => {
    expect(cleanText(12, 64)).toBeUndefined();
    expect(cleanText('\u202E\u200B', 64)).toBeUndefined();
  });
});

describe('Function: renderDashboardPage (hostile aliases)', () => {
  const page = renderDashboardPage(modelWith(HOSTILE_ALIASES));

  it('has no markup from the logs: only its own two scripts and two data blocks', () => {
    expect(page.match(/<script/gi)).toHaveLength(4);
    expect(page).not.toMatch(/<img|<svg|<!--|__pwned=1<\/script>|<b>log/i);
    expect(page).not.toMatch(/[\u2028\u2029\u202E]/);
  });

  it('carries each alias and error code as the cleaned text, readable back from the page', () => {
    const embedded = embeddedModel(page);
    const expected = HOSTILE_ALIASES.map((alias) => cleanText(alias, 64)).sort();
    expect([...embedded.keys.columns.alias].sort()).toEqual(expected);
    expect(embedded.series.errors.map((e) => e.code).every((code) => !/[\u0000-\u001f\u202A-\u202E]/.test(code))).toBe(true);
  });

  it('allows only its own inline script and style blocks, by hash, and no network at all', () => {
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1] ?? '';
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] as string);
    expect(scripts).toHaveLength(2);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain(`script-src ${scripts.map(hash).join(' ')}`);
    expect(policy).toContain(`style-src ${styles.map(hash).join(' ')}`);
  });

  it('draws log text only as text in its own script (no innerHTML, insertAdjacentHTML, document.write or eval)', () => {
    const assets = new URL('../../lib/dashboard/assets/', import.meta.url);
    const script = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(new URL(f, assets), 'utf8')).join('\n');
    expect(script).toContain('textContent');
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
  });
});

describe('Function: renderDashboardPage (fields it does not draw)', () => {
  it('never carries the value of a field it does not read, whatever its name', () => {
    // Prepare: lines whose other fields hold secret-looking values (the logger redacts these; this is the second line of defence)
    const secret = 'c2VjcmV0LW1hdGVyaWFsLWJ5dGVz';
    const aggregator = new FleetAggregator();
    const fields = { import_token: secret, message: secret, error_message: secret, reason: secret, sk: secret, nested: { material: secret } };
    aggregator.addLine(JSON.stringify({ ts: '2026-03-01T10:00:00Z', event: 'renewal.key', key_id: 'k-1', alias: 'pay', state: 'Enabled', outcome: 'failed', error_code: 'KMS.2606', ...fields }));
    aggregator.addLine(JSON.stringify({ ts: '2026-03-01T10:00:01Z', event: 'stage.failed', key_id: 'k-1', error_code: 'BYOK.WRAP_FAILED', ...fields }));
    aggregator.addLine(JSON.stringify({ ts: '2026-03-01T10:00:02Z', event: 'renewal.summary', scanned: 1, ...fields }));
    // Act
    const page = renderDashboardPage(aggregator.model({ files: ['fleet.log'], rev: 1 }));
    // Assess
    expect(page).toContain('KMS.2606');
    expect(page).not.toContain(secret);
  });
});
