import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../lib/errors/index.js';
import { hasCloudCredentials, kmsEndpointForRegion, resolveFunctionGraphConfig, resolveHuaweiConfig } from '../../lib/huawei/config.js';
import type { FunctionGraphCredentialSource } from '../../lib/huawei/config.js';

const FULL_ENV = {
  HUAWEICLOUD_SDK_AK: 'AK123',
  HUAWEICLOUD_SDK_SK: 'sk-value-not-to-print',
  HUAWEICLOUD_SDK_PROJECT_ID: '0123456789abcdef0123456789abcdef',
  BYOK_REGION: 'cn-north-4',
};

function fgContext(overrides: Partial<Record<'ak' | 'sk' | 'token' | 'project', string>> = {}, userData: Record<string, string> = {}): FunctionGraphCredentialSource {
  return {
    getSecurityAccessKey: () => overrides.ak ?? 'TEMPAK',
    getSecuritySecretKey: () => overrides.sk ?? 'temp-sk-not-to-print',
    getSecurityToken: () => overrides.token ?? 'temp-token-not-to-print',
    getProjectID: () => overrides.project ?? 'fedcba9876543210fedcba9876543210',
    getUserData: (key: string) => userData[key],
  };
}

function configErrorOf(fn: () => unknown): { message: string; variables: readonly string[] } {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('Function: resolveHuaweiConfig', () => {
  it('builds the regional endpoint from BYOK_REGION and keeps the SK wrapped', () => {
    const config = resolveHuaweiConfig(FULL_ENV);

    expect(config).toMatchObject({ ak: 'AK123', projectId: FULL_ENV.HUAWEICLOUD_SDK_PROJECT_ID, region: 'cn-north-4', endpoint: 'https://kms.cn-north-4.myhuaweicloud.com' });
    expect(config.sk.reveal()).toBe('sk-value-not-to-print');
    expect(config.securityToken).toBeUndefined();
    expect(JSON.stringify(config)).not.toContain('sk-value-not-to-print');
  });

  it('uses the .eu domain for eu-west-101', () => {
    expect(resolveHuaweiConfig({ ...FULL_ENV, BYOK_REGION: 'eu-west-101' }).endpoint).toBe('https://kms.eu-west-101.myhuaweicloud.eu');
    expect(kmsEndpointForRegion('ap-southeast-1')).toBe('https://kms.ap-southeast-1.myhuaweicloud.com');
  });

  it('lets BYOK_KMS_ENDPOINT override the region and reads the region from a Huawei host', () => {
    const local = resolveHuaweiConfig({ ...FULL_ENV, BYOK_REGION: '', BYOK_KMS_ENDPOINT: 'http://127.0.0.1:4567/' });
    const huawei = resolveHuaweiConfig({ ...FULL_ENV, BYOK_REGION: undefined, BYOK_KMS_ENDPOINT: 'https://kms.ap-southeast-3.myhuaweicloud.com' });

    expect(local.endpoint).toBe('http://127.0.0.1:4567');
    expect(local.region).toBeUndefined();
    expect(huawei.region).toBe('ap-southeast-3');
  });

  it('wraps the security token when one is set', () => {
    const config = resolveHuaweiConfig({ ...FULL_ENV, HUAWEICLOUD_SDK_SECURITY_TOKEN: 'tok' });

    expect(config.securityToken?.reveal()).toBe('tok');
  });

  it('names every missing variable', () => {
    const error = configErrorOf(() => resolveHuaweiConfig({ HUAWEICLOUD_SDK_AK: 'AK123', HUAWEICLOUD_SDK_SK: '  ' }));

    expect(error.variables).toEqual(['HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_PROJECT_ID', 'BYOK_REGION (or BYOK_KMS_ENDPOINT)']);
    expect(error.message).toBe('Huawei Cloud is not fully configured: set HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, BYOK_REGION (or BYOK_KMS_ENDPOINT)');
  });

  it('rejects a region that is not a region id and an endpoint that is not a plain URL', () => {
    expect(configErrorOf(() => resolveHuaweiConfig({ ...FULL_ENV, BYOK_REGION: 'evil.com/x' })).variables).toEqual(['BYOK_REGION']);
    expect(configErrorOf(() => resolveHuaweiConfig({ ...FULL_ENV, BYOK_KMS_ENDPOINT: 'ftp://x' })).variables).toEqual(['BYOK_KMS_ENDPOINT']);
    expect(configErrorOf(() => resolveHuaweiConfig({ ...FULL_ENV, BYOK_KMS_ENDPOINT: 'https://u:p@host' })).variables).toEqual(['BYOK_KMS_ENDPOINT']);
  });

  it('never echoes the SK in a config error', () => {
    const error = configErrorOf(() => resolveHuaweiConfig({ HUAWEICLOUD_SDK_SK: 'sk-value-not-to-print' }));

    expect(error.message).not.toContain('sk-value-not-to-print');
  });
});

describe('Function: resolveFunctionGraphConfig', () => {
  it('takes the agency credentials and project from the context and the region from user data', () => {
    const config = resolveFunctionGraphConfig(fgContext({}, { BYOK_REGION: 'cn-east-3' }), {});

    expect(config).toMatchObject({ ak: 'TEMPAK', projectId: 'fedcba9876543210fedcba9876543210', region: 'cn-east-3', endpoint: 'https://kms.cn-east-3.myhuaweicloud.com' });
    expect(config.sk.reveal()).toBe('temp-sk-not-to-print');
    expect(config.securityToken?.reveal()).toBe('temp-token-not-to-print');
  });

  it('falls back to RUNTIME_PROJECT_ID and the BYOK_REGION environment variable', () => {
    const context = { ...fgContext({ project: '' }), getProjectID: undefined, getUserData: undefined };

    const config = resolveFunctionGraphConfig(context, { RUNTIME_PROJECT_ID: 'abcdefabcdefabcdefabcdefabcdefab', BYOK_REGION: 'la-south-2' });

    expect(config).toMatchObject({ projectId: 'abcdefabcdefabcdefabcdefabcdefab', region: 'la-south-2' });
  });

  it('names the context methods when the function has no agency', () => {
    const error = configErrorOf(() => resolveFunctionGraphConfig(fgContext({ ak: '', sk: '', token: '' }, { BYOK_REGION: 'cn-north-4' }), {}));

    expect(error.variables).toEqual(['context.getSecurityAccessKey()', 'context.getSecuritySecretKey()', 'context.getSecurityToken()']);
    expect(error.message).toContain('execution agency');
  });
});

describe('Function: hasCloudCredentials', () => {
  it('is false with neither AK nor SK, and true as soon as one is set', () => {
    expect(hasCloudCredentials({})).toBe(false);
    expect(hasCloudCredentials({ HUAWEICLOUD_SDK_AK: ' ', BYOK_REGION: 'cn-north-4' })).toBe(false);
    expect(hasCloudCredentials({ HUAWEICLOUD_SDK_AK: 'AK123' })).toBe(true);
    expect(hasCloudCredentials({ HUAWEICLOUD_SDK_SK: 'x' })).toBe(true);
  });
});
