import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../lib/errors/index.js';
import { functionUrnVariable, resolveFgsEndpoint, resolveFunctionUrns } from '../../lib/huawei/functionUrns.js';

const urn = 'urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:byok-fetch-parameters:latest';

describe('Function: resolveFunctionUrns', () => {
  it('reads BYOK_FN_URN_<STAGE> for every stage that has one', () => {
    expect(resolveFunctionUrns({ BYOK_FN_URN_FETCH_PARAMETERS: urn, BYOK_FN_URN_ON_EVENT: '' })).toEqual({ 'fetch-parameters': urn });
    expect(functionUrnVariable('import-material')).toBe('BYOK_FN_URN_IMPORT_MATERIAL');
  });

  it('rejects a malformed URN naming the variable, not echoing the value', () => {
    const error = (() => {
      try {
        return resolveFunctionUrns({ BYOK_FN_URN_CREATE_KEY: 'arn:aws:lambda:secret-ish-value' });
      } catch (e) {
        return e;
      }
    })();
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toContain('BYOK_FN_URN_CREATE_KEY');
    expect((error as Error).message).not.toContain('secret-ish-value');
  });
});

describe('Function: resolveFgsEndpoint', () => {
  it('derives the endpoint from the region, or takes the override', () => {
    expect(resolveFgsEndpoint({ BYOK_REGION: 'cn-north-4' })).toBe('https://functiongraph.cn-north-4.myhuaweicloud.com');
    expect(resolveFgsEndpoint({ BYOK_REGION: 'eu-west-101' })).toBe('https://functiongraph.eu-west-101.myhuaweicloud.eu');
    expect(resolveFgsEndpoint({ BYOK_FGS_ENDPOINT: 'http://127.0.0.1:9999/' })).toBe('http://127.0.0.1:9999');
  });

  it('names both variables when neither is set', () => {
    expect(() => resolveFgsEndpoint({})).toThrow(/BYOK_REGION.*BYOK_FGS_ENDPOINT/);
  });
});
