import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCsmsHarness, type CsmsHarness, START_MS } from './csms-harness.js';

const SECRETS = '/v1/{project_id}/secrets';
const VALUE = 'correct-horse-battery-staple';
const DAY_S = 86_400;

let cloud: CsmsHarness;
beforeEach(() => {
  cloud = createCsmsHarness();
});
afterEach(() => cloud.close());

function expectError(reply: { status: number; body: unknown }, status: number, code: string): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error_code: code, error_msg: expect.any(String) });
  // Whatever went wrong, a secret value never travels back in an error.
  expect(JSON.stringify(reply.body)).not.toContain(VALUE);
}

describe('Route: create secret (POST /v1/{project_id}/secrets)', () => {
  it('creates an ENABLED COMMON secret with version v1 labelled SYSCURRENT', () => {
    // Act
    const created = cloud.call('POST', SECRETS, { name: 'db-password', secret_string: VALUE });
    // Assess
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      secret: {
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        name: 'db-password',
        state: 'ENABLED',
        kms_key_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        description: '',
        create_time: START_MS,
        update_time: START_MS,
        scheduled_delete_time: null,
        secret_type: 'COMMON',
        auto_rotation: false,
        event_subscriptions: [],
        enterprise_project_id: '0',
      },
    });
    const latest = cloud.call('GET', `${SECRETS}/db-password/versions/latest`);
    expect(latest.body.version.secret_string).toBe(VALUE);
    expect(latest.body.version.version_metadata).toMatchObject({ id: 'v1', version_stages: ['SYSCURRENT'] });
  });

  it('uses one stable csms/default key id per project when kms_key_id is absent', () => {
    const a = cloud.call('POST', SECRETS, { name: 'a', secret_string: VALUE }).body.secret;
    const b = cloud.call('POST', SECRETS, { name: 'b', secret_string: VALUE }).body.secret;
    const other = cloud.call('POST', SECRETS, { name: 'a', secret_string: VALUE }, 'ffffffffffffffffffffffffffffffff');
    expect(a.kms_key_id).toBe(b.kms_key_id);
    expect(other.status).toBe(200);
    expect(other.body.secret.kms_key_id).not.toBe(a.kms_key_id);
  });

  it('stores the optional fields it is given', () => {
    const created = cloud.call('POST', SECRETS, {
      name: 'rds.admin',
      secret_string: VALUE,
      kms_key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f',
      description: 'admin password',
      secret_type: 'RDS-FG',
      rotation_config: '{"InstanceId":"i-1","SecretSubType":"SingleUser"}',
      auto_rotation: true,
      rotation_period: '30d',
      event_subscriptions: ['version-created'],
      enterprise_project_id: 'ep-1',
      rotation_func_urn: 'urn:fss:xx-test-1:p:function:default:rotate:latest',
    });
    expect(created.status).toBe(200);
    expect(created.body.secret).toMatchObject({
      name: 'rds.admin',
      kms_key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f',
      description: 'admin password',
      secret_type: 'RDS-FG',
      rotation_config: '{"InstanceId":"i-1","SecretSubType":"SingleUser"}',
      auto_rotation: true,
      rotation_period: '30d',
      event_subscriptions: ['version-created'],
      enterprise_project_id: 'ep-1',
      rotation_func_urn: 'urn:fss:xx-test-1:p:function:default:rotate:latest',
    });
    const version = cloud.call('GET', `${SECRETS}/rds.admin/versions/v1`).body.version.version_metadata;
    expect(version.kms_key_id).toBe('0d0466b0-e727-4d9c-b35d-f84bb474a37f');
  });

  it('answers times in seconds when describe_time_unit is "s"', () => {
    cloud.config.describe_time_unit = 's';
    const created = cloud.call('POST', SECRETS, { name: 'in-seconds', secret_string: VALUE });
    expect(created.body.secret.create_time).toBe(START_MS / 1000);
  });

  it('refuses a duplicate name with 409 CSMS.0101', () => {
    cloud.call('POST', SECRETS, { name: 'dup', secret_string: VALUE });
    expectError(cloud.call('POST', SECRETS, { name: 'dup', secret_string: VALUE }), 409, 'CSMS.0101');
  });

  it.each([
    ['a missing name', { secret_string: VALUE }],
    ['an empty name', { name: '', secret_string: VALUE }],
    ['a name with a space', { name: 'a b', secret_string: VALUE }],
    ['a name with a slash', { name: 'a/b', secret_string: VALUE }],
    ['a 65-character name', { name: 'n'.repeat(65), secret_string: VALUE }],
    ['both values', { name: 'x', secret_string: VALUE, secret_binary: 'AAEC' }],
    ['no value', { name: 'x' }],
    ['an empty secret_string', { name: 'x', secret_string: '' }],
    ['a numeric secret_string', { name: 'x', secret_string: 42 }],
    ['secret_binary that is not base64', { name: 'x', secret_binary: 'not base64!' }],
    ['secret_binary with bad padding', { name: 'x', secret_binary: 'AAE' }],
    ['a value over 32 KB', { name: 'x', secret_string: 'v'.repeat(32 * 1024 + 1) }],
    ['a binary value over 32 KB', { name: 'x', secret_binary: Buffer.alloc(32 * 1024 + 1).toString('base64') }],
    ['a description over 2048 bytes', { name: 'x', secret_string: VALUE, description: 'é'.repeat(1025) }],
    ['an unknown secret_type', { name: 'x', secret_string: VALUE, secret_type: 'RDS' }],
    ['RDS-FG without rotation_config', { name: 'x', secret_string: VALUE, secret_type: 'RDS-FG' }],
    ['auto_rotation without a period', { name: 'x', secret_string: VALUE, auto_rotation: true }],
    ['a rotation period under 6 h', { name: 'x', secret_string: VALUE, rotation_period: '5h' }],
    ['a rotation period over 8760 h', { name: 'x', secret_string: VALUE, rotation_period: '366d' }],
    ['a malformed rotation period', { name: 'x', secret_string: VALUE, rotation_period: '1 week' }],
    ['two event subscriptions', { name: 'x', secret_string: VALUE, event_subscriptions: ['a', 'b'] }],
    ['a string auto_rotation', { name: 'x', secret_string: VALUE, auto_rotation: 'true' }],
  ])('refuses %s with 400 CSMS.0002', (_what, body) => {
    expectError(cloud.call('POST', SECRETS, body), 400, 'CSMS.0002');
    expectError(cloud.call('GET', `${SECRETS}/x`), 400, 'CSMS.0005');
  });

  it('accepts exactly 32 KB and a 64-character name with dots, dashes and underscores', () => {
    const name = `a.b-c_${'d'.repeat(58)}`;
    const created = cloud.call('POST', SECRETS, { name, secret_string: 'v'.repeat(32 * 1024) });
    expect(created.status).toBe(200);
  });

  it('refuses the 501st secret of a project with CSMS.0202', () => {
    for (let i = 0; i < 500; i += 1) {
      expect(cloud.call('POST', SECRETS, { name: `s${i}`, secret_string: 'x' }).status).toBe(200);
    }
    expectError(cloud.call('POST', SECRETS, { name: 's500', secret_string: VALUE }), 400, 'CSMS.0202');
  });
});

describe('Route: show secret (GET /v1/{project_id}/secrets/{secret_name})', () => {
  it('returns what create returned', () => {
    const created = cloud.call('POST', SECRETS, { name: 'shown', secret_string: VALUE });
    const shown = cloud.call('GET', `${SECRETS}/shown`);
    expect(shown).toEqual({ status: 200, body: created.body });
  });

  it('answers a missing secret with 400 CSMS.0005 (the documented status)', () => {
    expectError(cloud.call('GET', `${SECRETS}/nope`), 400, 'CSMS.0005');
  });

  it('does not show a secret of another project', () => {
    cloud.call('POST', SECRETS, { name: 'mine', secret_string: VALUE });
    expectError(cloud.call('GET', `${SECRETS}/mine`, {}, 'ffffffffffffffffffffffffffffffff'), 400, 'CSMS.0005');
  });
});

describe('Route: delete secret (DELETE /v1/{project_id}/secrets/{secret_name})', () => {
  it('deletes the secret and its versions at once', () => {
    cloud.call('POST', SECRETS, { name: 'gone', secret_string: VALUE });
    expect(cloud.call('DELETE', `${SECRETS}/gone`)).toEqual({ status: 204, body: undefined });
    expectError(cloud.call('GET', `${SECRETS}/gone`), 400, 'CSMS.0005');
    expectError(cloud.call('GET', `${SECRETS}/gone/versions/v1`), 400, 'CSMS.0005');
    expect(cloud.call('POST', SECRETS, { name: 'gone', secret_string: VALUE }).status).toBe(200);
    expect(cloud.call('GET', `${SECRETS}/gone/versions`).body.version_metadatas).toHaveLength(1);
  });

  it('answers a missing secret with CSMS.0005', () => {
    expectError(cloud.call('DELETE', `${SECRETS}/nope`), 400, 'CSMS.0005');
  });
});

describe('Route: scheduled deletion (POST .../scheduled-deleted-tasks/create|cancel)', () => {
  const schedule = (name: string, body: Record<string, unknown> = {}) =>
    cloud.call('POST', `${SECRETS}/${name}/scheduled-deleted-tasks/create`, body);
  const cancel = (name: string) => cloud.call('POST', `${SECRETS}/${name}/scheduled-deleted-tasks/cancel`);

  beforeEach(() => {
    cloud.call('POST', SECRETS, { name: 'doomed', secret_string: VALUE });
  });

  it('puts the secret in PENDING_DELETE for the recovery window (default 30 days)', () => {
    const scheduled = schedule('doomed');
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.secret).toMatchObject({
      state: 'PENDING_DELETE',
      scheduled_delete_time: START_MS + 30 * DAY_S * 1000,
    });
    expect(cloud.call('GET', `${SECRETS}/doomed`).body.secret.state).toBe('PENDING_DELETE');
  });

  it('refuses to read or add versions while pending deletion', () => {
    schedule('doomed', { recovery_window_in_days: 7 });
    expectError(cloud.call('GET', `${SECRETS}/doomed/versions/latest`), 403, 'CSMS.0109');
    expectError(
      cloud.call('POST', `${SECRETS}/doomed/versions`, { secret_string: VALUE }),
      400,
      'CSMS.0103',
    );
    expectError(cloud.call('PUT', `${SECRETS}/doomed/stages/custom`, { version_id: 'v1' }), 400, 'CSMS.0103');
    // Metadata stays listable.
    expect(cloud.call('GET', `${SECRETS}/doomed/versions`).status).toBe(200);
  });

  it('refuses a second schedule with CSMS.0107 and a needless cancel with CSMS.0108', () => {
    schedule('doomed', { recovery_window_in_days: 7 });
    expectError(schedule('doomed', { recovery_window_in_days: 7 }), 400, 'CSMS.0107');
    const cancelled = cancel('doomed');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.secret).toMatchObject({ state: 'ENABLED', scheduled_delete_time: null });
    expectError(cancel('doomed'), 400, 'CSMS.0108');
    expect(cloud.call('GET', `${SECRETS}/doomed/versions/latest`).body.version.secret_string).toBe(VALUE);
  });

  it.each([6, 31, 7.5, '7'])('refuses recovery_window_in_days %j with CSMS.0002', (days) => {
    expectError(schedule('doomed', { recovery_window_in_days: days }), 400, 'CSMS.0002');
  });

  it('deletes the secret once the clock passes the scheduled time', () => {
    schedule('doomed', { recovery_window_in_days: 7 });
    cloud.advanceSeconds(7 * DAY_S - 1);
    expect(cloud.call('GET', `${SECRETS}/doomed`).status).toBe(200);
    cloud.advanceSeconds(1);
    expectError(cloud.call('GET', `${SECRETS}/doomed`), 400, 'CSMS.0005');
  });

  it('answers a missing secret with CSMS.0005', () => {
    expectError(schedule('nope'), 400, 'CSMS.0005');
    expectError(cancel('nope'), 400, 'CSMS.0005');
  });
});
