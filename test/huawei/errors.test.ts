import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ByokError, CloudApiError, ConfigError, isCloudApiError, isConfigError, ErrorKind } from '../../lib/errors/index.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { errorFromNetwork, errorFromResponse, parseErrorBody } from '../../lib/huawei/errorMapping.js';
import { CsmsOperation, KmsOperation } from '../../lib/huawei/operations.js';

describe('Function: parseErrorBody', () => {
  it('reads the KMS nested, the flat and the {"error":{"code","message"}} shapes', () => {
    expect(parseErrorBody({ error: { error_code: 'KMS.2606', error_msg: 'same material' } })).toEqual({ code: 'KMS.2606', message: 'same material' });
    expect(parseErrorBody({ error_code: 'CSMS.0005', error_msg: 'missing' })).toEqual({ code: 'CSMS.0005', message: 'missing' });
    expect(parseErrorBody({ error_code: 'APIG.0308', error_msg: 'throttled', request_id: 'gw-9' })).toEqual({ code: 'APIG.0308', message: 'throttled', requestId: 'gw-9' });
    expect(parseErrorBody({ error: { code: 'APIGW.0301', message: 'bad signature' } })).toEqual({ code: 'APIGW.0301', message: 'bad signature' });
    expect(parseErrorBody('<html>')).toEqual({});
  });
});

describe('Function: errorFromResponse', () => {
  it('marks throttling retryable for every operation', () => {
    const error = errorFromResponse(KmsOperation.createKey, 429, { error_code: 'APIG.0308', error_msg: 'x' }, 'r-1');

    expect(error).toMatchObject({ code: 'APIG.0308', httpStatus: 429, requestId: 'r-1', retryable: true, ambiguous: false, operation: 'createKey' });
  });

  it('marks 5xx retryable only for idempotent operations, and ambiguous for all', () => {
    expect(errorFromResponse(KmsOperation.describeKey, 500, {})).toMatchObject({ code: 'HTTP.500', retryable: true, ambiguous: true });
    expect(errorFromResponse(CsmsOperation.createSecret, 500, {})).toMatchObject({ retryable: false, ambiguous: true, message: expect.stringContaining('showSecret') });
  });

  it('keeps ids in the service message but blanks long base64 runs and the trailing period', () => {
    const message = errorFromResponse(KmsOperation.importKeyMaterial, 400, {
      error: { error_code: 'KMS.2603', error_msg: `Token ${'QUJD'.repeat(20)} is not for key 0d0466b0-e727-4d9c-b35d-f84bb474a37f.` },
    }).message;

    expect(message).toContain('Token [redacted] is not for key 0d0466b0-e727-4d9c-b35d-f84bb474a37f. What to do:');
  });

  it('points authentication failures at the credential variables', () => {
    expect(errorFromResponse(KmsOperation.describeKey, 401, { error_code: 'APIG.0301', error_msg: 'verify aksk signature fail' }).message).toContain('HUAWEICLOUD_SDK_SECURITY_TOKEN');
    expect(errorFromResponse(KmsOperation.describeKey, 403, { error: { error_code: 'KMS.0307', error_msg: 'no permission' } }).message).toContain('permissions');
  });
});

describe('Function: errorFromNetwork', () => {
  it('retries a connection refusal (nothing sent) but not a reset of a non-idempotent call', () => {
    expect(errorFromNetwork(KmsOperation.createAlias, 'ECONNREFUSED')).toMatchObject({ retryable: true, ambiguous: false });
    expect(errorFromNetwork(KmsOperation.createAlias, 'ECONNRESET')).toMatchObject({ retryable: false, ambiguous: true });
    expect(errorFromNetwork(KmsOperation.describeKey, 'ENOTFOUND')).toMatchObject({ retryable: false, message: expect.stringContaining('BYOK_REGION') });
  });
});

describe('Class: CloudApiError', () => {
  it('serialises only its safe fields and is recognised across module copies, but not by name alone', async () => {
    const error = new CloudApiError({ operation: 'describeKey', code: 'KMS.0207', kind: ErrorKind.NotFound, httpStatus: 404, requestId: 'r', retryable: false, message: 'm' });
    const secondCopy = '../../lib/errors/ByokError.js?another-copy';
    const copy = (await import(secondCopy)) as typeof import('../../lib/errors/ByokError.js');
    const fromCopy = new (class extends copy.ByokError {
      override name = 'CloudApiError';
    })('m', { code: 'KMS.0207' });
    const lookalike = Object.assign(new Error('m'), { name: 'CloudApiError' });

    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'CloudApiError', operation: 'describeKey', code: 'KMS.0207', kind: 'not-found', httpStatus: 404, requestId: 'r', retryable: false, ambiguous: false, message: 'm' });
    expect(fromCopy).not.toBeInstanceOf(ByokError);
    expect(isCloudApiError(fromCopy)).toBe(true);
    expect(isCloudApiError(lookalike)).toBe(false);
    expect(isCloudApiError(new Error('x'))).toBe(false);
    expect(isConfigError(new ConfigError('set X', ['X']))).toBe(true);
  });
});

describe('Class: SecretValue', () => {
  it('redacts itself in every printed form and reveals on request', () => {
    const secret = new SecretValue('hunter2-material');

    for (const printed of [String(secret), `${secret}`, JSON.stringify({ secret }), inspect({ secret }, { depth: 5, showHidden: true })]) {
      expect(printed).not.toContain('hunter2');
    }
    expect(secret.reveal()).toBe('hunter2-material');
    expect(secret.length).toBe(16);
    expect(SecretValue.from(secret)).toBe(secret);
  });
});
