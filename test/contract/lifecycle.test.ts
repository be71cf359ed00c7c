/**
 * One suite, two backends: the life of a managed key — onboard (create, tag, alias, import), renew before expiry,
 * recover after the material is gone, rotate onto a new secret version — and the sweep's plan of a mixed fleet,
 * run unchanged against the embedded Huawei cloud and the AWS model. What differs by cloud is only what the
 * backend says it does (its sweep options, its rotation); every assertion is shared. Cost: about 12 s on the
 * embedded cloud (real HTTP), 1 s on the AWS model.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessDispatcher } from '../../lib/dispatch/InProcessDispatcher.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { StageName } from '../../lib/ports/index.js';
import { discoverManagedKeys } from '../../lib/renewal/discover.js';
import { planKeys } from '../../lib/renewal/plan.js';
import { runSweep } from '../../lib/renewal/runSweep.js';
import type { SweepResult } from '../../lib/renewal/types.js';
import { BACKENDS } from './backends.js';
import type { ContractBackend } from './backends.js';

const DAY_MS = 86_400_000;

async function onboard(cloud: ContractBackend, alias: string, ttl: string): Promise<{ keyId: string; secret: string; versionId: string }> {
  const secret = `${alias}-secret`;
  const versionId = await cloud.putSecret(secret, randomBytes(32));
  const dispatcher = new InProcessDispatcher({ keys: cloud.keys, secrets: cloud.secrets, clock: cloud.clock, logger: cloud.logger });
  const result = await dispatcher.runChain(StageName.CreateKey, { alias, secret: { name: secret }, ttl });
  if (!result.ok) throw new Error(`onboarding ${alias} failed: ${result.error.code} ${result.error.message}`);
  return { keyId: result.key_id, secret, versionId };
}

function sweep(cloud: ContractBackend, raw: Record<string, unknown> = {}): Promise<SweepResult> {
  return runSweep(cloud.sweepOptions(raw), {
    targets: [{ region: cloud.region, keys: cloud.keys, secrets: cloud.secrets, lock: cloud.lock }],
    clock: cloud.clock,
    logger: cloud.logger,
    sleep: async () => {},
    random: () => 0.5,
  });
}

const daysLeft = async (cloud: ContractBackend, keyId: string): Promise<number> =>
  ((await cloud.keys.describeKey(keyId)).expirationTime!.getTime() - cloud.clock.now().getTime()) / DAY_MS;

describe.each(BACKENDS)('Contract: the life of a managed key on $name', ({ start }) => {
  let cloud: ContractBackend;
  beforeEach(async () => {
    cloud = await start();
  });
  afterEach(async () => {
    await cloud.close();
  });

  it('onboards: an external key, Enabled, reached by its alias, its material expiring after the ttl, a working probe', async () => {
    // Act
    const { keyId, versionId } = await onboard(cloud, 'app', '30d');

    // Assess
    const info = await cloud.keys.describeKey(keyId);
    expect(info).toMatchObject({ keyState: 'Enabled', origin: 'external', keySpec: 'AES_256' });
    expect(await daysLeft(cloud, keyId)).toBeCloseTo(30, 3);
    expect(await cloud.keys.resolveAlias('app')).toBe(keyId);
    expect(await cloud.keys.findKeyByName(`app-${versionId}`)).toMatchObject({ keyId });
    const tags = Object.fromEntries((await cloud.keys.showKeyTags(keyId)).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({ 'byok:managed': 'true', 'byok:secret': 'app-secret', 'byok:version': versionId, 'byok:ttl': '30d', 'byok:alias': 'app', 'byok:fp': expect.stringMatching(/^fp1-/) });
    const sealed = await cloud.keys.encryptData(keyId, new SecretValue('contract'));
    expect((await cloud.keys.decryptData(sealed.cipherText)).plainText.reveal()).toBe('contract');
  });

  it('renews a key within its lead: a later expiry, and data sealed before still opens', async () => {
    // Prepare
    const { keyId } = await onboard(cloud, 'due', '3d');
    const sealed = await cloud.keys.encryptData(keyId, new SecretValue('before renewal'));
    await cloud.advanceMs(2.5 * DAY_MS);

    // Act
    const { summary, keys } = await sweep(cloud);

    // Assess
    expect(summary).toMatchObject({ due: 1, renewed: 1, failed: 0, pending_import: 0 });
    expect(keys[0]).toMatchObject({ key_id: keyId, action: 'renew', outcome: 'renewed' });
    expect(await daysLeft(cloud, keyId)).toBeCloseTo(3, 3);
    expect((await cloud.keys.decryptData(sealed.cipherText)).plainText.reveal()).toBe('before renewal');
  });

  it('renews a disabled key within its lead and leaves it disabled (its material would lapse too)', async () => {
    // Prepare
    const { keyId } = await onboard(cloud, 'off', '3d');
    await cloud.keys.disableKey(keyId);
    await cloud.advanceMs(2.5 * DAY_MS);

    // Act
    const { summary, keys } = await sweep(cloud);

    // Assess
    expect(summary).toMatchObject({ due: 1, renewed: 1, failed: 0, pending_import: 0 });
    expect(keys[0]).toMatchObject({ key_id: keyId, action: 'renew', outcome: 'renewed' });
    expect(await daysLeft(cloud, keyId)).toBeCloseTo(3, 3);
    expect((await cloud.keys.describeKey(keyId)).keyState).toBe('Disabled');
  });

  it('recovers a key whose material expired: PendingImport, then Enabled with the same material', async () => {
    // Prepare
    const { keyId } = await onboard(cloud, 'gone', '1d');
    const sealed = await cloud.keys.encryptData(keyId, new SecretValue('before expiry'));
    await cloud.advanceMs(2.1 * DAY_MS);
    expect((await cloud.keys.describeKey(keyId)).keyState).toBe('PendingImport');

    // Act
    const { summary, keys } = await sweep(cloud);

    // Assess
    expect(keys[0]).toMatchObject({ key_id: keyId, action: 'recover', outcome: 'recovered' });
    expect(summary.pending_import).toBe(0);
    expect((await cloud.keys.describeKey(keyId)).keyState).toBe('Enabled');
    expect((await cloud.keys.decryptData(sealed.cipherText)).plainText.reveal()).toBe('before expiry');
  });

  it('rotates onto a new secret version: the alias reaches a key pinned to it, old data still opens, nothing is due', async () => {
    // Prepare
    const { keyId, secret } = await onboard(cloud, 'rot', '30d');
    const sealed = await cloud.keys.encryptData(keyId, new SecretValue('before rotation'));
    const v2 = await cloud.putSecret(secret, randomBytes(32));

    // Act
    const rotated = await cloud.rotate('rot');

    // Assess
    expect(rotated).toEqual([expect.objectContaining({ alias: 'rot', version: v2, outcome: 'rotated' })]);
    const current = (await cloud.keys.resolveAlias('rot'))!;
    const tags = Object.fromEntries((await cloud.keys.showKeyTags(current)).map((t) => [t.key, t.value]));
    expect(tags['byok:version']).toBe(v2);
    expect((await cloud.keys.describeKey(current)).keyState).toBe('Enabled');
    expect((await cloud.keys.decryptData(sealed.cipherText)).plainText.reveal()).toBe('before rotation');
    const fresh = await cloud.keys.encryptData(current, new SecretValue('after rotation'));
    expect((await cloud.keys.decryptData(fresh.cipherText)).plainText.reveal()).toBe('after rotation');
    const { summary } = await sweep(cloud);
    expect(summary).toMatchObject({ due: 0, failed: 0, drift: 0 });
  });

  it('plans a mixed fleet the same way: renew, recover, skip and drift, the outage first', async () => {
    // Prepare
    const ids: Record<string, string> = {};
    for (const [name, ttl] of [['far', '30d'], ['due', '3d'], ['never', 'never'], ['expired', '1d'], ['disabled', '3d'], ['deleting', '3d'], ['untagged', '30d'], ['nofp', '30d']] as const) {
      ids[name] = (await onboard(cloud, name, ttl)).keyId;
    }
    await cloud.keys.disableKey(ids['disabled']!);
    await cloud.keys.scheduleKeyDeletion(ids['deleting']!, 7);
    await cloud.keys.removeKeyTags(ids['untagged']!, ['byok:secret']);
    await cloud.keys.removeKeyTags(ids['nofp']!, ['byok:fp']);
    await cloud.advanceMs(2.5 * DAY_MS);

    // Act
    const plan = planKeys(await discoverManagedKeys(cloud.keys), cloud.clock.now());

    // Assess
    const nameOf = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    const byAlias = Object.fromEntries(plan.map((p) => [nameOf[p.row.key_id], `${p.row.action} ${p.row.state}`]));
    expect(byAlias).toEqual({
      far: 'skip Enabled',
      due: 'renew Enabled',
      never: 'skip Enabled',
      expired: 'recover PendingImport',
      disabled: 'renew Disabled',
      deleting: 'skip PendingDeletion',
      untagged: 'drift Enabled',
      nofp: 'drift Enabled',
    });
    expect(plan[0]!.row.alias).toBe('expired');
    // A key without its byok: tags is shown by its own name (on AWS, from the byok:name tag).
    expect(plan.find((p) => p.row.key_id === ids['untagged'])!.row.alias).toMatch(/^untagged-/);
    expect(plan.find((p) => p.row.alias === 'due')!.row.days_left).toBe(0.5);
  });
});
