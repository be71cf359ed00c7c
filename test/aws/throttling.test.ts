/**
 * Throttling and failures on AWS: the caller's retries by retry class (with backoff), and a sweep of 100 keys under
 * the model's quotas (GetParametersForImport 1/s, ImportKeyMaterial 15/s) on fake timers: with the AWS wiring's
 * rates it neither throttles nor stalls; with Huawei's defaults and no pacing (40 keys) it is throttled. Cost:
 * about 5 s and 2 s, most of it onboarding the fleet through the stages.
 */
import { DescribeKeyCommand, ImportKeyMaterialCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsCaller } from '../../lib/aws/AwsCaller.js';
import { AwsOperation } from '../../lib/aws/operations.js';
import { awsRenewalOptions } from '../../lib/aws/renewalOptions.js';
import { awsPorts } from '../../lib/aws/wiring.js';
import type { AwsCallerOptions } from '../../lib/aws/AwsCaller.js';
import { parseRenewalOptions } from '../../lib/renewal/options.js';
import type { RenewalOptions } from '../../lib/renewal/options.js';
import { runSweep } from '../../lib/renewal/runSweep.js';
import type { SweepResult } from '../../lib/renewal/types.js';
import { startAwsEnv } from './awsEnv.js';
import type { AwsEnv } from './awsEnv.js';

const DAY_MS = 86_400_000;

describe('AwsCaller: retries by retry class', () => {
  let env: AwsEnv;
  afterEach(() => env.close());

  it('retries throttling with growing full-jitter waits, and says so', async () => {
    // Prepare
    env = startAwsEnv();
    const { keyId } = await env.keys.createExternalKey({ name: 't-v1', keySpec: 'AES_256' });
    env.model.failNext('GetParametersForImport', 'ThrottlingException', 2);
    const waits: number[] = [];
    const retries: string[] = [];
    const keys = awsPorts({ region: 'eu-west-1', wrappingKeySpec: 'RSA_2048' }, { now: () => env.model.now(), caller: { operationRps: {}, retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 }, onRetry: (r) => retries.push(`${r.operation}:${r.code}:${r.attempt}`) } }).keys;

    // Act
    const params = await keys.getParametersForImport(keyId, 'RSAES_OAEP_SHA_256');

    // Assess
    expect(params.keyId).toBe(keyId);
    expect(env.model.callsOf('GetParametersForImport')).toHaveLength(3);
    expect(waits).toEqual([150, 300]);
    expect(retries).toEqual(['GetParametersForImport:ThrottlingException:1', 'GetParametersForImport:ThrottlingException:2']);
  });

  it('never repeats an import after a 5xx (it may have been applied) but repeats a read', async () => {
    // Prepare
    env = startAwsEnv();
    const kms = new KMSClient({ region: 'eu-west-1' });
    const { keyId } = await env.keys.createExternalKey({ name: 'f-v1', keySpec: 'AES_256' });
    const caller = new AwsCaller({ operationRps: {}, retry: { sleep: async () => {} } });
    env.model.failNext('ImportKeyMaterial', 'KMSInternalException');
    env.model.failNext('DescribeKey', 'KMSInternalException');
    const describesBefore = env.model.callsOf('DescribeKey').length;

    // Act
    const importing = caller.call(AwsOperation.ImportKeyMaterial, () => kms.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: new Uint8Array(1), EncryptedKeyMaterial: new Uint8Array(1) })));
    const described = await caller.call(AwsOperation.DescribeKey, () => kms.send(new DescribeKeyCommand({ KeyId: keyId })));

    // Assess
    await expect(importing).rejects.toMatchObject({ code: 'KMSInternalException', kind: 'unavailable', retryable: false, ambiguous: true, httpStatus: 500 });
    await expect(importing).rejects.toThrow(/describe the key .* before repeating/);
    expect(env.model.callsOf('ImportKeyMaterial')).toHaveLength(1);
    expect(described.KeyMetadata?.KeyId).toBe(keyId);
    expect(env.model.callsOf('DescribeKey').length - describesBefore).toBe(2);
  });
});

describe('AWS: a sweep of 100 keys under AWS quotas (fake timers)', () => {
  let env: AwsEnv;
  afterEach(() => {
    vi.useRealTimers();
    env.close();
  });

  /** `size` keys due for renewal; then the sweep over ports built with `caller`, run on fake timers to the end. */
  async function sweepFleet(size: number, options: RenewalOptions, caller: AwsCallerOptions): Promise<{ result: SweepResult; elapsedMs: number }> {
    env = startAwsEnv();
    for (let i = 0; i < size; i++) await env.onboard({ alias: `fleet-${i}`, ttl: '3d' });
    env.model.advance(2.5 * DAY_MS);
    Object.assign(env.model.quotas, { GetParametersForImport: 1, ImportKeyMaterial: 15 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const ports = awsPorts({ region: env.model.region, wrappingKeySpec: 'RSA_2048' }, { now: () => env.model.now(), caller });
    const startedMs = performance.now();
    let result: SweepResult | undefined;
    const running = runSweep(options, { targets: [{ region: env.model.region, keys: ports.keys, secrets: ports.secrets, lock: ports.lock }], clock: ports.clock, logger: env.logger }).then((r) => (result = r));
    for (let step = 0; result === undefined && step < 4_000; step++) await vi.advanceTimersByTimeAsync(250);
    await running;
    return { result: result!, elapsedMs: performance.now() - startedMs };
  }

  it('with the AWS wiring\'s rates: no call throttled, all 100 renewed in about 100 s', async () => {
    // Act
    const { result, elapsedMs } = await sweepFleet(100, awsRenewalOptions({}), {});

    // Assess
    expect(result.summary).toMatchObject({ due: 100, renewed: 100, failed: 0, throttled: 0 });
    expect(env.model.throttled).toEqual({});
    expect(elapsedMs).toBeGreaterThanOrEqual(99_000);
    expect(elapsedMs).toBeLessThan(130_000);
  }, 60_000);

  it('with Huawei\'s default rates and no per-operation pace, AWS throttles the sweep', async () => {
    // Act
    const { result } = await sweepFleet(40, parseRenewalOptions({ mode: 'in-place' }), { operationRps: {} });

    // Assess
    expect(env.model.throttled['GetParametersForImport']).toBeGreaterThan(0);
    expect(result.summary.throttled + env.model.throttled['GetParametersForImport']!).toBeGreaterThan(0);
    expect(result.summary.renewed).toBeLessThanOrEqual(40);
  }, 60_000);
});
