import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeyState } from '../../lib/domain/KeyState.js';
import { KmsClient } from '../../lib/huawei/KmsClient.js';
import { fakeConfig, NO_WAIT, startHuaweiFake } from '../helpers/huawei-fake.js';
import type { HuaweiFake } from '../helpers/huawei-fake.js';

const KMS = '/v1.0/{project_id}/kms';
const KEY_ID = '0d0466b0-e727-4d9c-b35d-f84bb474a37f';

/** A resource_instances resource as in the OTC example: numbers in resource_detail unquoted. */
function resource(keyId: string, state: number): Record<string, unknown> {
  return {
    resource_id: keyId,
    resource_name: `alias/${keyId.slice(0, 4)}`,
    resource_detail: { key_id: keyId, key_state: state, creation_date: 1521449277000, expiration_time: 1735689600000, origin: 'external', default_key_flag: 0 },
    tags: [
      { key: 'byok:managed', value: 'true' },
      { key: 'byok:version', value: 'v3' },
    ],
  };
}

describe('Class: KmsTagClient', () => {
  let fake: HuaweiFake;
  let kms: KmsClient;

  beforeAll(async () => {
    fake = await startHuaweiFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    kms = new KmsClient({ config: fakeConfig(fake), retry: NO_WAIT });
  });

  it('adds one tag under the key path', async () => {
    fake.on('POST', `${KMS}/{key_id}/tags`.replace('{key_id}', KEY_ID), { status: 204 });

    await kms.tags.createKeyTag(KEY_ID, { key: 'byok:managed', value: 'true' });

    const request = fake.requests.at(-1);
    expect(request?.path).toBe(`/v1.0/${fake.projectId}/kms/${KEY_ID}/tags`);
    expect(request?.body).toEqual({ tag: { key: 'byok:managed', value: 'true' } });
  });

  it('creates and deletes tags in batches with the action on the wire', async () => {
    fake.on('POST', `${KMS}/${KEY_ID}/tags/action`, { status: 204 });

    await kms.tags.batchCreateKeyTags(KEY_ID, [
      { key: 'byok:secret', value: 'app-material' },
      { key: 'byok:version', value: 'v3' },
    ]);
    await kms.tags.batchDeleteKeyTags(KEY_ID, [{ key: 'byok:fp' }]);

    const bodies = fake.requestsTo('POST', `${KMS}/${KEY_ID}/tags/action`).map((r) => r.body);
    expect(bodies).toEqual([
      { action: 'create', tags: [{ key: 'byok:secret', value: 'app-material' }, { key: 'byok:version', value: 'v3' }] },
      { action: 'delete', tags: [{ key: 'byok:fp' }] },
    ]);
  });

  it('shows the tags of a key', async () => {
    fake.on('GET', `${KMS}/${KEY_ID}/tags`, { body: { tags: [{ key: 'byok:ttl', value: '30d' }], existTagsNum: 1 } });

    expect(await kms.tags.showKeyTags(KEY_ID)).toEqual([{ key: 'byok:ttl', value: '30d' }]);
    expect(fake.requests.at(-1)?.method).toBe('GET');
  });

  it('queries keys by tags across pages, reading unquoted numbers in resource_detail', async () => {
    const ids = ['aaaaaaaa-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000003'];
    fake.on(
      'POST',
      `${KMS}/resource_instances/action`,
      { body: { resources: [resource(ids[0]!, 2), resource(ids[1]!, 5)], total_count: 3 } },
      { body: { resources: [resource(ids[2]!, 3)], total_count: 3 } },
    );
    const query = { tags: [{ key: 'byok:managed', values: ['true'] }] };

    const found = await kms.tags.listAllKeysByTags(query, 2);

    expect(found.map((r) => r.resourceId)).toEqual(ids);
    expect(found[1]?.keyInfo).toMatchObject({ keyState: KeyState.PendingImport, keyStateCode: '5', expirationTime: new Date(1735689600000), defaultKey: false });
    expect(found[0]?.keyInfo?.creationDate).toEqual(new Date(1521449277000));
    expect(found[0]?.tags).toContainEqual({ key: 'byok:version', value: 'v3' });
    const bodies = fake.requestsTo('POST', `${KMS}/resource_instances/action`).map((r) => r.body);
    expect(bodies).toEqual([
      { action: 'filter', limit: '2', offset: '0', tags: [{ key: 'byok:managed', values: ['true'] }] },
      { action: 'filter', limit: '2', offset: '2', tags: [{ key: 'byok:managed', values: ['true'] }] },
    ]);
  });

  it('stops at an empty page even when total_count promised more', async () => {
    fake.on(
      'POST',
      `${KMS}/resource_instances/action`,
      { body: { resources: [resource('aaaaaaaa-0000-0000-0000-000000000001', 2)], total_count: 5 } },
      { body: { resources: [], total_count: 5 } },
    );

    const infos = await kms.tags.listAllKeyInfosByTags({ tags: [{ key: 'byok:managed', values: ['true'] }] });

    expect(infos).toHaveLength(1);
  });

  it('counts keys by tags with action count and a matches filter', async () => {
    fake.on('POST', `${KMS}/resource_instances/action`, { body: { total_count: '12' } });

    const count = await kms.tags.countKeysByTags({ tags: [{ key: 'byok:managed', values: ['true'] }], matches: [{ key: 'resource_name', value: 'alias/app' }] });

    expect(count).toBe(12);
    expect(fake.requests.at(-1)?.body).toEqual({
      action: 'count',
      tags: [{ key: 'byok:managed', values: ['true'] }],
      matches: [{ key: 'resource_name', value: 'alias/app' }],
    });
  });
});

describe('Class: KmsAliasClient', () => {
  let fake: HuaweiFake;
  let kms: KmsClient;

  beforeAll(async () => {
    fake = await startHuaweiFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    kms = new KmsClient({ config: fakeConfig(fake), retry: NO_WAIT });
  });

  it('creates an alias and reads the alias entity', async () => {
    fake.on('POST', `${KMS}/aliases`, {
      status: 201,
      body: { domain_id: 'd1', key_id: KEY_ID, alias: 'alias/app', alias_urn: 'kms:cn-north-4:d1:alias:app', create_time: '1700000000000', update_time: '1700000000000' },
    });

    const alias = await kms.aliases.createAlias(KEY_ID, 'alias/app');

    expect(alias).toEqual({ alias: 'alias/app', keyId: KEY_ID, aliasUrn: 'kms:cn-north-4:d1:alias:app', domainId: 'd1', createTime: new Date(1700000000000), updateTime: new Date(1700000000000) });
    expect(fake.requests.at(-1)?.body).toEqual({ key_id: KEY_ID, alias: 'alias/app' });
  });

  it('lists aliases of a key across pages with the query on the wire', async () => {
    fake.on(
      'GET',
      `${KMS}/aliases`,
      { body: { aliases: [{ key_id: KEY_ID, alias: 'alias/a' }], page_info: { next_marker: 'alias/a', current_count: 1 } } },
      { body: { aliases: [{ key_id: KEY_ID, alias: 'alias/b', create_time: 'not a time' }], page_info: { next_marker: '' } } },
    );

    const aliases = await kms.aliases.listAliases(KEY_ID);

    expect(aliases.map((a) => a.alias)).toEqual(['alias/a', 'alias/b']);
    expect(aliases[1]?.createTime).toBeUndefined();
    expect(fake.requestsTo('GET', `${KMS}/aliases`).map((r) => r.query)).toEqual([{ key_id: KEY_ID }, { key_id: KEY_ID, marker: 'alias/a' }]);
  });

  it('moves an alias to another key', async () => {
    fake.on('POST', `${KMS}/alias/associate`, { body: {} });

    await kms.aliases.associateAlias('alias/app', 'bbbbbbbb-0000-0000-0000-000000000000');

    expect(fake.requests.at(-1)?.body).toEqual({ alias: 'alias/app', target_key_id: 'bbbbbbbb-0000-0000-0000-000000000000' });
  });

  it('deletes aliases with a DELETE carrying a body', async () => {
    fake.on('DELETE', `${KMS}/aliases`, { status: 204 });

    await kms.aliases.deleteAliases(KEY_ID, ['alias/old']);

    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', body: { key_id: KEY_ID, aliases: ['alias/old'] } });
  });
});
