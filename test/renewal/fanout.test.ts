/**
 * Fan-out on the embedded cloud's FunctionGraph: the deployed `renew-expiring` is invoked once for three targets; it
 * hands each target to an invocation of its own (async invoke of itself), and a target whose keys do not fit the
 * function's 20-second timeout hands the rest on (a continuation with the tag query's position). Three targets are
 * three projects of one account in one region, as Huawei allows (one emulator, `POST /_emulator/projects`): the
 * same agency credentials, each project with its own keys, secrets and sweep lock. 5,000 due keys, written straight
 * into the store (onboarding through the API would take minutes), must each be renewed exactly once.
 * Cost: ~75 s (seven function runs of up to 13 s, 15,000 KMS and CSMS calls on two shared cores).
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { createHuaweiClients } from '../../lib/huawei/index.js';
import { drainFunctions } from '../helpers/fgs.js';
import { deployRenewal } from './fixtures/deployedRenewal.js';
import type { DeployedRenewal } from './fixtures/deployedRenewal.js';
import { servicesWithReusedWrappingKeys } from './fixtures/reusedWrappingKeys.js';
import { seedFleet } from './fixtures/seedFleet.js';
import { startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

const KEYS = 5_000;
const DAY_MS = 86_400_000;

describe('Function: renew-expiring fans out per target and continues on FunctionGraph', () => {
  let env: RenewalEnv;
  let renewal: DeployedRenewal;
  let projects: string[];
  const ids: string[] = [];

  beforeAll(async () => {
    env = await startRenewalEnv({ emulator: { clock: 'virtual', services: servicesWithReusedWrappingKeys(4) } });
    projects = [env.emu.projectId];
    for (let i = 0; i < 2; i++) projects.push((await env.emu.request('POST', '/_emulator/projects', {})).body.project_id as string);
    const nowMs = env.emu.now().getTime();
    for (const [p, projectId] of projects.entries()) {
      // Each project's own secret, created through CSMS in that project.
      const { csms } = createHuaweiClients({ config: { ...env.config, projectId }, now: () => env.emu.now(), retry: { sleep: async () => {} } });
      const material = randomBytes(32);
      await csms.createSecret({ name: 'fleet-material', secretBinary: new SecretValue(material.toString('base64')) });
      const versionId = (await csms.showSecretVersion('fleet-material', 'latest')).metadata.id;
      const count = Math.floor(KEYS / 3) + (p < KEYS % 3 ? 1 : 0);
      const secret = { name: 'fleet-material', versionId, material };
      ids.push(...seedFleet(env.emu.dataFile, { count, projectId, domainId: env.emu.domainId, region: env.emu.region, secret, ttl: '3d', prefix: `p${p}`, nowMs, expiresMs: () => nowMs + DAY_MS / 2 }));
    }
    renewal = await deployRenewal(env.emu, { timeoutSeconds: 20 });
  }, 120_000);
  afterAll(async () => env.close());

  it('renews every due key of three targets exactly once, across invocations', async () => {
    // Act
    const targets = projects.map((projectId) => ({ region: env.emu.region, project_id: projectId }));
    await renewal.invokeAsync({ per_target: true, targets, mode: 'in-place', rps: 2_000, concurrency: 8 });
    await drainFunctions(env.emu, 600);

    // Assess: every run succeeded; there were continuations; each key was re-imported once
    const runs = await renewal.runs();
    expect(runs.every((r) => r.state === 'succeeded'), JSON.stringify(runs.filter((r) => r.state !== 'succeeded'))).toBe(true);
    const records = await renewal.records();
    expect(records.filter((r) => r['event'] === 'renewal.target_dispatched')).toHaveLength(3);
    const continued = records.filter((r) => r['event'] === 'renewal.continued');
    expect(continued.length).toBeGreaterThan(0);
    expect(runs).toHaveLength(1 + 3 + continued.length);
    const db = new Database(env.emu.dataFile, { readonly: true });
    try {
      const refreshed = db
        .prepare(`SELECT key_id, SUM(reason = 'expiry_refreshed') AS n FROM kms_key_history WHERE key_id IN (SELECT value FROM json_each(?)) GROUP BY key_id`)
        .all(JSON.stringify(ids)) as { key_id: string; n: number }[];
      expect(refreshed).toHaveLength(KEYS);
      expect(refreshed.filter((r) => r.n !== 1)).toEqual([]);
    } finally {
      db.close();
    }
    // The summaries of all invocations add up to the fleet, each key counted once.
    const summaries = records.filter((r) => r['event'] === 'renewal.summary');
    expect(summaries.reduce((sum, s) => sum + Number(s['renewed']), 0)).toBe(KEYS);
    expect(summaries.reduce((sum, s) => sum + Number(s['scanned']), 0)).toBe(KEYS);
  }, 900_000);
});
