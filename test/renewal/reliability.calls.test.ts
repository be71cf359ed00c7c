/**
 * What a renewal costs in remote calls, counted where they arrive (the emulator's HTTP server, through Node's
 * `http.server.request.start` diagnostics channel): 3 per renewed key (secret read, get-parameters, import) —
 * no describe-key after the import (StageOptions.verifyImport off in the sweep), no tag reads (the discovery
 * snapshot has them) — plus the sweep's own list pages and lock. And `byok renew` takes the sweep lock.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import { StageName } from '../../lib/ports/index.js';
import type { KeyService } from '../../lib/ports/index.js';
import { SWEEP_LOCK_ALIAS } from '../../lib/huawei/AliasSweepLock.js';
import { interceptPort } from '../helpers/interceptPort.js';
import { startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

const REQUEST_START = 'http.server.request.start';

/** Counts requests arriving at HTTP servers of this process by `METHOD path-tail` (control surface excluded). */
function countServerRequests(projectId: string): { counts: Map<string, number>; stop: () => void } {
  const counts = new Map<string, number>();
  const onRequest = (message: unknown): void => {
    const { method, url = '' } = (message as { request: IncomingMessage }).request;
    const path = url.split('?')[0] ?? '';
    if (path.startsWith('/_emulator/')) return;
    const name = `${method} ${path.replace(`/${projectId}`, '').replace(/\/secrets\/[^/]+/, '/secrets/{name}')}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  };
  subscribe(REQUEST_START, onRequest);
  return { counts, stop: () => unsubscribe(REQUEST_START, onRequest) };
}

function total(counts: Map<string, number>): number {
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

describe('Function: runSweep (remote calls per renewed key)', () => {
  let env: RenewalEnv;

  beforeEach(async () => {
    env = await startRenewalEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  it('renews a key in place with 3 calls: secret read, get-parameters, import; plus list pages and the lock', async () => {
    // Prepare: 5 due keys
    for (let i = 0; i < 5; i++) await env.onboard('3d');
    await env.advanceDays(2.5);
    const requests = countServerRequests(env.emu.projectId);

    // Act
    const { summary } = await env.sweep({ mode: 'in-place' }, { targets: [env.target({ lock: true })] }).finally(requests.stop);

    // Assess
    expect(summary).toMatchObject({ renewed: 5, failed: 0, lock: ['acquired'] });
    expect(Object.fromEntries(requests.counts)).toEqual({
      'POST /v1.0/kms/resource_instances/action': 3 /* the recovery pass, the renewal pass, and again under the lock */,
      'POST /v1.0/kms/aliases': 1 /* lock */,
      'POST /v1.0/kms/describe-key': 1 /* the lock read back */,
      'DELETE /v1.0/kms/aliases': 1 /* unlock */,
      'GET /v1/secrets/{name}/versions/v1': 5,
      'POST /v1.0/kms/get-parameters-for-import': 5,
      'POST /v1.0/kms/import-key-material': 5,
    });
    expect(total(requests.counts) - 6).toBe(3 * 5);
    // The gate's own count agrees (the Huawei client's retries aside: none here).
    expect(summary.calls).toEqual({ 'kms-key': 0, 'kms-import': 10, 'kms-crypto': 0, 'kms-tag': 3, csms: 5 });
  });
});

describe('Function: importMaterialStage (StageOptions.verifyImport)', () => {
  let env: RenewalEnv;

  beforeEach(async () => {
    env = await startRenewalEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  it.each([
    [undefined, 1],
    [true, 1],
    [false, 0],
  ])('describes the key after the import unless verifyImport is false (%s: %i describe)', async (verifyImport, describes) => {
    // Prepare: a key to re-import into; count describe-key calls
    const { keyId } = await env.onboard('30d');
    let described = 0;
    const keys: KeyService = interceptPort(env.keys, { before: (m: string) => void (m === 'describeKey' && (described += 1)) });
    const options = { verifyProbe: false, ...(verifyImport !== undefined ? { verifyImport } : {}) };

    // Act
    const result = await env.newDispatcher({ keys, options }).runChain(StageName.FetchParameters, { key_id: keyId });

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'import-material', outcome: 'imported', state: 'Enabled' });
    expect(described).toBe(describes);
    // Without the check the stage answers the expiry it asked for, which is what KMS stored (to the second).
    const stored = (await env.keys.describeKey(keyId)).expirationTime!.getTime();
    expect(Math.abs(Date.parse(String('expires_at' in result && result.expires_at)) - stored)).toBeLessThan(1_000);
  });
});

describe('Command: byok renew (sweep lock)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'byok-lock-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function byok(args: string[], dataFile: string): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    vi.stubEnv('BYOK_EMULATOR_DATA', dataFile);
    vi.stubEnv('BYOK_EMULATOR_CLOCK', 'virtual');
    vi.stubEnv('HUAWEICLOUD_SDK_AK', '');
    vi.stubEnv('HUAWEICLOUD_SDK_SK', '');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => ((stdout += chunk), true)) as never);
    try {
      return { code: await main(args), stdout };
    } finally {
      out.mockRestore();
      vi.unstubAllEnvs();
    }
  }

  it('takes the sweep lock on the embedded cloud and releases it', async () => {
    // Prepare: a due key in a data file
    const dataFile = join(dir, 'emulator.db');
    const env = await startRenewalEnv({ emulator: { clock: 'virtual', dataFile } });
    await env.onboard('3d', 'cli');
    await env.advanceDays(2.5);
    await env.close();

    // Act
    const plan = await byok(['plan', '--json'], dataFile);
    const renew = await byok(['renew', '--json', '--rps', '1000'], dataFile);

    // Assess
    expect(JSON.parse(plan.stdout).summary).toMatchObject({ dry_run: true, lock: ['off'] });
    expect(renew.code).toBe(0);
    expect(JSON.parse(renew.stdout).summary).toMatchObject({ renewed: 1, lock: ['acquired'] });
    const after = await startRenewalEnv({ emulator: { clock: 'virtual', dataFile } });
    try {
      expect((await after.kms.aliases.listAliases()).map((a) => a.alias)).not.toContain(SWEEP_LOCK_ALIAS);
    } finally {
      await after.close();
    }
  });
});
