/**
 * What each log event contributes to the dashboard. Event names and fields are those the functions write
 * (lib/renewal/report.ts, summary.ts, runSweep.ts, renewKey.ts; lib/stages/logStage.ts;
 * lib/middleware/failureEvent.ts, structuredLogging.ts). Fields of the wrong type read as absent; unknown fields
 * are ignored. A handler answers false when the line lacks what it needs (counted as skipped).
 */
import { numberField, textField, timeField } from './fields.js';
import type { LogRecord } from './fields.js';
import type { FleetState } from './FleetState.js';
import type { KeyHistory } from './KeyHistory.js';
import type { SweepRow } from './types.js';

type EventHandler = (state: FleetState, record: LogRecord, timeMs: number) => boolean;

/** Outcomes after which the key is enabled (lib/renewal/report.ts, finalStateOf). */
const ENABLED_OUTCOMES: ReadonlySet<string> = new Set(['renewed', 'recovered', 'already-renewed']);

const count = (record: LogRecord, name: string): number => Math.max(0, Math.round(numberField(record, name) ?? 0));

/** Tells concurrent sweeps apart: the function and the sweep's correlation id. */
const runOf = (record: LogRecord): string => `${textField(record, 'fn', 64) ?? ''}|${textField(record, 'correlation_id', 64) ?? ''}`;

function describeKey(key: KeyHistory, record: LogRecord): void {
  const alias = textField(record, 'alias', 64);
  if (alias !== undefined) key.alias = alias;
  const region = textField(record, 'region', 32);
  if (region !== undefined) key.region = region;
}

/** `expires_at` of a key line; a key's lines repeat the same text sweep after sweep, so it is parsed once. */
function expiryOf(key: KeyHistory, record: LogRecord): number | null | undefined {
  const text = record['expires_at'];
  const cached = key.parsedExpiry;
  if (typeof text === 'string' && cached !== undefined && text === cached.text) return cached.ms;
  const expiry = timeField(record, 'expires_at');
  key.parsedExpiry = typeof text === 'string' && typeof expiry === 'number' ? { text, ms: expiry } : undefined;
  return expiry;
}

const onRenewalKey: EventHandler = (state, record, timeMs) => {
  const keyId = textField(record, 'key_id');
  if (keyId === undefined) return false;
  const key = state.key(keyId);
  if (key === undefined) return true;
  describeKey(key, record);
  const outcome = textField(record, 'outcome', 32) ?? '';
  const before = textField(record, 'state', 32) ?? 'Unknown';
  const after = textField(record, 'final_state', 32) ?? (ENABLED_OUTCOMES.has(outcome) ? 'Enabled' : before);
  const done = outcome === 'renewed' || outcome === 'recovered';
  const newExpiry = done ? timeField(record, 'new_expires_at') : undefined;
  key.observe(timeMs, after, newExpiry !== undefined ? newExpiry : expiryOf(key, record));
  if (!done && outcome !== 'failed') return true;
  const bucket = state.rollup.at(timeMs);
  if (done) {
    key.renewed(timeMs);
    if (outcome === 'renewed') {
      bucket.renewed += 1;
      state.totals.renewals += 1;
    } else {
      bucket.recovered += 1;
      state.totals.recoveries += 1;
    }
  } else if (outcome === 'failed') {
    key.failed(timeMs, textField(record, 'error_code', 64));
    bucket.keyFailures += 1;
    state.totals.keyFailures += 1;
  }
  return true;
};

const onRenewalSummary: EventHandler = (state, record, timeMs) => {
  const row: SweepRow = {
    ts: Math.floor(timeMs / 1000),
    duration_ms: numberField(record, 'duration_ms') ?? null,
    scanned: count(record, 'scanned'),
    due: count(record, 'due'),
    renewed: count(record, 'renewed'),
    recovered: count(record, 'recovered'),
    failed: count(record, 'failed'),
    deferred: count(record, 'deferred'),
    pending_import: count(record, 'pending_import'),
    throttled: count(record, 'throttled'),
    min_days_left: numberField(record, 'min_days_left') ?? null,
    max_gap_ms: numberField(record, 'max_gap_ms') ?? null,
    targets_failed: count(record, 'targets_failed'),
    dry_run: record['dry_run'] === true,
  };
  state.sweeps.finish(runOf(record), row);
  if (row.dry_run) return true;
  const bucket = state.rollup.at(timeMs);
  bucket.sweeps += 1;
  bucket.throttled += row.throttled;
  state.totals.throttled += row.throttled;
  if (row.min_days_left !== null) bucket.minDaysLeft = Math.min(bucket.minDaysLeft ?? Infinity, row.min_days_left);
  if (row.duration_ms !== null) bucket.durationMs = Math.max(bucket.durationMs ?? 0, row.duration_ms);
  return true;
};

const onRenewalStart: EventHandler = (state, record, timeMs) => {
  state.sweeps.start(runOf(record), timeMs);
  return true;
};

const onTargetFailed: EventHandler = (state, record, timeMs) => {
  state.totals.targetsFailed += 1;
  state.error(timeMs, textField(record, 'error_code', 64) ?? 'BYOK.INTERNAL');
  return true;
};

const onGap: EventHandler = (state, record) => {
  const gapMs = numberField(record, 'gap_ms');
  state.totals.gaps += 1;
  if (record['outcome'] === 'open') state.totals.gapsOpen += 1;
  if (gapMs !== undefined) state.totals.maxGapMs = Math.max(state.totals.maxGapMs ?? 0, gapMs);
  return true;
};

/** A stage's result: a key's alias (create-key), its state and expiry (import). Failures: see stage.failed. */
const onStageDone: EventHandler = (state, record, timeMs) => {
  if (record['outcome'] === 'failed') return true;
  const keyId = textField(record, 'key_id');
  if (keyId === undefined) return true;
  const key = state.key(keyId);
  if (key === undefined) return true;
  describeKey(key, record);
  const keyState = textField(record, 'state', 32);
  // A key just created has no material yet: Pending import, but not an outage.
  if (record['stage'] === 'create-key') key.observe(timeMs, 'PendingImport', undefined, false);
  else if (keyState !== undefined) key.observe(timeMs, keyState, timeField(record, 'expires_at'));
  else key.seen(timeMs);
  return true;
};

/** One failed try: of a stage, or of a key in a sweep (`renewal.key` tells how the key ended). */
const onStageFailed: EventHandler = (state, record, timeMs) => {
  state.error(timeMs, textField(record, 'error_code', 64) ?? 'BYOK.INTERNAL');
  return true;
};

/** An invocation that nothing classified (no `stage.failed` line was written for it). */
const onInvokeEnd: EventHandler = (state, record, timeMs) => {
  if (record['outcome'] === 'error') state.error(timeMs, textField(record, 'error_code', 64) ?? 'BYOK.UNCLASSIFIED');
  return true;
};

const eventHandlers: Readonly<Record<string, EventHandler>> = {
  'renewal.key': onRenewalKey,
  'renewal.summary': onRenewalSummary,
  'renewal.start': onRenewalStart,
  'renewal.target_failed': onTargetFailed,
  'renewal.gap': onGap,
  'stage.done': onStageDone,
  'stage.failed': onStageFailed,
  'renewal.attempt_failed': onStageFailed,
  'invoke.end': onInvokeEnd,
};

export { eventHandlers };
export type { EventHandler };
