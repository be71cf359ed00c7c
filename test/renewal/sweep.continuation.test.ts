/**
 * Continuations in process, with a relay that records what a sweep hands on and a fake wall clock that moves 20 s
 * per key: the sweep stops at the first key it may not start and hands on its position; sweeps resumed there renew
 * the rest, each key once, and their summaries add up to the fleet. Fast (no functions run: test/renewal/fanout
 * does it on FunctionGraph).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RenewalStep } from '../../lib/renewal/constants.js';
import type { SweepRelay, SweepSummary } from '../../lib/renewal/types.js';
import { importsIn, startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

type Part = Parameters<SweepRelay['handOn']>[0];

describe('Function: runSweep (continuations)', () => {
  let env: RenewalEnv;
  let ids: string[];
  let wallMs: number;

  beforeEach(async () => {
    env = await startRenewalEnv();
    ids = [];
    for (let i = 0; i < 5; i++) ids.push((await env.onboard('3d')).keyId);
    await env.advanceDays(2.5);
    wallMs = 1_000_000;
  });
  afterEach(async () => {
    await env.close();
  });

  /** A sweep with 45 s before its deadline (10 s reserve): two keys of 20 s each fit. */
  async function sweepWith(relay: SweepRelay | undefined, resume?: Part): Promise<SweepSummary> {
    const beforeStep = (step: string): void => {
      if (step === RenewalStep.FetchParameters) wallMs += 20_000;
    };
    const raw = resume?.cursor === undefined ? {} : { resume: { ...resume.cursor, hop: resume.hop } };
    const deps = { nowMs: () => wallMs, deadlineAtMs: wallMs + 45_000, beforeStep, tuning: { reserveMs: 10_000 }, ...(relay ? { relay } : {}) };
    return (await env.sweep({ concurrency: 1, lock: false, ...raw }, deps)).summary;
  }

  it('hands on where it stopped, and the continuations renew the rest, each key once', async () => {
    // Act: the first sweep, then each continuation it hands on, until none is
    const parts: Part[] = [];
    const relay: SweepRelay = { handOn: async (part) => void parts.push(part) };
    const summaries = [await sweepWith(relay)];
    for (let i = 0; i < parts.length && i < 10; i++) summaries.push(await sweepWith(relay, parts[i]));

    // Assess
    expect(parts.map((p) => p.cursor)).toEqual([
      { phase: 'renew', skip: 2 },
      { phase: 'renew', skip: 4 },
    ]);
    expect(parts.map((p) => p.hop)).toEqual([1, 2]);
    expect(summaries.map((s) => [s.renewed, s.continued, s.deferred])).toEqual([
      [2, true, 0],
      [2, true, 0],
      [1, false, 0],
    ]);
    expect(summaries.reduce((n, s) => n + s.scanned, 0)).toBe(5);
    for (const id of ids) expect(importsIn(await env.history(id))).toBe(2);
    expect(env.lines('renewal.continued')).toHaveLength(2);
  });

  it('defers what does not fit when no continuation can be handed on', async () => {
    const failing: SweepRelay = {
      handOn: async () => {
        throw new Error('FunctionGraph said no');
      },
    };

    const withoutRelay = await sweepWith(undefined);
    const withFailingRelay = await sweepWith(failing);

    expect(withoutRelay).toMatchObject({ renewed: 2, deferred: 3, continued: false, complete: false });
    // The second sweep finds the three keys the first left, renews two and reports the last deferred.
    expect(withFailingRelay).toMatchObject({ due: 3, renewed: 2, deferred: 1, continued: false, complete: false });
    expect(env.lines('renewal.continuation_failed')).toHaveLength(1);
  });

  it('does not hand on again from a continuation that started no key', async () => {
    const parts: Part[] = [];
    // A continuation resumed at position 2 with no time at all: it stops where it started.
    const summary = await (async () => {
      const deps = { nowMs: () => wallMs, deadlineAtMs: wallMs + 5_000, tuning: { reserveMs: 10_000 }, relay: { handOn: async (part: Part) => void parts.push(part) } };
      return (await env.sweep({ concurrency: 1, lock: false, resume: { phase: 'renew', skip: 2, hop: 3 } }, deps)).summary;
    })();

    expect(parts).toEqual([]);
    expect(summary).toMatchObject({ renewed: 0, deferred: 3, continued: false, complete: false });
    expect(env.lines('renewal.continuation_failed')).toEqual([expect.objectContaining({ error_code: 'BYOK.NO_PROGRESS' })]);
  });
});
