import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetAggregator } from '../../lib/dashboard/FleetAggregator.js';
import { readDashboardModel } from '../../lib/dashboard/readDashboardModel.js';
import type { DashboardModel } from '../../lib/dashboard/types.js';
import { FleetSimulation } from './fleetLog.js';
import type { FleetTruth } from './fleetLog.js';

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe('Function: readDashboardModel (a simulated fleet, two log files)', () => {
  let dir: string;
  let truth: FleetTruth;
  let model: DashboardModel;

  beforeAll(async () => {
    // Prepare: 150 keys, 240 hourly sweeps, every 37th sweep killed, split over two files
    dir = mkdtempSync(join(tmpdir(), 'byok-dashboard-'));
    const simulation = new FleetSimulation({ keys: 150, sweeps: 240, seed: 7, troubledShare: 0.05, killEvery: 37 });
    const lines = [...simulation.lines()];
    truth = simulation.truth;
    const half = Math.floor(lines.length / 2);
    writeFileSync(join(dir, 'a.log'), `${lines.slice(0, half).join('\n')}\n`);
    // The second file ends without a newline: its last line still counts.
    writeFileSync(join(dir, 'b.log'), lines.slice(half).join('\n'));
    // Act
    model = await readDashboardModel([join(dir, 'a.log'), join(dir, 'b.log')]);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts every line, and the lines of the event it does not draw apart', () => {
    expect(model.sources.lines).toBe(truth.lines);
    expect(model.sources.other_events).toBe(truth.byEvent['renewal.future_metric']);
    expect(model.sources.skipped).toEqual({ malformed: 0, too_long: 0, not_object: 0, missing_fields: 0 });
    for (const event of ['renewal.key', 'renewal.summary', 'renewal.start', 'stage.failed', 'stage.done']) {
      expect(model.sources.events[event], event).toBe(truth.byEvent[event]);
    }
    expect(model.sources.files).toEqual(['a.log', 'b.log']);
  });

  it('knows every key and its final state, as the simulation left it', () => {
    const byState: Record<string, number> = {};
    for (const key of truth.keys.values()) byState[key.state] = (byState[key.state] ?? 0) + 1;
    expect(model.fleet.keys).toBe(truth.keys.size);
    expect(model.fleet.by_state).toEqual(byState);
    expect(truth.pendingEpisodes).toBeGreaterThan(0);
  });

  it('has each key’s renewals, failures, expiry and time in Pending import', () => {
    const asOfMs = truth.lastTimeMs;
    for (const row of model.keys) {
      const key = truth.keys.get(row.key_id);
      expect(key, row.key_id).toBeDefined();
      if (key === undefined) continue;
      expect(row.alias).toBe(key.alias);
      expect(row.state).toBe(key.state);
      expect(row.renewals).toBe(key.renewals);
      expect(row.failures).toBe(key.failures);
      expect(row.expires_at).toBe(key.expiresMs === null ? null : Math.floor(key.expiresMs / 1000));
      const openMs = key.pendingSinceMs === null ? 0 : asOfMs - key.pendingSinceMs;
      expect(Math.abs(row.pending_s - (key.pendingMs + openMs) / 1000)).toBeLessThanOrEqual(1);
      expect(row.pending.length).toBe(Math.min(key.pendingEpisodes, 32));
      expect(row.renewal_ts.length).toBeLessThanOrEqual(127);
    }
  });

  it('totals renewals, recoveries, failures, throttling and sweeps, killed sweeps included', () => {
    expect(model.fleet.renewals).toBe(truth.renewals);
    expect(model.fleet.recoveries).toBe(truth.recoveries);
    expect(model.fleet.key_failures).toBe(truth.keyFailures);
    expect(model.fleet.errors).toBe(sum(Object.values(truth.failedTries)));
    expect(model.fleet.throttled).toBe(truth.throttled);
    expect(model.fleet.sweeps).toBe(truth.sweeps);
    expect(model.fleet.sweeps_unfinished).toBe(truth.unfinishedSweeps);
    expect(truth.unfinishedSweeps).toBe(6);
  });

  it('puts the same totals in the time series, in a bounded number of contiguous buckets', () => {
    const s = model.series;
    expect(s.t.length).toBeLessThanOrEqual(512);
    expect(s.t.every((t, i) => i === 0 || t - (s.t[i - 1] as number) === s.bucket_s)).toBe(true);
    expect(sum(s.sweeps)).toBe(truth.sweeps);
    expect(sum(s.renewed)).toBe(truth.renewals);
    expect(sum(s.recovered)).toBe(truth.recoveries);
    expect(sum(s.key_failures)).toBe(truth.keyFailures);
    expect(sum(s.throttled)).toBe(truth.throttled);
    expect(sum(s.throttled_tries)).toBe(truth.failedTries['APIG.0308']);
    const byCode = Object.fromEntries(s.errors.map((e) => [e.code, sum(e.counts)]));
    expect(byCode).toEqual(truth.failedTries);
  });

  it('shows the last sweep and the latest sweeps newest first', () => {
    const last = truth.lastSummary as Record<string, unknown>;
    expect(model.fleet.last_sweep).toMatchObject({ scanned: last['scanned'], renewed: last['renewed'], failed: last['failed'], pending_import: last['pending_import'] });
    expect(model.fleet.min_days_left).toBe(last['min_days_left']);
    expect(model.sweeps).toHaveLength(50);
    expect(model.sweeps[0]).toEqual(model.fleet.last_sweep);
    expect(model.sweeps.every((s, i) => i === 0 || s.ts < (model.sweeps[i - 1] as { ts: number }).ts)).toBe(true);
    expect(model.as_of).toBe(Math.floor(truth.lastTimeMs / 1000));
  });

  it('orders keys riskiest first: Pending import, then fewest days left', () => {
    const pending = model.keys.filter((k) => k.state === 'PendingImport').length;
    expect(model.keys.slice(0, pending).every((k) => k.state === 'PendingImport')).toBe(true);
    const enabled = model.keys.filter((k) => k.state === 'Enabled' && k.days_left !== null).map((k) => k.days_left as number);
    expect(enabled).toEqual([...enabled].sort((a, b) => a - b));
  });
});

describe('Class: FleetAggregator (lines it must survive)', () => {
  const ts = '2026-03-01T10:00:00.000Z';
  const keyLine = (fields: Record<string, unknown>): string =>
    JSON.stringify({ ts, level: 'info', event: 'renewal.key', fn: 'renew-expiring', correlation_id: null, key_id: 'k-1', alias: 'pay', state: 'Enabled', expires_at: '2026-03-05T10:00:00.000Z', outcome: 'skipped', ...fields });

  it('skips and counts every kind of bad line, and still reads the good ones', () => {
    // Prepare
    const aggregator = new FleetAggregator();
    const lines = [
      'not json at all',
      '{"ts":',
      '[1,2,3]',
      '42',
      'null',
      JSON.stringify({ event: 'renewal.key', key_id: 'x' }),
      JSON.stringify({ ts: 'yesterday', event: 'renewal.key', key_id: 'x' }),
      JSON.stringify({ ts: '1970-01-01T00:00:00Z', event: 'renewal.key', key_id: 'x' }),
      JSON.stringify({ ts, event: 42 }),
      JSON.stringify({ ts, event: 'renewal.key' }),
      JSON.stringify({ ts, event: 'renewal.key', key_id: { nested: true } }),
      `2026-03-01T10:00:00Z INFO ${keyLine({})}`,
      `\ufeff${keyLine({ key_id: 'k-2' })}`,
      keyLine({ key_id: 'k-3', alias: 12, state: ['x'], expires_at: 'soon', days_left: 'many', outcome: { o: 1 }, new_field: 'ignored' }),
      JSON.stringify({ ts, event: 'renewal.summary', scanned: 'three', min_days_left: '2.5', duration_ms: -1, lock: 'x' }),
      JSON.stringify({ ts, event: 'some.future_event', whatever: [1] }),
      JSON.stringify({ ts, event: '__proto__' }),
      JSON.stringify({ ts, event: 'toString' }),
    ];
    // Act
    for (const line of lines) aggregator.addLine(line);
    aggregator.addOversizeLine();
    const model = aggregator.model({ files: [], rev: 1 });
    // Assess
    expect(model.sources.skipped).toEqual({ malformed: 2, too_long: 1, not_object: 3, missing_fields: 6 });
    expect(model.sources.other_events).toBe(3);
    expect(model.sources.lines).toBe(lines.length + 1);
    expect(model.keys.map((k) => k.key_id).sort()).toEqual(['k-1', 'k-2', 'k-3']);
    const k3 = model.keys.find((k) => k.key_id === 'k-3');
    expect(k3).toMatchObject({ alias: '', state: 'Unknown', expires_at: null });
    expect(model.fleet.last_sweep).toMatchObject({ scanned: 0, min_days_left: 2.5 });
  });

  it('keeps memory per key bounded: marks are thinned, counts stay exact', () => {
    // Prepare: one key renewed 5,000 times
    const aggregator = new FleetAggregator();
    for (let i = 0; i < 5_000; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      aggregator.addLine(JSON.stringify({ ts: at, event: 'renewal.key', key_id: 'k', state: 'Enabled', outcome: 'renewed', new_expires_at: '2026-06-01T00:00:00Z' }));
    }
    // Act
    const [row] = aggregator.model({ files: [], rev: 1 }).keys;
    // Assess
    expect(row?.renewals).toBe(5_000);
    expect(row?.renewal_ts.length).toBeLessThan(128);
    expect(row?.renewal_ts.at(-1)).toBe(Math.floor((Date.UTC(2026, 0, 1) + 4_999 * 60_000) / 1000));
  });

  it('stops tracking new keys at the limit and counts the lines it left out', () => {
    const aggregator = new FleetAggregator({ keysLimit: 2 });
    for (const id of ['a', 'b', 'c', 'c', 'a']) aggregator.addLine(keyLine({ key_id: id }));
    const model = aggregator.model({ files: [], rev: 1 });
    expect(model.fleet.keys).toBe(2);
    expect(model.fleet.untracked_key_lines).toBe(2);
  });
});
