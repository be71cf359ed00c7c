import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyState } from '../../lib/domain/KeyState.js';
import { allKeysByTags } from '../../lib/lifecycle/allKeysByTags.js';
import { startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';

describe('Class: HuaweiKeyService (the KeyService port over the embedded cloud)', () => {
  let env: StageEnv;
  beforeAll(async () => {
    env = await startStageEnv();
  });
  afterAll(async () => env.close());

  it('resolves a bare alias, moves it, and answers undefined for one that does not exist', async () => {
    // Prepare
    const a = await env.keys.createExternalKey({ name: 'port-alias-a', keySpec: 'AES_256' });
    const b = await env.keys.createExternalKey({ name: 'port-alias-b', keySpec: 'AES_256' });

    // Act
    const before = await env.keys.resolveAlias('port-alias');
    await env.keys.moveAlias('port-alias', a.keyId);
    const first = await env.keys.resolveAlias('port-alias');
    await env.keys.moveAlias('port-alias', b.keyId);

    // Assess
    expect(before).toBeUndefined();
    expect(first).toBe(a.keyId);
    expect(await env.keys.resolveAlias('port-alias')).toBe(b.keyId);
    expect((await env.kms.describeKey('alias/port-alias')).keyId).toBe(b.keyId);
    expect((await env.keys.findKeyByName('port-alias-a'))?.keyId).toBe(a.keyId);
  });

  it('pages through a tag query and removes tags by key', async () => {
    // Prepare: more keys than one page of 2
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { keyId } = await env.keys.createExternalKey({ name: `port-page-${i}`, keySpec: 'AES_256' });
      await env.keys.putKeyTags(keyId, [{ key: 'port:group', value: 'paged' }, { key: 'port:extra', value: String(i) }]);
      ids.push(keyId);
    }
    const pages: number[] = [];

    // Act
    for await (const page of env.kms.tags.pagesOfKeysByTags({ tags: [{ key: 'port:group', values: ['paged'] }] }, 2)) pages.push(page.length);
    await env.keys.removeKeyTags(ids[0]!, ['port:extra', 'port:absent']);

    // Assess
    expect(pages).toEqual([2, 2, 1]);
    const found = await allKeysByTags(env.keys, [{ key: 'port:group', values: ['paged'] }]);
    expect(found.map((k) => k.keyId).sort()).toEqual([...ids].sort());
    expect(found.every((k) => k.info?.keyState === KeyState.PendingImport)).toBe(true);
    expect((await env.keys.showKeyTags(ids[0]!)).map((t) => t.key)).toEqual(['port:group']);
  });

  it('disables, enables and schedules a key for deletion', async () => {
    // Prepare: a key with material (an external key in Pending import cannot be disabled)
    const { keyId } = await env.kms.createKey({ keyAlias: 'port-states', origin: 'kms' });

    // Act
    await env.keys.disableKey(keyId);
    const disabled = (await env.keys.describeKey(keyId)).keyState;
    await env.keys.enableKey(keyId);
    const enabled = (await env.keys.describeKey(keyId)).keyState;
    await env.keys.scheduleKeyDeletion(keyId, 7);

    // Assess
    expect([disabled, enabled]).toEqual([KeyState.Disabled, KeyState.Enabled]);
    const after = await env.keys.describeKey(keyId);
    expect(after.keyState).toBe(KeyState.PendingDeletion);
    expect(after.scheduledDeletionDate!.getTime() - env.clock.now().getTime()).toBeGreaterThan(6.9 * 86_400_000);
  });
});
