import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionGraphContext } from '../../lib/functiongraph/context.js';
import { renewExpiringFunction } from '../../functions/renew-expiring.js';
import type { RenewExpiringResult } from '../../functions/renew-expiring.js';
import type { InvocationFailedError } from '../../lib/middleware/stageHandler.js';
import type { StageFailureEvent } from '../../lib/stages/failureEvent.js';
import { captureLines, fakeContext, invoke } from '../helpers/fgContext.js';
import type { CapturedLines } from '../helpers/fgContext.js';
import { importsIn, startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

type Answer = RenewExpiringResult | StageFailureEvent;

function timerEvent(options: unknown): Record<string, unknown> {
  return {
    version: 'v1.0',
    time: '2030-01-01T08:30:00+08:00',
    trigger_type: 'TIMER',
    trigger_name: 'byok-renew',
    user_event: typeof options === 'string' ? options : JSON.stringify(options),
  };
}

describe('Function: functions/renew-expiring handler', () => {
  let env: RenewalEnv;
  let lines: CapturedLines;
  let handler: unknown;
  let ids: string[];

  beforeEach(async () => {
    env = await startRenewalEnv();
    ids = [(await env.onboard('3d')).keyId, (await env.onboard('3d')).keyId, (await env.onboard('30d')).keyId];
    await env.advanceDays(2.5);
    lines = captureLines();
    handler = renewExpiringFunction({
      env: { BYOK_KMS_ENDPOINT: env.emu.endpoint, BYOK_LOG_LEVEL: 'info' },
      now: () => env.emu.now(),
      write: lines.write,
    });
  });
  afterEach(async () => {
    await env.close();
  });

  /** A context with temporary agency credentials issued now (on the emulator's clock). */
  async function context(timeoutMs = 60_000): Promise<FunctionGraphContext> {
    const credentials = await env.emu.temporaryCredentials();
    return fakeContext({ credentials, projectId: env.emu.projectId, userData: { BYOK_KMS_ENDPOINT: env.emu.endpoint }, timeoutMs });
  }

  it('renews the due keys on a TIMER event and logs one summary', async () => {
    // Act
    const answer = await invoke<Answer>(handler, timerEvent({ mode: 'auto', rps: 1000 }), await context());

    // Assess
    expect(answer).toMatchObject({ ok: true, summary: { scanned: 3, due: 2, renewed: 2, skipped: 1, failed: 0, lock: ['acquired'] }, keys: [] });
    for (const id of ids.slice(0, 2)) expect(importsIn(await env.history(id))).toBe(2);
    const records = lines.records();
    const summaries = records.filter((r) => r['event'] === 'renewal.summary');
    expect(summaries).toEqual([expect.objectContaining({ fn: 'renew-expiring', correlation_id: (answer as RenewExpiringResult).correlation_id })]);
    expect(records.filter((r) => r['event'] === 'renewal.key')).toHaveLength(3);
    expect(records.at(-1)).toMatchObject({ event: 'invoke.end', outcome: 'ok' });
  });

  it('refuses malformed options with a clear error, as a failed invocation, and does nothing', async () => {
    const before = await Promise.all(ids.map((id) => env.history(id)));

    const rejection = await invoke<Answer>(handler, timerEvent({ mode: 'sideways', lead: 7 }), await context()).then(
      () => undefined,
      (error: unknown) => error as InvocationFailedError,
    );

    expect(rejection).toMatchObject({ name: 'InvocationFailedError', code: 'BYOK.INVALID_EVENT', retryable: false });
    expect(rejection!.message).toContain('user_event.mode: one of auto, in-place, delete-first');
    expect(rejection!.message).toContain('user_event.lead');
    expect(await Promise.all(ids.map((id) => env.history(id)))).toEqual(before);
    expect(lines.records().some((r) => r['event'] === 'renewal.start')).toBe(false);
    expect(lines.records().filter((r) => r['event'] === 'stage.failed')).toEqual([expect.objectContaining({ error_code: 'BYOK.INVALID_EVENT' })]);
  });

  it('refuses a user_event that is not JSON', async () => {
    const answer = invoke<Answer>(handler, timerEvent('{mode: auto'), await context());

    await expect(answer).rejects.toMatchObject({ code: 'BYOK.INVALID_EVENT', message: expect.stringContaining('user_event') });
  });

  it('fails the invocation after its summary when keys failed, saying how many and where to look', async () => {
    // Prepare: every import-group call fails
    await env.emu.request('POST', '/_emulator/faults', { error_rate: 1, groups: ['kms-import'] });

    // Act
    const answer = invoke<Answer>(handler, timerEvent({ rps: 1000, key_attempts: 1 }), await context());

    // Assess
    await expect(answer).rejects.toMatchObject({ name: 'InvocationFailedError', code: 'BYOK.SWEEP_FAILED' });
    const message = await answer.catch((error: Error) => error.message);
    expect(message).toContain('2 key(s) failed');
    expect(message).toContain('renewal.summary');
    const events = lines.records().map((r) => r['event']);
    expect(events.indexOf('renewal.summary')).toBeGreaterThan(-1);
    expect(events.indexOf('renewal.summary')).toBeLessThan(events.indexOf('stage.failed'));
    expect(lines.records().at(-1)).toMatchObject({ event: 'invoke.end', outcome: 'failed', error_code: 'BYOK.SWEEP_FAILED' });
  });

  it('defers every key when the function has almost no time left, and fails the invocation saying so', async () => {
    const answer = invoke<Answer>(handler, timerEvent({ rps: 1000 }), await context(3_000));

    await expect(answer).rejects.toMatchObject({ name: 'InvocationFailedError', code: 'BYOK.SWEEP_FAILED' });
    expect(await answer.catch((error: Error) => error.message)).toContain('2 due key(s) deferred for lack of time');
    const summary = lines.records().find((r) => r['event'] === 'renewal.summary');
    expect(summary).toMatchObject({ due: 2, deferred: 2, renewed: 0, complete: false, level: 'warn' });
    const keyLines = lines.records().filter((r) => r['event'] === 'renewal.key' && r['outcome'] === 'deferred');
    expect(keyLines.map((r) => r['error_code'])).toEqual(['BYOK.DEADLINE', 'BYOK.DEADLINE']);
    for (const id of ids) expect(importsIn(await env.history(id))).toBe(1);
  });

  it('answers the plan on a dry run', async () => {
    const answer = await invoke<Answer>(handler, timerEvent({ dry_run: true }), await context());

    expect(answer).toMatchObject({ ok: true, summary: { dry_run: true, due: 2 } });
    expect((answer as RenewExpiringResult).keys.map((k) => k.outcome).sort()).toEqual(['planned', 'planned', 'skipped']);
  });
});
