import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { CsmsClient } from '../../lib/huawei/CsmsClient.js';
import { fakeConfig, NO_WAIT, startHuaweiFake } from '../helpers/huawei-fake.js';
import type { HuaweiFake } from '../helpers/huawei-fake.js';

const SECRETS = '/v1/{project_id}/secrets';
const MATERIAL_B64 = 'q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=';

/** A secret object as CSMS sends it (times in epoch milliseconds, as seen in practice). */
const WIRE_SECRET = {
  id: '7c9b8d3e-0000-4000-8000-000000000001',
  name: 'app-material',
  state: 'ENABLED',
  kms_key_id: 'b168fe00ff56492495a7d22974df2d0b',
  description: '',
  create_time: 1581507580000,
  update_time: 1581507580000,
  scheduled_delete_time: null,
  secret_type: 'COMMON',
  auto_rotation: false,
  event_subscriptions: ['byok-new-version'],
};

function versionMetadata(id: string, stages: string[]): Record<string, unknown> {
  return { id, create_time: 1581507580, expire_time: null, kms_key_id: 'k', secret_name: 'app-material', version_stages: stages };
}

describe('Class: CsmsClient', () => {
  let fake: HuaweiFake;
  let csms: CsmsClient;

  beforeAll(async () => {
    fake = await startHuaweiFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    csms = new CsmsClient({ config: fakeConfig(fake), retry: NO_WAIT });
  });

  it('creates a binary secret and returns its metadata', async () => {
    fake.on('POST', SECRETS, { body: { secret: WIRE_SECRET } });

    const secret = await csms.createSecret({ name: 'app-material', secretBinary: new SecretValue(MATERIAL_B64), eventSubscriptions: ['byok-new-version'] });

    expect(fake.requests.at(-1)).toMatchObject({
      path: `/v1/${fake.projectId}/secrets`,
      body: { name: 'app-material', secret_binary: MATERIAL_B64, event_subscriptions: ['byok-new-version'] },
    });
    expect(secret).toEqual({
      id: WIRE_SECRET.id,
      name: 'app-material',
      state: 'ENABLED',
      kmsKeyId: WIRE_SECRET.kms_key_id,
      createTime: new Date(1581507580000),
      updateTime: new Date(1581507580000),
      secretType: 'COMMON',
      autoRotation: false,
      eventSubscriptions: ['byok-new-version'],
    });
  });

  it('shows a secret by name', async () => {
    fake.on('GET', `${SECRETS}/app-material`, { body: { secret: { ...WIRE_SECRET, auto_rotation: 'true' } } });

    const secret = await csms.showSecret('app-material');

    expect(secret.autoRotation).toBe(true);
    expect(fake.requests.at(-1)?.method).toBe('GET');
  });

  it('creates a version with its stages and expiry in epoch seconds', async () => {
    fake.on('POST', `${SECRETS}/app-material/versions`, { body: { version_metadata: versionMetadata('v2', ['SYSCURRENT']) } });

    const metadata = await csms.createSecretVersion('app-material', {
      secretString: 'text-value',
      versionStages: ['SYSCURRENT'],
      expireTime: new Date('2030-01-01T00:00:00Z'),
    });

    expect(fake.requests.at(-1)?.body).toEqual({ secret_string: 'text-value', version_stages: ['SYSCURRENT'], expire_time: 1893456000 });
    expect(metadata).toEqual({ id: 'v2', secretName: 'app-material', createTime: new Date(1581507580000), kmsKeyId: 'k', versionStages: ['SYSCURRENT'] });
  });

  it('shows a version by id with the value wrapped and redacted in every printed form', async () => {
    fake.on('GET', `${SECRETS}/app-material/versions/v1`, { body: { version: { version_metadata: versionMetadata('v1', ['SYSPREVIOUS']), secret_binary: MATERIAL_B64 } } });

    const version = await csms.showSecretVersion('app-material', 'v1');

    expect(version.metadata.id).toBe('v1');
    expect(version.secretBinary?.reveal()).toBe(MATERIAL_B64);
    expect(version.secretString).toBeUndefined();
    for (const printed of [JSON.stringify(version), inspect(version, { depth: 5 }), String(version.secretBinary), `${version.secretBinary}`]) {
      expect(printed).not.toContain(MATERIAL_B64);
    }
  });

  it('shows the latest version through the literal "latest" id', async () => {
    fake.on('GET', `${SECRETS}/app-material/versions/latest`, { body: { version: { version_metadata: versionMetadata('v3', ['SYSCURRENT']), secret_string: 'current' } } });

    const version = await csms.showSecretVersion('app-material', 'latest');

    expect(version.metadata).toMatchObject({ id: 'v3', versionStages: ['SYSCURRENT'] });
    expect(version.secretString?.reveal()).toBe('current');
  });

  it('lists every version across pages', async () => {
    fake.on(
      'GET',
      `${SECRETS}/app-material/versions`,
      { body: { version_metadatas: [versionMetadata('v3', ['SYSCURRENT']), versionMetadata('v2', ['SYSPREVIOUS'])], page_info: { next_marker: 'v2', current_count: 2 } } },
      { body: { version_metadatas: [versionMetadata('v1', [])], page_info: { next_marker: null, current_count: 1 } } },
    );

    const versions = await csms.listSecretVersions('app-material');

    expect(versions.map((v) => v.id)).toEqual(['v3', 'v2', 'v1']);
    expect(versions[2]?.versionStages).toEqual([]);
    expect(fake.requestsTo('GET', `${SECRETS}/app-material/versions`).map((r) => r.query)).toEqual([{}, { marker: 'v2' }]);
  });

  it('maps a flat CSMS error to its code, status and advice', async () => {
    fake.on('GET', `${SECRETS}/missing/versions/v9`, { status: 404, body: { error_code: 'CSMS.0005', error_msg: 'The secret version does not exist.' } });

    const error = await csms.showSecretVersion('missing', 'v9').catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'CloudApiError', code: 'CSMS.0005', httpStatus: 404, operation: 'showSecretVersion', retryable: false });
    expect((error as Error).message).toMatch(/CSMS\.0005 \(HTTP 404\).*check the secret name and version id/);
  });
});
