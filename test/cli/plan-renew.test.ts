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

  it('says when a --lead longer than half a key\'s ttl was capped', async () => {
    const run = await inProcess(['plan', '--lead', '20d', '--json'], dataFile);

    expect(run.stderr).toBe('byok plan: note: the lead 20d is longer than 50% of the ttl of 3 keys; their lead was capped at half their ttl (shown in each reason), or every sweep would renew them again\n');
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
    const rate = await inProcess(['renew', '--rps', '0'], dataFile);
    const lead = await inProcess(['plan', '--lead', '10'], dataFile);
    const plan = await inProcess(['plan', '--mode', 'auto'], dataFile);

    expect(mode).toMatchObject({ code: 2, stdout: '', stderr: 'byok renew: --mode must be one of auto, in-place, delete-first\n' });
    expect(rps).toMatchObject({ code: 2, stderr: expect.stringMatching(/^byok renew: --rps must be .* with groups kms_key, kms_import, kms_crypto, kms_tag, csms\n$/) });
    expect(rate).toMatchObject({
      code: 2,
      stderr: 'byok renew: --rps must be a number of requests per second from 0.1 to 10000, or group=N,... with groups kms_key, kms_import, kms_crypto, kms_tag, csms\n',
    });
    expect(lead).toMatchObject({ code: 2, stderr: 'byok plan: --lead must be a duration with its unit, such as 10d or 36h (1h to 3650d)\n' });
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
    // Every key with its outcome, not only the failures.
    expect(out.keys).toHaveLength(4);
    const outcomes = Object.fromEntries(out.keys.map((k) => [k['key_id'], k['outcome']]));
    expect(outcomes).toEqual({ [ids['due']!]: 'renewed', [ids['expired']!]: 'recovered', [ids['far']!]: 'skipped', [ids['wrong']!]: 'failed' });
    expect(out.keys.find((k) => k['key_id'] === ids['wrong'])).toMatchObject({ error_code: 'BYOK.FINGERPRINT_MISMATCH' });

    // The next plan has nothing left in Pending import: exit 0.
    const plan = await inProcess(['plan', '--json'], dataFile);
    expect(plan.code).toBe(0);
  });
});
