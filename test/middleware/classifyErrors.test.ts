import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { CloudApiError, ErrorKind, EventValidationError } from '../../lib/errors/index.js';
import { StageTimeoutError, classifyErrors, structuredLogging } from '../../lib/middleware/index.js';
import { LifecycleError } from '../../lib/lifecycle/LifecycleError.js';
import type { StageFailureEvent } from '../../lib/stages/failureEvent.js';
import { captureLines, fakeContext, invoke } from '../helpers/fgContext.js';

const keyId = '5f1e9d2c-0a3b-4c7d-9e8f-1a2b3c4d5e6f';
const correlationId = '0b7f4c2e-9a51-4d6b-8f3e-2c1a5e7d9b40';

function cloudError(message: string, code: string, retryable: boolean, httpStatus?: number, requestId?: string): CloudApiError {
  const kind = code === 'APIG.0308' ? ErrorKind.Throttled : ErrorKind.ImportTokenRejected;
  return new CloudApiError({ operation: 'importKeyMaterial', code, kind, retryable, httpStatus, requestId, message });
}

async function failWith(error: unknown, event: unknown = { key_id: keyId, correlation_id: correlationId }) {
  const out = captureLines();
  const handler = middy()
    .use(structuredLogging({ fn: 'import-material', write: out.write }))
    .use(classifyErrors({ stage: 'import-material' }))
    .handler(async () => {
      throw error;
    });
  const response = await invoke<StageFailureEvent>(handler, event, fakeContext());
  const failed = out.records().find((r) => r['event'] === 'stage.failed');
  return { response, failed, out };
}

describe('Function: classifyErrors', () => {
  it('answers a validation error with BYOK.INVALID_EVENT and its field-naming message', async () => {
    const { response, failed } = await failWith(new EventValidationError([{ path: 'key_id', problem: 'required' }]), {});

    expect(response).toEqual({
      ok: false,
      stage: 'import-material',
      correlation_id: expect.any(String),
      error: { code: 'BYOK.INVALID_EVENT', message: 'invalid event: key_id: required', retryable: false },
    });
    expect(failed).toMatchObject({ level: 'warn', error_code: 'BYOK.INVALID_EVENT', retryable: false });
  });

  it('answers a timeout with BYOK.TIMEOUT, retryable', async () => {
    const { response } = await failWith(new StageTimeoutError(2_000, 500));
    expect(response.error).toMatchObject({ code: 'BYOK.TIMEOUT', retryable: true });
    expect(response.error.message).toMatch(/2000 ms budget/);
  });

  it('keeps a cloud error\'s Huawei code, retryable flag and message, and logs its status and request id', async () => {
    const error = cloudError('import token expired: fetch new parameters', 'KMS.2601', false, 400, 'rq-9');

    const { response, failed } = await failWith(error);

    expect(response).toEqual({
      ok: false,
      stage: 'import-material',
      correlation_id: correlationId,
      key_id: keyId,
      error: { code: 'KMS.2601', message: 'import token expired: fetch new parameters', retryable: false },
    });
    expect(failed).toMatchObject({
      level: 'error',
      stage: 'import-material',
      key_id: keyId,
      correlation_id: correlationId,
      error_code: 'KMS.2601',
      error_name: 'CloudApiError',
      http_status: 400,
      cloud_request_id: 'rq-9',
    });
  });

  it('keeps a retryable cloud error retryable', async () => {
    const { response } = await failWith(cloudError('throttled; retry later', 'APIG.0308', true, 429));
    expect(response.error).toMatchObject({ code: 'APIG.0308', retryable: true });
  });

  it('passes through the code and message of the project\'s own errors', async () => {
    const error = new LifecycleError('secret s version v2 is not the material this key holds', {
      code: 'BYOK.FINGERPRINT_MISMATCH',
      retryable: false,
    });

    const { response } = await failWith(error);

    expect(response.error).toEqual({
      code: 'BYOK.FINGERPRINT_MISMATCH',
      message: 'secret s version v2 is not the material this key holds',
      retryable: false,
    });
  });

  it('hides an unknown error\'s message behind BYOK.INTERNAL but logs its name', async () => {
    const { response, failed, out } = await failWith(new SyntaxError('Unexpected token in q1Xv9kW3n-UNKNOWN-DETAIL'));

    expect(response.error).toMatchObject({ code: 'BYOK.INTERNAL', retryable: false });
    expect(response.error.message).toMatch(/internal error in stage import-material/);
    expect(failed).toMatchObject({ error_name: 'SyntaxError', error_code: 'BYOK.INTERNAL' });
    expect(out.text() + JSON.stringify(response)).not.toContain('UNKNOWN-DETAIL');
  });

  it('copes with thrown non-errors', async () => {
    const { response, failed } = await failWith('a string SECRET-ISH');
    expect(response.error.code).toBe('BYOK.INTERNAL');
    expect(failed).toMatchObject({ error_name: 'string' });
  });

  it('leaves out a key_id that is not a key id', async () => {
    const { response, failed } = await failWith(new Error('x'), { key_id: 'not-a-key-id-VALUE' });
    expect(response.key_id).toBeUndefined();
    expect(failed!['key_id']).toBeUndefined();
  });

  it('writes exactly one stage.failed line with no stack', async () => {
    const { out } = await failWith(new Error('x'));
    expect(out.records().filter((r) => r['event'] === 'stage.failed')).toHaveLength(1);
    expect(out.text()).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
