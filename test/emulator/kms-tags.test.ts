import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { createKey, expectKmsError, kmsCall, kmsPath, uniqueAlias } from './kms-fixtures.js';

describe('KMS emulator: tags, tag queries and aliases', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2030-01-01T00:00:00Z') });
  });
  afterAll(async () => emu.close());

  const tagsOf = async (keyId: string): Promise<any> => (await emu.request('GET', kmsPath(`${keyId}/tags`))).body;

  describe('Function: key tags', () => {
    it('adds, overwrites, batch-adds, batch-deletes and deletes tags (204 each)', async () => {
      // Prepare
      const keyId = await createKey(emu);
      // Act + Assess
      expect((await emu.request('POST', kmsPath(`${keyId}/tags`), { tag: { key: 'byok:managed', value: 'true' } })).status).toBe(204);
      await emu.request('POST', kmsPath(`${keyId}/tags`), { tag: { key: 'byok:managed', value: 'yes' } });
      const batch = await emu.request('POST', kmsPath(`${keyId}/tags/action`), {
        action: 'create',
        tags: [{ key: 'a', value: '1' }, { key: 'b', value: '' }],
      });
      expect(batch.status).toBe(204);
      expect(await tagsOf(keyId)).toEqual({
        tags: [{ key: 'byok:managed', value: 'yes' }, { key: 'a', value: '1' }, { key: 'b', value: '' }],
        existTagsNum: 3,
        exist_tags_num: 3,
      });
      await emu.request('POST', kmsPath(`${keyId}/tags/action`), { action: 'delete', tags: [{ key: 'a', value: '1' }] });
      expect((await emu.request('DELETE', kmsPath(`${keyId}/tags/b`))).status).toBe(204);
      expect((await tagsOf(keyId)).tags).toEqual([{ key: 'byok:managed', value: 'yes' }]);
      expectKmsError(await emu.request('DELETE', kmsPath(`${keyId}/tags/b`)), 404, 'KMS.0416');
    });

    it('enforces lengths, characters and the limit of 10 tags', async () => {
      const keyId = await createKey(emu);
      const add = (tag: unknown): ReturnType<TestEmulator['request']> => emu.request('POST', kmsPath(`${keyId}/tags`), { tag });
      expectKmsError(await add({ key: 'k'.repeat(37), value: 'v' }), 400, 'KMS.0411');
      expect((await add({ key: 'k'.repeat(36), value: 'v'.repeat(43) })).status).toBe(204);
      expectKmsError(await add({ key: 'k', value: 'v'.repeat(44) }), 400, 'KMS.0410');
      expectKmsError(await add({ key: 'a=b', value: 'v' }), 400, 'KMS.0406');
      expectKmsError(await add({ key: 'k', value: '<x>' }), 400, 'KMS.0405');
      const nine = Array.from({ length: 9 }, (_, i) => ({ key: `t${i}`, value: 'v' }));
      expect((await emu.request('POST', kmsPath(`${keyId}/tags/action`), { action: 'create', tags: nine })).status).toBe(204);
      expectKmsError(await add({ key: 'eleventh', value: 'v' }), 400, 'KMS.0409');
      expectKmsError(await emu.request('POST', kmsPath(`${keyId}/tags/action`), { action: 'move', tags: nine }), 400, 'KMS.0404');
      expectKmsError(await emu.request('POST', kmsPath(`${keyId}/tags/action`), { action: 'create', tags: [] }), 400, 'KMS.0401');
      expectKmsError(await emu.request('GET', kmsPath('00000000-0000-4000-8000-000000000000/tags')), 404, 'KMS.0207');
    });
  });

  describe('Function: resource_instances/action and project tags', () => {
    it('filters by tags and resource_name, counts, and pages with string limit/offset', async () => {
      // Prepare: 5 keys tagged team=blue (names "ri-blue-*"), 2 tagged team=red.
      const blue: string[] = [];
      for (let i = 0; i < 5; i++) {
        const keyId = await createKey(emu, { key_alias: uniqueAlias(`ri-blue-${i}`) });
        await emu.request('POST', kmsPath(`${keyId}/tags/action`), {
          action: 'create',
          tags: [{ key: 'team', value: 'blue' }, { key: 'env', value: i < 2 ? 'prod' : 'dev' }],
        });
        blue.push(keyId);
      }
      for (let i = 0; i < 2; i++) {
        const keyId = await createKey(emu, { key_alias: uniqueAlias('ri-red') });
        await emu.request('POST', kmsPath(`${keyId}/tags`), { tag: { key: 'team', value: 'red' } });
      }
      const query = (body: Record<string, unknown>): ReturnType<TestEmulator['request']> =>
        emu.request('POST', kmsPath('resource_instances/action'), body);
      // Act
      const page1 = await query({ action: 'filter', limit: '2', offset: '0', tags: [{ key: 'team', values: ['blue'] }] });
      const page3 = await query({ action: 'filter', limit: '2', offset: '4', tags: [{ key: 'team', values: ['blue'] }] });
      const prodBlue = await query({
        action: 'filter',
        tags: [{ key: 'team', values: ['blue', 'green'] }, { key: 'env', values: ['prod'] }],
      });
      const count = await query({ action: 'count', tags: [{ key: 'team', values: ['red'] }] });
      const byName = await query({ action: 'filter', matches: [{ key: 'resource_name', value: 'ri-blue-3' }] });
      // Assess
      expect(page1.body.total_count).toBe(5);
      expect(page1.body.resources.map((r: any) => r.resource_id)).toEqual(blue.slice(0, 2));
      expect(page3.body.resources.map((r: any) => r.resource_id)).toEqual(blue.slice(4));
      expect(page1.body.resources[0]).toMatchObject({
        resource_name: expect.stringMatching(/^ri-blue-0/),
        resource_detail: { key_id: blue[0], key_state: '5' },
        tags: [{ key: 'team', value: 'blue' }, { key: 'env', value: 'prod' }],
      });
      expect(prodBlue.body.resources.map((r: any) => r.resource_id)).toEqual(blue.slice(0, 2));
      expect(count.body).toEqual({ total_count: 2 });
      expect(byName.body.resources.map((r: any) => r.resource_id)).toEqual([blue[3]]);
    });

    it('refuses a bad action (KMS.0404), limit (KMS.1601), offset (KMS.0417) and match key (KMS.0403)', async () => {
      const query = (body: Record<string, unknown>): ReturnType<TestEmulator['request']> =>
        emu.request('POST', kmsPath('resource_instances/action'), body);
      expectKmsError(await query({ action: 'list' }), 400, 'KMS.0404');
      expectKmsError(await query({ action: 'filter', limit: '1001' }), 400, 'KMS.1601');
      expectKmsError(await query({ action: 'filter', offset: '-1' }), 400, 'KMS.0417');
      expectKmsError(await query({ action: 'filter', matches: [{ key: 'key_id', value: 'x' }] }), 400, 'KMS.0403');
    });

    it('lists the project\'s tag keys with their values', async () => {
      const keyId = await createKey(emu);
      await emu.request('POST', kmsPath(`${keyId}/tags`), { tag: { key: 'project-tag', value: 'v1' } });
      const res = await emu.request('GET', kmsPath('tags'));
      expect(res.body.tags).toContainEqual({ key: 'project-tag', values: ['v1'] });
    });
  });

  describe('Function: aliases', () => {
    it('creates (201), lists with pages, moves and deletes aliases', async () => {
      // Prepare
      const [oldKey, newKey] = [await createKey(emu), await createKey(emu)];
      const names = ['alias/rot-a', 'alias/rot-b', 'alias/rot-c'];
      // Act + Assess
      for (const alias of names) {
        const res = await emu.request('POST', kmsPath('aliases'), { key_id: oldKey, alias });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          key_id: oldKey,
          alias,
          alias_urn: `kms:${emu.region}:${emu.domainId}:alias:${alias.slice('alias/'.length)}`,
          domain_id: emu.domainId,
        });
      }
      expectKmsError(await emu.request('POST', kmsPath('aliases'), { key_id: newKey, alias: 'alias/rot-a' }), 400, 'KMS.1104');
      expectKmsError(await emu.request('POST', kmsPath('aliases'), { key_id: newKey, alias: 'no-prefix' }), 400, 'KMS.0308');
      const first = await emu.request('GET', kmsPath(`aliases?key_id=${oldKey}&limit=2`));
      expect(first.body.aliases.map((a: any) => a.alias)).toEqual(['alias/rot-a', 'alias/rot-b']);
      expect(first.body.page_info).toEqual({ next_marker: 'alias/rot-b', current_count: 2 });
      const second = await emu.request('GET', kmsPath(`aliases?key_id=${oldKey}&limit=2&marker=alias/rot-b`));
      expect(second.body.aliases.map((a: any) => a.alias)).toEqual(['alias/rot-c']);
      expect(second.body.page_info.next_marker).toBe('');

      const moved = await emu.request('POST', kmsPath('alias/associate'), { alias: 'alias/rot-a', target_key_id: newKey });
      expect(moved.body.key_id).toBe(newKey);
      expect((await kmsCall(emu, 'describe-key', { key_id: 'alias/rot-a' })).body.key_info.key_id).toBe(newKey);

      expectKmsError(await emu.request('DELETE', kmsPath('aliases'), { key_id: oldKey, aliases: ['alias/rot-a'] }), 404, 'KMS.0207');
      expect((await emu.request('DELETE', kmsPath('aliases'), { key_id: oldKey, aliases: ['alias/rot-b'] })).status).toBe(200);
      const left = await emu.request('GET', kmsPath(`aliases?key_id=${oldKey}`));
      expect(left.body.aliases.map((a: any) => a.alias)).toEqual(['alias/rot-c']);
    });
  });
});
