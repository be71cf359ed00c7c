import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCsmsHarness, type CsmsHarness, type CsmsReply, START_MS } from './csms-harness.js';

const SECRET = '/v1/{project_id}/secrets/rotating';
const STAGES = `${SECRET}/stages`;

let cloud: CsmsHarness;
beforeEach(() => {
  cloud = createCsmsHarness();
  cloud.call('POST', '/v1/{project_id}/secrets', { name: 'rotating', secret_string: 'value-1' });
  cloud.advanceSeconds(10);
  cloud.call('POST', `${SECRET}/versions`, { secret_string: 'value-2' });
});
afterEach(() => cloud.close());

function expectError(reply: CsmsReply, status: number, code: string): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error_code: code, error_msg: expect.any(String) });
}

function holderOf(stage: string): string | undefined {
  const reply = cloud.call('GET', `${STAGES}/${stage}`);
  return reply.status === 200 ? reply.body.stage.version_id : undefined;
}

describe('Route: show stage (GET .../stages/{stage_name})', () => {
  it('tells which version a stage labels', () => {
    expect(cloud.call('GET', `${STAGES}/SYSCURRENT`)).toEqual({
      status: 200,
      body: { stage: { name: 'SYSCURRENT', update_time: START_MS + 10_000, secret_name: 'rotating', version_id: 'v2' } },
    });
    expect(holderOf('SYSPREVIOUS')).toBe('v1');
  });

  it('answers a missing stage or secret with CSMS.0005', () => {
    expectError(cloud.call('GET', `${STAGES}/PENDING`), 400, 'CSMS.0005');
    expectError(cloud.call('GET', '/v1/{project_id}/secrets/nope/stages/SYSCURRENT'), 400, 'CSMS.0005');
  });
});

describe('Route: update stage (PUT .../stages/{stage_name})', () => {
  it('creates a custom stage on a version, then moves it', () => {
    const created = cloud.call('PUT', `${STAGES}/PENDING`, { version_id: 'v1' });
    expect(created.body).toEqual({
      stage: { name: 'PENDING', update_time: START_MS + 10_000, secret_name: 'rotating', version_id: 'v1' },
    });
    cloud.advanceSeconds(5);
    const moved = cloud.call('PUT', `${STAGES}/PENDING`, { version_id: 'v2' });
    expect(moved.body.stage).toMatchObject({ version_id: 'v2', update_time: START_MS + 15_000 });
    const v1 = cloud.call('GET', `${SECRET}/versions/v1`).body.version.version_metadata;
    expect(v1.version_stages).toEqual(['SYSPREVIOUS']);
  });

  it('rolls back: moving SYSCURRENT to v1 makes v2 SYSPREVIOUS', () => {
    const moved = cloud.call('PUT', `${STAGES}/SYSCURRENT`, { version_id: 'v1' });
    expect(moved.status).toBe(200);
    expect(holderOf('SYSCURRENT')).toBe('v1');
    expect(holderOf('SYSPREVIOUS')).toBe('v2');
    expect(cloud.call('GET', `${SECRET}/versions/latest`).body.version.secret_string).toBe('value-1');
  });

  it('does nothing else when SYSCURRENT is put on its own holder', () => {
    cloud.call('PUT', `${STAGES}/SYSCURRENT`, { version_id: 'v2' });
    expect(holderOf('SYSCURRENT')).toBe('v2');
    expect(holderOf('SYSPREVIOUS')).toBe('v1');
  });

  it('refuses a 13th stage with CSMS.0203', () => {
    for (let i = 0; i < 10; i += 1) expect(cloud.call('PUT', `${STAGES}/S${i}`, { version_id: 'v1' }).status).toBe(200);
    expectError(cloud.call('PUT', `${STAGES}/S10`, { version_id: 'v1' }), 400, 'CSMS.0203');
    // Moving an existing stage is still fine at the limit.
    expect(cloud.call('PUT', `${STAGES}/S0`, { version_id: 'v2' }).status).toBe(200);
  });

  it('refuses a missing or malformed version_id', () => {
    expectError(cloud.call('PUT', `${STAGES}/PENDING`, { version_id: 'v9' }), 400, 'CSMS.0005');
    expectError(cloud.call('PUT', `${STAGES}/PENDING`, { version_id: 'latest' }), 400, 'CSMS.0005');
    expectError(cloud.call('PUT', `${STAGES}/PENDING`, {}), 400, 'CSMS.0002');
    expectError(cloud.call('PUT', `${STAGES}/PENDING`, { version_id: 2 }), 400, 'CSMS.0002');
    expectError(cloud.call('PUT', `${STAGES}/${'S'.repeat(65)}`, { version_id: 'v1' }), 400, 'CSMS.0002');
    expectError(cloud.call('PUT', '/v1/{project_id}/secrets/nope/stages/X', { version_id: 'v1' }), 400, 'CSMS.0005');
  });
});

describe('Route: delete stage (DELETE .../stages/{stage_name})', () => {
  it('removes a custom stage', () => {
    cloud.call('PUT', `${STAGES}/PENDING`, { version_id: 'v1' });
    expect(cloud.call('DELETE', `${STAGES}/PENDING`)).toEqual({ status: 204, body: undefined });
    expectError(cloud.call('GET', `${STAGES}/PENDING`), 400, 'CSMS.0005');
    expect(cloud.call('GET', `${SECRET}/versions/v1`).body.version.version_metadata.version_stages).toEqual([
      'SYSPREVIOUS',
    ]);
  });

  it.each(['SYSCURRENT', 'SYSPREVIOUS'])('refuses to delete %s with 400 CSMS.0105', (stage) => {
    expectError(cloud.call('DELETE', `${STAGES}/${stage}`), 400, 'CSMS.0105');
    expect(holderOf(stage)).toBeDefined();
  });

  it('answers a missing stage with CSMS.0005', () => {
    expectError(cloud.call('DELETE', `${STAGES}/PENDING`), 400, 'CSMS.0005');
  });
});
