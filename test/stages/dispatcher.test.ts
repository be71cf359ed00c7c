import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { StageName } from '../../lib/ports/index.js';
import { defineStage } from '../../lib/stages/coreStages.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';

describe('Class: InProcessDispatcher', () => {
  let env: StageEnv;

  beforeAll(async () => {
    env = await startStageEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('keeps concurrent chains apart', async () => {
    // Prepare
    await env.createSecret('conc-a', { secretBinary: randomMaterial().toString('base64') });
    await env.createSecret('conc-b', { secretString: randomMaterial().toString('hex') });
    const dispatcher = env.newDispatcher();

    // Act
    const [a, b] = await Promise.all([
      dispatcher.runChain(StageName.CreateKey, { alias: 'conc-a', secret: { name: 'conc-a' } }),
      dispatcher.runChain(StageName.CreateKey, { alias: 'conc-b', secret: { name: 'conc-b' } }),
    ]);

    // Assess
    expect(a).toMatchObject({ ok: true, stage: 'import-material', state: 'Enabled' });
    expect(b).toMatchObject({ ok: true, stage: 'import-material', state: 'Enabled' });
    if (!a.ok || !b.ok) return;
    expect(a.key_id).not.toBe(b.key_id);
    expect(a.correlation_id).not.toBe(b.correlation_id);
    for (const result of [a, b]) {
      const chain = dispatcher.events.filter((e) => e.event['correlation_id'] === result.correlation_id);
      expect(chain.map((e) => e.stage)).toEqual(['create-key', 'fetch-parameters', 'wrap-material', 'import-material']);
    }
  });

  it('runs a whole chain when dispatch is called outside of one (as a handler does)', async () => {
    // Prepare
    await env.createSecret('outside', { secretBinary: randomMaterial().toString('base64') });
    const dispatcher = env.newDispatcher();

    // Act
    await dispatcher.dispatch(StageName.CreateKey, { alias: 'outside', secret: { name: 'outside' } });

    // Assess
    expect(dispatcher.outcomes.map((o) => o.stage)).toEqual(['create-key', 'fetch-parameters', 'wrap-material', 'import-material']);
    expect(dispatcher.outcomes.every((o) => o.ok)).toBe(true);
  });

  it('stops a chain that loops, with a failure event', async () => {
    // Prepare: a stage that dispatches itself forever
    const loop = defineStage(StageName.OnEvent, v.object({ n: v.number() }), async (event, deps) => {
      await deps.dispatcher.dispatch(StageName.OnEvent, { n: event.n + 1 });
      return { ok: true, stage: StageName.OnEvent, key_id: '', correlation_id: '', outcome: 'ok', source: 'direct', tasks: [] };
    });
    const dispatcher = env.newDispatcher({ stages: { [StageName.OnEvent]: loop }, maxSteps: 5 });

    // Act
    const result = await dispatcher.runChain(StageName.OnEvent, { n: 0 });

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'on-event', error: { code: 'BYOK.INTERNAL' } });
    expect(dispatcher.events).toHaveLength(5);
  });

  it('answers a failure event for a stage it cannot run', async () => {
    // Act
    const result = await env.newDispatcher().runChain(StageName.OnEvent, {});

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'on-event', error: { code: 'BYOK.INTERNAL', retryable: false } });
  });

  it('refuses to hand on an event carrying a secret-named field, as the cloud path does', async () => {
    // Prepare: a stage that tries to pass a secret value to the next stage
    const leaky = defineStage(StageName.OnEvent, v.object({}), async (_event, deps) => {
      await deps.dispatcher.dispatch(StageName.FetchParameters, { key_id: 'k', secret_string: 'do-not-pass-me-on' });
      return { ok: true, stage: StageName.OnEvent, key_id: '', correlation_id: '', outcome: 'ok', source: 'direct', tasks: [] };
    });
    const dispatcher = env.newDispatcher({ stages: { [StageName.OnEvent]: leaky } });

    // Act
    const result = await dispatcher.runChain(StageName.OnEvent, {});

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'on-event', error: { code: 'BYOK.EVENT_REJECTED' } });
    expect(JSON.stringify(result)).not.toContain('do-not-pass-me-on');
    expect(dispatcher.events.map((e) => e.stage)).toEqual(['on-event']);
  });
});
