/**
 * `renew-expiring` deployed onto the embedded cloud's FunctionGraph: a sweep that leaves keys failed ends as a
 * FAILED asynchronous invocation (so the on-failure destination gets it), a healthy one as a success. Cost: one
 * bundle (~2 s) and two function runs in child processes (~1-2 s each).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainFunctions } from '../helpers/fgs.js';
import { deployNoteTaker, deployRenewal } from './fixtures/deployedRenewal.js';
import type { DeployedRenewal } from './fixtures/deployedRenewal.js';
import { importsIn, startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

describe('Function: renew-expiring on FunctionGraph (failures reach the platform)', () => {
  let env: RenewalEnv;
  let renewal: DeployedRenewal;
  let alerts: string;
  let ids: string[];

  beforeAll(async () => {
    env = await startRenewalEnv();
    ids = [(await env.onboard('3d')).keyId, (await env.onboard('3d')).keyId];
    await env.advanceDays(2.5);
    alerts = await deployNoteTaker(env.emu, 'alerts');
    renewal = await deployRenewal(env.emu, { onFailure: alerts });
  }, 60_000);
  afterAll(async () => env.close());

  it('a sweep that leaves keys failed is a failed invocation, delivered to the on-failure destination', async () => {
    // Prepare: every import-group call fails with a 500
    await env.emu.request('POST', '/_emulator/faults', { error_rate: 1, groups: ['kms-import'] });

    // Act
    const requestId = await renewal.invokeAsync({ rps: 1000, key_attempts: 1 });
    await drainFunctions(env.emu);

    // Assess
    const run = (await renewal.runs()).find((r) => r.request_id === requestId);
    expect(run).toMatchObject({ state: 'failed', attempts: 1, error: { errorType: 'InvocationFailedError' } });
    expect(run!.error!.errorMessage).toContain('2 key(s) failed');
    const delivered = (await renewal.runs(alerts)).find((r) => r.body.request_context?.request_id === requestId);
    expect(delivered?.body).toMatchObject({ request_context: { condition: 'RetriesExhausted' }, response_context: { function_error: expect.stringContaining('InvocationFailedError') } });
    const summaries = (await renewal.records()).filter((r) => r['event'] === 'renewal.summary');
    expect(summaries.at(-1)).toMatchObject({ failed: 2, renewed: 0, level: 'error' });
  }, 60_000);

  it('a sweep that renews everything is a successful invocation', async () => {
    // Prepare
    await env.emu.request('POST', '/_emulator/faults', { error_rate: 0 });

    // Act
    const requestId = await renewal.invokeAsync({ rps: 1000 });
    await drainFunctions(env.emu);

    // Assess
    expect((await renewal.runs()).find((r) => r.request_id === requestId)).toMatchObject({ state: 'succeeded' });
    for (const id of ids) expect(importsIn(await env.history(id))).toBe(2);
  }, 60_000);
});
