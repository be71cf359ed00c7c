/**
 * Reliability: 90 simulated days, 50 keys with ttls spread from 1 to 90 days, a sweep every simulated hour
 * (2,160 sweeps), faults at the gateway (RELIABILITY_FAULTS: 20 % 5xx, 10 % throttled, dropped connections before
 * and after handling, latency), and a cloud that ACCEPTS re-imports into enabled keys (`reimport_enabled_key=allow`):
 * mode auto renews in place, so a key never loses its material, not even for a moment.
 *
 * Expired material is deleted at once (`expiry_deletion_delay_seconds=0`), so a renewal late by even one tick
 * would show as time in "5". Sweeps run with concurrency 1 so the seeded faults hit the same requests on every run.
 * Takes ~40 s on 2 cores (see reliability.deleteFirst.test.ts for where the time goes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELIABILITY_FAULTS, expectNoKeyLost, fleetFacts, simulate } from './fixtures/simulation.js';
import type { KeyFacts, SimulationReport } from './fixtures/simulation.js';

describe('Function: runSweep (90 simulated days, hourly, faults, re-import into enabled keys allowed)', () => {
  let report: SimulationReport;
  let facts: KeyFacts[];

  beforeAll(async () => {
    report = await simulate({
      reimport: 'allow',
      days: 90,
      sweepEveryHours: 1,
      keyCount: 50,
      faults: RELIABILITY_FAULTS,
      sweep: { mode: 'auto', concurrency: 1 },
    });
    facts = await fleetFacts(report);
  }, 240_000);
  afterAll(async () => {
    await report?.env.close();
  });

  it('keeps every key out of Pending import: 0 s in state 5, material intact', () => {
    expectNoKeyLost(report, facts);
  });

  it('renews in place: no material is ever deleted', () => {
    expect(facts.filter((f) => f.deletions > 0)).toEqual([]);
    expect(report.totals.deleteLines).toBe(0);
    expect(report.totals.closedGapLines + report.totals.openGapLines).toBe(0);
  });

  it('logs every failure: a failed line with an error code per failed key, matching the summaries', () => {
    expect(report.totals.failed).toBeGreaterThan(0);
    expect(report.totals.targets_failed).toBeGreaterThan(0);
    expect(report.totals.failedKeyLines).toBe(report.totals.failed);
    expect(report.totals.targetFailedLines).toBe(report.totals.targets_failed);
    expect(report.mismatches).toEqual([]);
  });
});
