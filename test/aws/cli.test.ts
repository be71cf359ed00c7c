/**
 * `byok plan|renew --cloud aws`, in process, against the AWS model (on the wall clock: the CLI's AWS backend reads
 * real time). The credentials and region are found the SDK's usual way: here AWS_REGION and fake keys in the
 * environment (the model answers before anything would be signed). Cost: about 2 s (the import pace is 1/s).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byokInProcess } from '../helpers/cli.js';
import { startAwsEnv } from './awsEnv.js';
import type { AwsEnv } from './awsEnv.js';

const HOUR_MS = 3_600_000;
const AWS_ENV = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAMODELMODELMODEL0', AWS_SECRET_ACCESS_KEY: 'model-secret', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };

describe('Command: byok plan|renew --cloud aws', () => {
  let env: AwsEnv;
  let ids: Record<string, string>;
  beforeEach(async () => {
    env = startAwsEnv({ model: { start: 'real' } });
    ids = {
      far: (await env.onboard({ alias: 'far', ttl: '30d' })).keyId,
      due: (await env.onboard({ alias: 'due', ttl: '3d' })).keyId,
      lost: (await env.onboard({ alias: 'lost', ttl: '3d' })).keyId,
    };
    env.model.kms.keys.get(ids['due']!)!.materials[0]!.validTo = new Date(Date.now() + 12 * HOUR_MS);
    env.model.kms.keys.get(ids['lost']!)!.materials[0]!.imported = false;
  });
  afterEach(() => env.close());

  it('plans every managed key on AWS and exits 1 for the key in PendingImport', async () => {
    // Act
    const out = await byokInProcess(['plan', '--cloud', 'aws', '--json'], AWS_ENV);

    // Assess
    expect(out.code, out.stderr).toBe(1);
    const { keys, backend } = JSON.parse(out.stdout) as { keys: Array<{ alias: string; action: string; state: string }>; backend: string };
    expect(backend).toBe('AWS (eu-west-1)');
    expect(Object.fromEntries(keys.map((k) => [k.alias, `${k.action} ${k.state}`]))).toEqual({ far: 'skip Enabled', due: 'renew Enabled', lost: 'recover PendingImport' });
    expect(env.model.callsOf('ImportKeyMaterial')).toHaveLength(3);
  });

  it('renews in place and recovers; refuses delete-first and an unknown cloud with one line, touching nothing', async () => {
    // Act
    const refused = await byokInProcess(['renew', '--cloud', 'aws', '--mode', 'delete-first'], AWS_ENV);
    const unknown = await byokInProcess(['plan', '--cloud', 'gcp'], AWS_ENV);
    const renewed = await byokInProcess(['renew', '--cloud', 'aws', '--json'], AWS_ENV);

    // Assess
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^byok renew: renewal mode delete-first is not available on AWS/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown).toMatchObject({ code: 2, stderr: 'byok plan: --cloud must be huawei or aws\n' });
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(JSON.parse(renewed.stdout).summary).toMatchObject({ renewed: 1, recovered: 1, failed: 0, mode: 'in-place' });
    expect(env.model.callsOf('DeleteImportedKeyMaterial')).toHaveLength(0);
    expect((await env.keys.describeKey(ids['lost']!)).keyState).toBe('Enabled');
  });

  it('says to set AWS_REGION when no region can be found', async () => {
    const out = await byokInProcess(['plan', '--cloud', 'aws'], { ...AWS_ENV, AWS_REGION: '', AWS_DEFAULT_REGION: '' });
    expect(out).toMatchObject({ code: 2, stderr: 'byok plan: AWS has no region configured: set AWS_REGION (or a region in your AWS profile)\n' });
  });

  it('onboards a key and shows the fleet with --cloud aws, and refuses a ttl over AWS\'s 365 days', async () => {
    // Prepare
    await env.putSecret('cli-secret', Buffer.alloc(32, 9));

    // Act
    const onboarded = await byokInProcess(['onboard', '--alias', 'cli-key', '--secret', 'cli-secret', '--ttl', '30d', '--cloud', 'aws', '--json'], AWS_ENV);
    const status = await byokInProcess(['status', '--cloud', 'aws', '--json'], AWS_ENV);
    const tooLong = await byokInProcess(['onboard', '--alias', 'cli-year', '--secret', 'cli-secret', '--ttl', '400d', '--cloud=aws'], AWS_ENV);

    // Assess
    expect(onboarded.code, onboarded.stderr).toBe(0);
    const keyId = (JSON.parse(onboarded.stdout) as { key_id: string }).key_id;
    expect((await env.keys.describeKey(keyId)).keyState).toBe('Enabled');
    const shown = (JSON.parse(status.stdout) as { keys: { key_id: string; alias: string }[] }).keys;
    expect(shown.map((k) => k.alias)).toEqual(expect.arrayContaining(['cli-key', 'far', 'due', 'lost']));
    expect(tooLong.code).not.toBe(0);
    expect(tooLong.stderr.trim().split('\n')).toHaveLength(1);
    expect(tooLong.stderr).toMatch(/365/);
  });
});
