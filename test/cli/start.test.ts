import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDemo } from '../../cli/demo.js';
import { main } from '../../cli/main.js';

describe('Command: byok start (the main job on the embedded cloud)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'byok-start-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every key out of Pending import over simulated days and writes JSON log lines', async () => {
    // Prepare
    const printed: string[] = [];
    const logged: string[] = [];

    // Act: 3 days is past the 1-day key's first expiry, so it only stays usable if the timer renews it
    const healthy = await runDemo({ dataFile: join(dir, 'start.db'), days: 3, everyHours: 2, log: (l) => logged.push(l), print: (l) => printed.push(l) });

    // Assess
    expect(healthy).toBe(true);
    const verdicts = printed.filter((l) => /^(ok|FAIL) /.test(l));
    expect(verdicts).toHaveLength(3);
    for (const line of verdicts) expect(line).toMatch(/^ok .*seconds in pending import 0 .*decrypts: true$/);
    expect(printed.find((l) => l.startsWith('ok   demo-payments'))).toMatch(/imports +[3-9] /);
    const summaries = logged.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['event'] === 'renewal.summary');
    expect(summaries).toHaveLength(36);
    expect(summaries.reduce((n, s) => n + Number(s['renewed']), 0)).toBeGreaterThanOrEqual(2);
  });

  it('refuses a bad option with one line and exit code 2', async () => {
    // Prepare
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      // Act
      const code = await main(['start', '--days', '0', '--data', join(dir, 'x.db'), '--log', join(dir, 'x.log')]);
      // Assess
      expect(code).toBe(2);
      expect(written.join('')).toBe('byok start: --days must be a whole number from 1 to 365\n');
    } finally {
      process.stderr.write = original;
    }
    expect(() => readFileSync(join(dir, 'x.log'))).toThrow();
  });
});
