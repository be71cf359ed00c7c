import { setTimeout as sleep } from 'node:timers/promises';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CloudApiError, ErrorKind } from '../../lib/errors/index.js';
import { stageHandler } from '../../lib/middleware/index.js';
import type { StageContext } from '../../lib/middleware/index.js';
import type { StageFailureEvent } from '../../lib/stages/failureEvent.js';
import { captureLines, fakeContext, invoke } from '../helpers/fgContext.js';

const keyId = '5f1e9d2c-0a3b-4c7d-9e8f-1a2b3c4d5e6f';
const correlationId = '0b7f4c2e-9a51-4d6b-8f3e-2c1a5e7d9b40';
const agency = { ak: 'TEMP-AK-VALUE', sk: 'TEMP-SK-VALUE', securityToken: 'TEMP-SECURITY-TOKEN' };

const FetchParametersEvent = v.object({ key_id: v.pipe(v.string(), v.uuid()) });

type Handed = { key_id: string; correlation_id: string };

function build(useCase: (event: { key_id: string }, stage: StageContext) => Promise<Handed>, extra: { withCredentials?: boolean } = {}) {
  const out = captureLines();
  const handler = stageHandler(useCase, {
    stage: 'fetch-parameters',
    schema: FetchParametersEvent,
    write: out.write,
    marginMs: 20,
    ...(extra.withCredentials === true && { credentials: { env: {} } }),
  });
  return { handler, out };
}

const handOn = async (event: { key_id: string }, stage: StageContext): Promise<Handed> => {
  stage.logger.info('params.fetched', { key_id: event.key_id });
  return { key_id: event.key_id, correlation_id: stage.correlationId };
};

describe('Function: stageHandler', () => {
  it('runs the use case with the parsed event, logger, correlation id, deadline and credentials', async () => {
    // Prepare
    let seen: StageContext | undefined;
    const { handler, out } = build(
      async (event, stage) => {
        seen = stage;
        return handOn(event, stage);
      },
      { withCredentials: true },
    );
    const context = fakeContext({ credentials: agency, projectId: 'p-1', requestId: 'req-7' });

    // Act
    const result = await invoke(handler, { key_id: keyId, correlation_id: correlationId, noise: 1 }, context);

    // Assess
    expect(result).toEqual({ key_id: keyId, correlation_id: correlationId });
    expect(seen!.credentials).toEqual({ ...agency, projectId: 'p-1' });
    expect(seen!.deadline.signal.aborted).toBe(false);
    expect(seen!.context).toBe(context);
    expect(out.records().map((r) => [r['event'], r['fn'], r['correlation_id'], r['request_id']])).toEqual([
      ['invoke.start', 'fetch-parameters', correlationId, 'req-7'],
      ['params.fetched', 'fetch-parameters', correlationId, 'req-7'],
      ['invoke.end', 'fetch-parameters', correlationId, 'req-7'],
    ]);
    expect(out.text()).not.toMatch(/TEMP-(AK|SK|SECURITY)/);
  });

  it('bears a correlation id at the first stage and hands it on', async () => {
    const { handler, out } = build(handOn);

    const result = await invoke<Handed>(handler, { key_id: keyId }, fakeContext());

    expect(result.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(out.records().map((r) => r['correlation_id']))).toEqual(new Set([result.correlation_id]));
  });

  it('answers a bad event with BYOK.INVALID_EVENT before looking at credentials or calling the use case', async () => {
    let called = false;
    const { handler, out } = build(
      async (event, stage) => {
        called = true;
        return handOn(event, stage);
      },
      { withCredentials: true },
    );

    const response = await invoke<StageFailureEvent>(handler, { key_id: 42, correlation_id: correlationId }, fakeContext());

    expect(called).toBe(false);
    expect(response).toEqual({
      ok: false,
      stage: 'fetch-parameters',
      correlation_id: correlationId,
      error: { code: 'BYOK.INVALID_EVENT', message: 'invalid event: key_id: expected string', retryable: false },
    });
    expect(out.records().map((r) => r['event'])).toEqual(['invoke.start', 'stage.failed', 'invoke.end']);
  });

  it('answers missing agency credentials with BYOK.NO_CREDENTIALS', async () => {
    const { handler } = build(handOn, { withCredentials: true });

    const response = await invoke<StageFailureEvent>(handler, { key_id: keyId }, fakeContext({ projectId: 'p' }));

    expect(response).toMatchObject({ ok: false, key_id: keyId, error: { code: 'BYOK.NO_CREDENTIALS', retryable: false } });
    expect(response.error.message).toMatch(/execution agency/);
  });

  it('answers a stage that runs into the margin with BYOK.TIMEOUT instead of being killed', async () => {
    const { handler, out } = build(async (event, stage) => {
      // Cancellable work rejects when the deadline aborts its signal; that late rejection must stay handled.
      await sleep(2_000, undefined, { signal: stage.deadline.signal });
      return handOn(event, stage);
    });

    const response = await invoke<StageFailureEvent>(handler, { key_id: keyId }, fakeContext({ timeoutMs: 70 }));

    expect(response).toMatchObject({ ok: false, key_id: keyId, error: { code: 'BYOK.TIMEOUT', retryable: true } });
    expect(out.records().at(-1)).toMatchObject({ event: 'invoke.end', outcome: 'failed', error_code: 'BYOK.TIMEOUT' });
  });

  it('answers a use-case failure through classification', async () => {
    const { handler } = build(async () => {
      throw new CloudApiError({
        operation: 'importKeyMaterial',
        code: 'KMS.2601',
        kind: ErrorKind.ImportTokenRejected,
        retryable: false,
        message: 'token expired; fetch parameters again',
      });
    });

    const response = await invoke<StageFailureEvent>(handler, { key_id: keyId }, fakeContext());

    expect(response.error).toEqual({ code: 'KMS.2601', message: 'token expired; fetch parameters again', retryable: false });
  });
});
