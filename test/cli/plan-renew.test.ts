import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byokInProcess, byokProcess, embeddedEnv } from '../helpers/cli.js';
import type { CliOutcome } from '../helpers/cli.js';
import { randomMaterial } from '../helpers/stageEnv.js';
import { startRenewalEnv } from '../renewal/renewalEnv.js';

/** The embedded cloud on `dataFile` (its stored virtual clock). */
function cloud(dataFile: string): Record<string, string> {
  return embeddedEnv(dataFile, 'virtual');
}

const byok = (args: string[], dataFile: string): Promise<CliOutcome> => byokProcess(args, cloud(dataFile));
const inProcess = (args: string[], dataFile: string): Promise<CliOutcome> => byokInProcess(args, cloud(dataFile));

describe('Command: byok plan / byok renew', () => {
  let dir: string;
  let dataFile: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // An emulator data file with a due key, a key far from expiry, a key in Pending import and one whose secret
    // version tag points at other material; 2.5 days later on the virtual clock.
    dir = mkdtempSync(join(tmpdir(), 'byok-renew-'));
    dataFile = join(dir, 'emulator.db');
    const env = await startRenewalEnv({ emulator: { clock: 'virtual', dataFile } });
    ids['due'] = (await env.onboard('3d', 'cli')).keyId;
    ids['far'] = (await env.onboard('30d', 'cli')).keyId;
    ids['expired'] = (await env.onboard('1d', 'cli')).keyId;
    const wrong = await env.onboard('3d', 'cli');
    ids['wrong'] = wrong.keyId;
    const v2 = await env.createSecret(wrong.secret, { secretBinary: randomMaterial().toString('base64') });
    await env.keys.putKeyTags(wrong.keyId, [{ key: 'byok:version', value: v2 }]);
    await env.advanceDays(2.5);
    await env.close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('plan --json prints one row per managed key and exits 1 while a key is in Pending import', async () => {
    // Act
    const run = await inProcess(['plan', '--json'], dataFile);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { keys: Record<string, unknown>[]; summary: Record<string, unknown>; backend: string };
    expect(out.keys).toHaveLength(4);
    for (const row of out.keys) expect(Object.keys(row)).toEqual(['alias', 'key_id', 'state', 'expires_at', 'days_left', 'action', 'reason']);
    const byId = Object.fromEntries(out.keys.map((r) => [r['key_id'], r]));
    expect(byId[ids['due']!]).toMatchObject({ action: 'renew', state: 'Enabled', days_left: 0.5 });
    expect(byId[ids['far']!]).toMatchObject({ action: 'skip', days_left: 27.5 });
    expect(byId[ids['expired']!]).toMatchObject({ action: 'recover', state: 'PendingImport', expires_at: null });
    expect(out.keys[0]).toMatchObject({ key_id: ids['expired'] });
    expect(out.summary).toMatchObject({ dry_run: true, scanned: 4, due: 3, pending_import: 1 });
    expect(out.backend).toContain('embedded cloud');
  });

  it('plan prints a table by default', async () => {
    const run = await inProcess(['plan', '--lead', '1d'], dataFile);

    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ALIAS\s+KEY ID\s+STATE\s+EXPIRES\s+DAYS\s+ACTION\s+REASON$/);
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toMatch(/^4 managed keys: 2 to renew, 1 to recover, 1 to skip, 0 drift; embedded cloud/);
  });

  it('refuses bad options in one line naming the flag', async () => {
    const mode = await inProcess(['renew', '--mode', 'sideways'], dataFile);
    const rps = await inProcess(['renew', '--rps', 'kms_imprt=3'], dataFile);
    const plan = await inProcess(['plan', '--mode', 'auto'], dataFile);

    expect(mode).toMatchObject({ code: 2, stdout: '', stderr: 'byok renew: --mode must be one of auto, in-place, delete-first\n' });
    expect(rps.code).toBe(2);
    expect(rps.stderr).toMatch(/^byok renew: --rps must be /);
    expect(plan).toMatchObject({ code: 2, stderr: expect.stringMatching(/^byok plan: unknown option --mode/) });
  });

  it('renew --json renews and recovers, reports the failed key, and exits 1 (subprocess)', async () => {
    // Act
    const run = await byok(['renew', '--json', '--mode', 'delete-first', '--rps', '1000'], dataFile);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { summary: Record<string, unknown>; keys: Record<string, unknown>[] };
    expect(out.summary).toMatchObject({ scanned: 4, due: 3, renewed: 1, recovered: 1, failed: 1, skipped: 1, pending_import: 0, dry_run: false });
    expect(out.keys).toEqual([expect.objectContaining({ key_id: ids['wrong'], outcome: 'failed', error_code: 'BYOK.FINGERPRINT_MISMATCH' })]);

    // The next plan has nothing left in Pending import: exit 0.
    const plan = await inProcess(['plan', '--json'], dataFile);
    expect(plan.code).toBe(0);
  });
});
