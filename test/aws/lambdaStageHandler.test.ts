/**
 * The stage handler on Lambda: the common middlewares (logging, failure events, deadline, validation) read Lambda's
 * context through their FunctionGraph names, and FunctionGraph's own handler is unchanged. Plus the AWS config and
 * option rules. Cost: one deliberate 200 ms deadline.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { resolveAwsConfig } from '../../lib/aws/config.js';
import { awsRenewalOptions } from '../../lib/aws/renewalOptions.js';
import { lambdaStageHandler } from '../../lib/middleware/lambdaStageHandler.js';
import { captureLines } from '../helpers/fgContext.js';
import { lambdaContext } from './lambdaContext.js';

const Event = v.object({ key_id: v.pipe(v.string('a key id'), v.uuid('a key id')) });
const KEY_ID = '0d4b1c2e-3f40-4a5b-8c6d-7e8f9a0b1c2d';

describe('Function: lambdaStageHandler', () => {
  it('logs with Lambda\'s request id, hands the use case Lambda\'s context, answers its result', async () => {
    // Prepare
    const logs = captureLines();
    const context = lambdaContext('byok-keeper-dev-import-material');
    let seen: string | undefined;
    const handler = lambdaStageHandler(
      async (event, stage) => {
        seen = stage.lambda.functionName;
        stage.logger.info('work.done', { key_id: event.key_id });
        return { ok: true as const, key_id: event.key_id, correlation_id: stage.correlationId };
      },
      { stage: 'import-material', schema: Event, write: logs.write },
    );

    // Act
    const result = await handler({ key_id: KEY_ID }, context);

    // Assess
    expect(result).toMatchObject({ ok: true, key_id: KEY_ID });
    expect(seen).toBe('byok-keeper-dev-import-material');
    const records = logs.records();
    expect(records.map((r) => r['event'])).toEqual(['invoke.start', 'work.done', 'invoke.end']);
    expect(records.every((r) => r['request_id'] === context.awsRequestId && r['fn'] === 'import-material')).toBe(true);
  });

  it('fails cleanly before Lambda\'s timeout (its remaining time less the margin) and refuses a bad event', async () => {
    // Prepare
    const handler = lambdaStageHandler(async () => new Promise<never>(() => {}), { stage: 'wrap-material', schema: Event, write: () => {} });

    // Act
    const startedMs = performance.now();
    const late = await handler({ key_id: KEY_ID }, lambdaContext('f', 1_200));
    const tookMs = performance.now() - startedMs;
    const bad = await handler({ key_id: 'not-a-key' }, lambdaContext('f'));

    // Assess
    expect(late).toMatchObject({ ok: false, stage: 'wrap-material', error: { code: 'BYOK.TIMEOUT', retryable: true } });
    expect(tookMs).toBeLessThan(1_000);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BYOK.INVALID_EVENT' } });
    expect(JSON.stringify(bad)).not.toContain('not-a-key');
  });
});

describe('Function: resolveAwsConfig and awsRenewalOptions', () => {
  it('reads the region and wrapping key spec, RSA_2048 by default, and names a malformed variable without its value', () => {
    expect(resolveAwsConfig({ AWS_REGION: 'eu-west-1' })).toEqual({ region: 'eu-west-1', wrappingKeySpec: 'RSA_2048' });
    expect(resolveAwsConfig({ AWS_DEFAULT_REGION: 'us-east-2', BYOK_AWS_WRAPPING_KEY_SPEC: 'RSA_4096' })).toEqual({ region: 'us-east-2', wrappingKeySpec: 'RSA_4096' });
    expect(resolveAwsConfig({})).toEqual({ wrappingKeySpec: 'RSA_2048' });
    expect(() => resolveAwsConfig({ AWS_REGION: 'secret=abc' })).toThrow(/AWS_REGION is not an AWS region id/);
    expect(() => resolveAwsConfig({ AWS_REGION: 'secret=abc' })).not.toThrow(/abc/);
    expect(() => resolveAwsConfig({ BYOK_AWS_WRAPPING_KEY_SPEC: 'RSA_1024' })).toThrow(/RSA_2048, RSA_3072, RSA_4096/);
  });

  it('refuses a Huawei project id in a target, and keeps the common schema\'s refusals', () => {
    expect(() => awsRenewalOptions({ targets: [{ region: 'eu-west-1', project_id: '0123456789abcdef0123456789abcdef' }] })).toThrow(/project_id is a Huawei Cloud project/);
    expect(awsRenewalOptions({ targets: [{ region: 'us-east-1' }] }).targets).toEqual([{ region: 'us-east-1' }]);
    expect(() => awsRenewalOptions({ bogus: 1 })).toThrow(/bogus: unexpected field/);
    expect(() => awsRenewalOptions([1])).toThrow(/a JSON object of renewal options/);
  });
});
