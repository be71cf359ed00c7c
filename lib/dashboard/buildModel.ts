/** Turns the running aggregate into the page's model: key rows riskiest first, contiguous series, totals. */
import { OTHER_CODE } from './FleetState.js';
import type { FleetState } from './FleetState.js';
import type { DashboardModel, KeyRow, SeriesModel, SkippedLines } from './types.js';

/** What the model is drawn from: the aggregate of the log lines read (FleetAggregator). */
interface ModelSource {
  readonly state: FleetState;
  readonly lines: number;
  readonly otherEvents: number;
  readonly skipped: SkippedLines;
  readonly events: Record<string, number>;
  /** Epoch ms of the latest line; not finite before the first. */
  readonly asOfMs: number;
}

/** Rows of keys the page gets (the totals count every key). */
const KEYS_LIMIT = 5_000;
/** Error codes drawn apart in the chart; the rest are stacked as `other`. */
const CHART_CODES = 8;

/** States of keys out of service on purpose: their expiry is no outage, so they sort last. */
const RESTING_STATES: ReadonlySet<string> = new Set(['Disabled', 'PendingDeletion']);

/** Pending import first, then overdue, then fewest days left, keys out of service last; ties by failures, alias. */
function riskOrder(a: KeyRow, b: KeyRow): number {
  const rank = (k: KeyRow): number => (k.state === 'PendingImport' ? 0 : k.overdue ? 1 : RESTING_STATES.has(k.state) ? 3 : 2);
  return (
    rank(a) - rank(b) ||
    (a.days_left ?? Number.POSITIVE_INFINITY) - (b.days_left ?? Number.POSITIVE_INFINITY) ||
    b.failures - a.failures ||
    a.alias.localeCompare(b.alias) ||
    a.key_id.localeCompare(b.key_id)
  );
}

function buildSeries(aggregator: ModelSource): SeriesModel {
  const { widthS, starts, buckets } = aggregator.state.rollup.contiguous();
  const ranked = [...aggregator.state.errorTotals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = ranked.slice(0, ranked.length > CHART_CODES ? CHART_CODES - 1 : CHART_CODES).map(([code]) => code).filter((c) => c !== OTHER_CODE);
  const rest = ranked.length > shown.length;
  const errors = shown.map((code) => ({ code, counts: buckets.map((b) => b.errors?.get(code) ?? 0) }));
  if (rest) {
    const other = buckets.map((b) => {
      let n = 0;
      for (const [code, value] of b.errors ?? []) if (!shown.includes(code)) n += value;
      return n;
    });
    errors.push({ code: OTHER_CODE, counts: other });
  }
  return {
    bucket_s: widthS,
    t: starts,
    sweeps: buckets.map((b) => b.sweeps),
    renewed: buckets.map((b) => b.renewed),
    recovered: buckets.map((b) => b.recovered),
    key_failures: buckets.map((b) => b.keyFailures),
    min_days_left: buckets.map((b) => b.minDaysLeft),
    duration_ms: buckets.map((b) => b.durationMs),
    throttled: buckets.map((b) => b.throttled),
    throttled_tries: buckets.map((b) => b.throttledTries),
    errors,
  };
}

function buildModel(aggregator: ModelSource, meta: { files: string[]; rev: number; now?: Date }): DashboardModel {
  const { state } = aggregator;
  const asOfMs = Number.isFinite(aggregator.asOfMs) ? aggregator.asOfMs : null;
  const rows = [...state.keys.values()].map((key) => key.row(asOfMs ?? key.lastSeenMs)).sort(riskOrder);
  const byState: Record<string, number> = {};
  let overdue = 0;
  let closest: DashboardModel['fleet']['closest'] = null;
  for (const row of rows) {
    byState[row.state] = (byState[row.state] ?? 0) + 1;
    if (row.overdue) overdue += 1;
    if (row.state === 'Enabled' && row.days_left !== null && (closest === null || row.days_left < closest.days_left)) {
      closest = { key_id: row.key_id, alias: row.alias, days_left: row.days_left };
    }
  }
  const { totals, sweeps } = state;
  const latest = sweeps.latestReal();
  return {
    version: 1,
    rev: meta.rev,
    generated_at: (meta.now ?? new Date()).toISOString(),
    as_of: asOfMs === null ? null : Math.floor(asOfMs / 1000),
    sources: {
      files: meta.files,
      lines: aggregator.lines,
      skipped: { ...aggregator.skipped },
      other_events: aggregator.otherEvents,
      events: { ...aggregator.events },
    },
    fleet: {
      keys: rows.length,
      untracked_key_lines: totals.untrackedKeyLines,
      by_state: byState,
      overdue,
      min_days_left: latest?.min_days_left ?? null,
      closest,
      last_sweep: latest,
      sweeps: sweeps.count,
      sweeps_unfinished: sweeps.unfinished(asOfMs ?? 0),
      renewals: totals.renewals,
      recoveries: totals.recoveries,
      key_failures: totals.keyFailures,
      errors: totals.errors,
      throttled: totals.throttled,
      targets_failed: totals.targetsFailed,
      gaps: totals.gaps,
      max_gap_ms: totals.maxGapMs,
      gaps_open: totals.gapsOpen,
    },
    keys: rows.slice(0, KEYS_LIMIT),
    keys_limit: KEYS_LIMIT,
    series: buildSeries(aggregator),
    sweeps: sweeps.recent(),
  };
}

export { buildModel, riskOrder };
export type { ModelSource };
