import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCsmsHarness, type CsmsHarness, type CsmsReply, START_MS } from './csms-harness.js';

const SECRET = '/v1/{project_id}/secrets/material';
const VERSIONS = `${SECRET}/versions`;

let cloud: CsmsHarness;
beforeEach(() => {
  cloud = createCsmsHarness();
  cloud.call('POST', '/v1/{project_id}/secrets', { name: 'material', secret_string: 'value-1' });
});
afterEach(() => cloud.close());

function expectError(reply: CsmsReply, status: number, code: string): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error_code: code, error_msg: expect.any(String) });
}

function stagesOf(id: string): string[] {
  return cloud.call('GET', `${VERSIONS}/${id}`).body.version.version_metadata.version_stages;
}

function addVersion(body: Record<string, unknown>): CsmsReply {
  return cloud.call('POST', VERSIONS, body);
}

describe('Route: create version (POST .../secrets/{secret_name}/versions)', () => {
  it('numbers versions v2, v3 and moves SYSCURRENT, the old holder becoming SYSPREVIOUS', () => {
    // Act
    cloud.advanceSeconds(60);
    const v2 = addVersion({ secret_string: 'value-2' });
    // Assess
    expect(v2.status).toBe(200);
    expect(v2.body).toEqual({
      version_metadata: {
        id: 'v2',
        create_time: START_MS + 60_000,
        kms_key_id: expect.any(String),
        secret_name: 'material',
        version_stages: ['SYSCURRENT'],
      },
    });
    expect(stagesOf('v1')).toEqual(['SYSPREVIOUS']);

    const v3 = addVersion({ secret_string: 'value-3' });
    expect(v3.body.version_metadata.id).toBe('v3');
    expect(stagesOf('v3')).toEqual(['SYSCURRENT']);
    expect(stagesOf('v2')).toEqual(['SYSPREVIOUS']);
    expect(stagesOf('v1')).toEqual([]);
    expect(cloud.call('GET', '/v1/{project_id}/secrets/material').body.secret.update_time).toBe(START_MS + 60_000);
  });

  it('leaves SYSCURRENT where it is when the new version gets other stages only', () => {
    const pending = addVersion({ secret_string: 'value-2', version_stages: ['PENDING'] });
    expect(pending.body.version_metadata.version_stages).toEqual(['PENDING']);
    expect(stagesOf('v1')).toEqual(['SYSCURRENT']);
    expect(cloud.call('GET', `${VERSIONS}/latest`).body.version.secret_string).toBe('value-1');
  });

  it('moves a custom stage from its old version to the new one', () => {
    addVersion({ secret_string: 'value-2', version_stages: ['PENDING'] });
    addVersion({ secret_string: 'value-3', version_stages: ['PENDING', 'SYSCURRENT'] });
    expect(stagesOf('v3')).toEqual(['PENDING', 'SYSCURRENT']);
    expect(stagesOf('v2')).toEqual([]);
    expect(stagesOf('v1')).toEqual(['SYSPREVIOUS']);
  });

  it('keeps the expire_time it is given', () => {
    const created = addVersion({ secret_string: 'value-2', expire_time: 1_893_456_000_000 });
    expect(created.body.version_metadata.expire_time).toBe(1_893_456_000_000);
    expect(cloud.call('GET', `${VERSIONS}/v2`).body.version.version_metadata.expire_time).toBe(1_893_456_000_000);
    expect(cloud.call('GET', `${VERSIONS}/v1`).body.version.version_metadata).not.toHaveProperty('expire_time');
  });

  it('allows 20 versions per secret, then refuses with 400 CSMS.0202', () => {
    for (let n = 2; n <= 20; n += 1) {
      expect(addVersion({ secret_string: `value-${n}` }).body.version_metadata.id).toBe(`v${n}`);
    }
    expectError(addVersion({ secret_string: 'value-21' }), 400, 'CSMS.0202');
    const listed = cloud.call('GET', VERSIONS).body;
    expect(listed.version_metadatas).toHaveLength(20);
    expect(cloud.call('GET', `${VERSIONS}/latest`).body.version.secret_string).toBe('value-20');
  });

  it('refuses a 13th distinct stage on the secret with CSMS.0203 and changes nothing', () => {
    // SYSCURRENT, SYSPREVIOUS and ten custom stages make twelve.
    const ten = Array.from({ length: 10 }, (_, i) => `S${i}`);
    expect(addVersion({ secret_string: 'value-2', version_stages: ['SYSCURRENT', ...ten] }).status).toBe(200);
    expectError(addVersion({ secret_string: 'value-3', version_stages: ['ONE-TOO-MANY'] }), 400, 'CSMS.0203');
    const listed = cloud.call('GET', VERSIONS).body;
    expect(listed.version_metadatas.map((v: { id: string }) => v.id)).toEqual(['v1', 'v2']);
  });

  it.each([
    ['an empty version_stages', { secret_string: 'v', version_stages: [] }],
    ['13 version_stages', { secret_string: 'v', version_stages: Array.from({ length: 13 }, (_, i) => `S${i}`) }],
    ['a 65-byte stage', { secret_string: 'v', version_stages: ['s'.repeat(65)] }],
    ['an empty stage name', { secret_string: 'v', version_stages: [''] }],
    ['a non-string stage', { secret_string: 'v', version_stages: [7] }],
    ['a string version_stages', { secret_string: 'v', version_stages: 'SYSCURRENT' }],
    ['no value', {}],
    ['both values', { secret_string: 'v', secret_binary: 'AAEC' }],
    ['bad base64', { secret_binary: '***' }],
    ['a negative expire_time', { secret_string: 'v', expire_time: -1 }],
    ['a string expire_time', { secret_string: 'v', expire_time: '1893456000' }],
  ])('refuses %s with 400 CSMS.0002', (_what, body) => {
    expectError(addVersion(body), 400, 'CSMS.0002');
    expect(cloud.call('GET', VERSIONS).body.version_metadatas).toHaveLength(1);
  });

  it('answers a missing secret with CSMS.0005', () => {
    expectError(cloud.call('POST', '/v1/{project_id}/secrets/nope/versions', { secret_string: 'v' }), 400, 'CSMS.0005');
  });
});

describe('Route: show version (GET .../versions/{version_id})', () => {
  it('returns a text value as secret_string and a binary one as secret_binary', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x80]), randomBytes(60)]);
    addVersion({ secret_binary: bytes.toString('base64') });
    addVersion({ secret_string: 'pässwörd ✓' });

    const binary = cloud.call('GET', `${VERSIONS}/v2`).body.version;
    expect(Object.keys(binary).sort()).toEqual(['secret_binary', 'version_metadata']);
    expect(Buffer.from(binary.secret_binary, 'base64').equals(bytes)).toBe(true);

    const text = cloud.call('GET', `${VERSIONS}/v3`).body.version;
    expect(Object.keys(text).sort()).toEqual(['secret_string', 'version_metadata']);
    expect(text.secret_string).toBe('pässwörd ✓');
  });

  it('reads the SYSCURRENT holder as latest', () => {
    addVersion({ secret_string: 'value-2' });
    const latest = cloud.call('GET', `${VERSIONS}/latest`);
    expect(latest.status).toBe(200);
    expect(latest.body.version).toEqual({
      version_metadata: {
        id: 'v2',
        create_time: START_MS,
        kms_key_id: expect.any(String),
        secret_name: 'material',
        version_stages: ['SYSCURRENT'],
      },
      secret_string: 'value-2',
    });
    cloud.call('PUT', `${SECRET}/stages/SYSCURRENT`, { version_id: 'v1' });
    expect(cloud.call('GET', `${VERSIONS}/latest`).body.version.secret_string).toBe('value-1');
  });

  it.each(['v2', 'v0', 'V1', '1', 'abc', 'v1x'])('answers version %j with 400 CSMS.0005', (id) => {
    expectError(cloud.call('GET', `${VERSIONS}/${id}`), 400, 'CSMS.0005');
  });

  it('answers a missing secret with CSMS.0005', () => {
    expectError(cloud.call('GET', '/v1/{project_id}/secrets/nope/versions/latest'), 400, 'CSMS.0005');
  });
});

describe('Route: list versions (GET .../versions?marker=&limit=)', () => {
  beforeEach(() => {
    for (let n = 2; n <= 5; n += 1) addVersion({ secret_string: `value-${n}` });
  });

  it('lists metadata only, oldest first, 50 per page by default', () => {
    const listed = cloud.call('GET', VERSIONS);
    expect(listed.status).toBe(200);
    expect(listed.body.page_info).toEqual({ current_count: 5 });
    expect(listed.body.version_metadatas.map((v: { id: string }) => v.id)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    expect(listed.body.version_metadatas[4]).toEqual({
      id: 'v5',
      create_time: START_MS,
      kms_key_id: expect.any(String),
      secret_name: 'material',
      version_stages: ['SYSCURRENT'],
    });
    expect(JSON.stringify(listed.body)).not.toContain('value-');
  });

  it('pages with limit and marker', () => {
    const first = cloud.call('GET', `${VERSIONS}?limit=2`).body;
    expect(first.version_metadatas.map((v: { id: string }) => v.id)).toEqual(['v1', 'v2']);
    expect(first.page_info).toEqual({ current_count: 2, next_marker: 'v2' });

    const second = cloud.call('GET', `${VERSIONS}?limit=2&marker=${first.page_info.next_marker}`).body;
    expect(second.version_metadatas.map((v: { id: string }) => v.id)).toEqual(['v3', 'v4']);
    expect(second.page_info).toEqual({ current_count: 2, next_marker: 'v4', previous_marker: 'v2' });

    const last = cloud.call('GET', `${VERSIONS}?limit=2&marker=v4`).body;
    expect(last.version_metadatas.map((v: { id: string }) => v.id)).toEqual(['v5']);
    expect(last.page_info).toEqual({ current_count: 1, previous_marker: 'v4' });

    const past = cloud.call('GET', `${VERSIONS}?marker=v5`).body;
    expect(past).toEqual({ version_metadatas: [], page_info: { current_count: 0, previous_marker: 'v5' } });
  });

  it.each(['limit=0', 'limit=-1', 'limit=abc', 'limit=1001', 'marker=5', 'marker=latest'])(
    'refuses %s with 400 CSMS.0002',
    (query) => {
      expectError(cloud.call('GET', `${VERSIONS}?${query}`), 400, 'CSMS.0002');
    },
  );

  it('answers a missing secret with CSMS.0005', () => {
    expectError(cloud.call('GET', '/v1/{project_id}/secrets/nope/versions'), 400, 'CSMS.0005');
  });
});
