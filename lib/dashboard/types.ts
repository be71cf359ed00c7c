/**
 * The compact model the dashboard page is drawn from. It is built from the functions' JSON log lines
 * (README "Logs are the dashboard's data") and stays small whatever the number of lines: per key, per time
 * bucket and for the last sweeps only. Times are epoch seconds, the unit the page's charts read.
 */

/** Lines that were read but not used, by reason. */
interface SkippedLines {
  /** Not JSON. */
  malformed: number;
  /** Longer than the line limit; dropped without being held in memory. */
  too_long: number;
  /** JSON, but not an object. */
  not_object: number;
  /** No `event`, no usable `ts`, or a key line without a usable `key_id`. */
  missing_fields: number;
}

interface SourceStats {
  /** Base names of the log files, in the order given. */
  files: string[];
  /** Non-empty lines read. */
  lines: number;
  skipped: SkippedLines;
  /** Lines of events the dashboard does not draw (ignored, counted). */
  other_events: number;
  /** Lines per event the dashboard draws. */
  events: Record<string, number>;
}

/** One `renewal.summary` line. */
interface SweepRow {
  ts: number;
  duration_ms: number | null;
  scanned: number;
  due: number;
  renewed: number;
  recovered: number;
  failed: number;
  deferred: number;
  pending_import: number;
  throttled: number;
  min_days_left: number | null;
  max_gap_ms: number | null;
  targets_failed: number;
  dry_run: boolean;
}

/** A key as the logs tell it, as of the latest line. */
interface KeyRow {
  key_id: string;
  alias: string;
  region: string | null;
  /** Named state (`Enabled`, `PendingImport`, ...) from the latest line about the key. */
  state: string;
  /** When its material expires; `null` = never or unknown. */
  expires_at: number | null;
  /** Days from `as_of` to `expires_at` (negative once passed). */
  days_left: number | null;
  first_seen: number;
  last_seen: number;
  /** Renewals and recoveries (exact count); `renewal_ts` is thinned evenly to a bounded number. */
  renewals: number;
  renewal_ts: number[];
  /** `renewal.key` lines with `outcome: failed` (exact); `failure_ts` thinned. */
  failures: number;
  failure_ts: number[];
  last_error_code: string | null;
  /** Spans in Pending import as seen from the logs: start, end (`null` = still in it at `as_of`). */
  pending: Array<[number, number | null]>;
  /** Seconds in Pending import over all spans (open spans counted up to `as_of`). */
  pending_s: number;
  /** Enabled by its last line, but its expiry has passed by `as_of` (no sweep renewed it). */
  overdue: boolean;
}

/** Per time bucket (all arrays align with `t`, the bucket starts). */
interface SeriesModel {
  bucket_s: number;
  t: number[];
  sweeps: number[];
  renewed: number[];
  recovered: number[];
  /** Keys that failed in a sweep (`renewal.key` with `outcome: failed`). */
  key_failures: number[];
  /** Lowest `min_days_left` of the bucket's sweeps. */
  min_days_left: Array<number | null>;
  /** Longest sweep of the bucket. */
  duration_ms: Array<number | null>;
  /** Sum of the sweeps' `throttled` (calls throttled after the client's own retries). */
  throttled: number[];
  /** Failed tries (`stage.failed`, `renewal.attempt_failed`) with a throttling code (APIG.0308, HTTP.429). */
  throttled_tries: number[];
  /** Failed tries and invocations by error code: the most frequent codes, the rest as `other`. */
  errors: Array<{ code: string; counts: number[] }>;
}

interface FleetSummary {
  keys: number;
  /** Lines about keys beyond the tracking limit (not in `keys`). */
  untracked_key_lines: number;
  by_state: Record<string, number>;
  overdue: number;
  /** `min_days_left` of the latest sweep that was not a dry run. */
  min_days_left: number | null;
  /** The key closest to expiry at `as_of`. */
  closest: { key_id: string; alias: string; days_left: number } | null;
  last_sweep: SweepRow | null;
  sweeps: number;
  /** `renewal.start` lines never followed by their `renewal.summary` (a killed or timed-out sweep). */
  sweeps_unfinished: number;
  renewals: number;
  recoveries: number;
  key_failures: number;
  /** Failed tries and invocations (`stage.failed`, `renewal.attempt_failed`, `renewal.target_failed`, unclassified `invoke.end`). */
  errors: number;
  throttled: number;
  targets_failed: number;
  /** Delete-first gaps (`renewal.gap`): count, longest, and those left open. */
  gaps: number;
  max_gap_ms: number | null;
  gaps_open: number;
}

interface DashboardModel {
  version: 1;
  /** Changes whenever the model does (the live page re-draws on a new value). */
  rev: number;
  /** Wall-clock time the model was built (ISO). */
  generated_at: string;
  /** Time of the latest log line; the page's "now" (logs may come from a virtual clock). */
  as_of: number | null;
  sources: SourceStats;
  fleet: FleetSummary;
  /** Keys, riskiest first (Pending import, overdue, fewest days left); at most `keys_limit`. */
  keys: KeyRow[];
  keys_limit: number;
  series: SeriesModel;
  /** The latest sweeps, newest first. */
  sweeps: SweepRow[];
}

export type { DashboardModel, FleetSummary, KeyRow, SeriesModel, SkippedLines, SourceStats, SweepRow };
