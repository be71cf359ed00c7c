/** The shapes the renewal sweep takes and answers. Row and summary fields are the dashboard's (docs/logs.md). */
import type { KeyInfo, KeyTag } from '../domain/KeyInfo.js';
import type { KeyState } from '../domain/KeyState.js';
import type { SecretValue } from '../domain/SecretValue.js';
import type { ManagedKey } from '../lifecycle/index.js';
import type { Logger } from '../log/Logger.js';
import type { Clock, Dispatcher, KeyService, SecretStore, SweepLock } from '../ports/index.js';
import type { ApiGroup, KeyOutcome, PlanAction, RenewalMode, RenewalStep } from './constants.js';

/** A managed key as discovery found it (resource_instances: details and tags in one answer). */
interface ManagedKeySnapshot {
  keyId: string;
  /** `undefined` when neither resource_instances nor describe-key gave details. */
  info: KeyInfo | undefined;
  tags: KeyTag[];
  /** Why `info` is missing (a Huawei code), if it is. */
  infoErrorCode?: string;
  /** The key's place in the tag query's order (a continuation resumes from such a place). */
  position?: number;
}

/** One row of the plan: what the sweep will do with a key, and why. */
interface PlanRow {
  key_id: string;
  /** `byok:alias`, else the key's own name, else ''. */
  alias: string;
  region: string | null;
  /** The named state (`Enabled`, `PendingImport`, ...). */
  state: KeyState;
  /** ISO instant the material expires; `null` = never (or no material). */
  expires_at: string | null;
  /** Days until expiry, 2 decimals, negative once expired; `null` without an expiry. */
  days_left: number | null;
  action: PlanAction;
  reason: string;
  /** Its lead covers too few maintenance windows before its expiry (the reason says so; counted in the summary). */
  window_warning?: true;
}

/** A plan row with what execution needs; `managed` is set when the key's managed tags parse. */
interface PlannedKey {
  row: PlanRow;
  snapshot: ManagedKeySnapshot;
  /** The lead used for this key (also the "already renewed" threshold). */
  leadMs: number;
  managed?: ManagedKey;
}

/** A row after the sweep: the plan plus what happened. */
interface KeyReport extends PlanRow {
  outcome: KeyOutcome;
  /** Huawei or byok code of the failure, when `outcome` is `failed` (or why a key was deferred). */
  error_code?: string;
  /** What to do, for failed keys (safe: written by the stages for operators). */
  error_message?: string;
  /** Tries used (0 = not started). */
  attempt: number;
  duration_ms: number;
  /** Expiry after renewal/recovery. */
  new_expires_at?: string | null;
  /** delete-first: ms the key was without material (delete sent → import answered). */
  gap_ms?: number;
  /** The key's state at the end, when the sweep knows it changed (e.g. left in `PendingImport`). */
  final_state?: KeyState;
  /** Mode actually used for an enabled key. */
  mode_used?: Exclude<RenewalMode, 'auto'>;
}

/** Calls per API group, as counted by the client-side gate. */
type CallCounts = Record<ApiGroup, number>;

/** How the sweep lock went for a target. */
type LockStatus = 'off' | 'not-needed' | 'acquired' | 'waited' | 'busy' | 'unavailable';

/** The `renewal.summary` line. Invariants: `scanned = due + skipped + drift`; `due = renewed + recovered + failed +
 * deferred + already_renewed + dispatched` (dry run: `due` counts the planned renewals and recoveries). */
interface SweepSummary {
  scanned: number;
  due: number;
  renewed: number;
  recovered: number;
  failed: number;
  skipped: number;
  deferred: number;
  drift: number;
  already_renewed: number;
  dispatched: number;
  /** Keys in Pending import when the sweep ended (failed recoveries, or left by a failed delete-first). */
  pending_import: number;
  /** Lowest days left over keys with an expiry after the sweep (0 for a key in Pending import); null if none. */
  min_days_left: number | null;
  duration_ms: number;
  dry_run: boolean;
  mode: RenewalMode;
  targets: number;
  /** Remote calls per API group (client-side count; the client's own retries are not counted). */
  calls: CallCounts;
  /** Calls that surfaced a throttling error after the client's retries. */
  throttled: number;
  /** Per target, in order. */
  lock: LockStatus[];
  /** Largest delete-first gap, ms: delete sent → import answered (null when no delete-first ran). */
  max_gap_ms: number | null;
  /** Median delete-first gap, ms (null when no delete-first ran). */
  gap_p50_ms: number | null;
  /** Keys whose lead covers fewer than 3 maintenance windows before their expiry (option `window`). */
  window_warnings: number;
  /** Targets whose discovery failed (their keys are not in the counts). */
  targets_failed: number;
  /**
   * Every page of every target was read. False when the function's deadline stopped the scan (the keys not read
   * are in no count; the next tick, or a continuation, sees them).
   */
  scan_complete: boolean;
  /**
   * Nothing is left for a person or a later run: every page read, no target failed, no key failed, deferred
   * (lock held by another sweep, deadline, `max_keys`, maintenance window) or in Pending import. `byok renew`
   * should exit non-zero when false.
   */
  complete: boolean;
  /** The sweep handed its remaining keys to a continuation (they are in that invocation's counts). */
  continued: boolean;
  /** Targets handed to invocations of their own (`per_target`); this invocation swept none of them. */
  targets_dispatched: number;
}

/** What {@link runSweep} answers. */
interface SweepResult {
  summary: SweepSummary;
  /** The rows kept by the sweep's row policy (`SweepDeps.rows`), at most its cap. */
  keys: KeyReport[];
  /** Rows the policy wanted but the cap left out. */
  keys_left_out: number;
}

/** One region/project, with the ports the wiring built for it. */
interface RenewalTarget {
  /** For rows and logs. */
  region?: string;
  projectId?: string;
  keys: KeyService;
  secrets: SecretStore;
  /** Exclusive sweep lock; without it overlapping sweeps rely on the re-describe before import. */
  lock?: SweepLock;
  /** Where fan-out hands per-key work (FunctionGraph async invoke); without it fan-out is off. */
  dispatcher?: Dispatcher;
}

/** Where the sweep of a target stopped (its pass, and the query position to resume at). */
interface SweepCursor {
  phase: 'recover' | 'renew';
  skip: number;
}

/**
 * Hands the rest of a sweep to a new invocation of the same function (FunctionGraph async invoke in the cloud):
 * one per target when fanning out, or a continuation when the keys of a target do not fit the remaining time.
 */
interface SweepRelay {
  /**
   * Starts an invocation for `targets` (indexes into `SweepDeps.targets`), the first resuming at `cursor`;
   * `hop` counts the continuations of this sweep so far.
   */
  handOn(part: { targets: number[]; cursor?: SweepCursor; hop: number }): Promise<void>;
}

/** Which rows the answer keeps, and how many at most. */
interface RowPolicy {
  keep: (report: KeyReport) => boolean;
  max: number;
}

/** Effects and knobs the wiring (or a test, simulation, benchmark) gives the sweep. */
interface SweepDeps {
  targets: RenewalTarget[];
  /** The cloud's clock (virtual on the embedded cloud): expiry, lead, token validity. */
  clock: Clock;
  /** Bound to `fn` and the sweep's `correlation_id`. */
  logger: Logger;
  /** Wall-clock epoch ms at which the invocation must be done (`Infinity`: none). Default Infinity. */
  deadlineAtMs?: number;
  /**
   * The function's timeout, when the sweep runs in one: no sweep outlives it, so a lock older than it (plus a
   * margin) is dead even before `lock_ttl_seconds`. Undefined (the CLI): only `lock_ttl_seconds` counts.
   */
  functionTimeoutMs?: number;
  /** Wall clock for the deadline. Default `Date.now`. */
  nowMs?: () => number;
  /** Monotonic ms for durations, token buckets and the delete-first gap. Default `performance.now`. */
  elapsedMs?: () => number;
  /** Real waits (token buckets, backoff, lock polling). Default `setTimeout`. */
  sleep?: (delayMs: number) => Promise<void>;
  /** Uniform [0, 1): jitter and the lock's holder key. Default `Math.random`. */
  random?: () => number;
  /** Runs before each step of each key's try (tests and simulations move the clock or inject faults). */
  beforeStep?: (step: RenewalStep, keyId: string, detail?: ImportStepDetail) => void | Promise<void>;
  /** Correlation id of the sweep; per-key chains get their own. */
  correlationId?: string;
  tuning?: Partial<SweepTuning>;
  /** Told how the sweep goes (due keys, a lock wait, each key done, a target that failed), e.g. for a progress bar. */
  onProgress?: (progress: SweepProgress) => void;
  /** Which rows the answer keeps, up to how many. Default every row, up to 1,000. */
  rows?: RowPolicy;
  /** Receives every key's report as it is made (e.g. a command printing every row of a large plan). */
  onReport?: (report: KeyReport) => void;
  /** How to hand work to another invocation; without it a sweep defers what does not fit and fans out nothing. */
  relay?: SweepRelay;
}

/** What {@link SweepDeps.onProgress} hears; the log lines say the same to the dashboard. */
type SweepProgress =
  /** A page's due keys, as the sweep reaches them: the total grows page by page. */
  | { event: 'planned'; region?: string | undefined; due: number }
  | { event: 'lock-wait'; region?: string | undefined }
  | { event: 'key-done'; report: KeyReport }
  | { event: 'target-failed'; region?: string | undefined; error: unknown };

/** The secrets a test hook may inspect at the import step (never printed by the sweep). */
interface ImportStepDetail {
  importToken: SecretValue;
  encryptedKeyMaterial: SecretValue;
}

/** Internal knobs with defaults (not part of `user_event`). */
interface SweepTuning {
  /** Never start a key with less than this left before the deadline (grows to 2x the slowest key seen). */
  reserveMs: number;
  /** delete-first refuses to delete with an import token this close to its expiry (fetches new parameters). */
  tokenMarginMs: number;
  /** Backoff between tries of one key: full jitter, ceiling base * 2^(try-1), at most max. */
  keyRetryBaseMs: number;
  keyRetryMaxMs: number;
  /** Lock polling: full jitter up to this. */
  lockPollMaxMs: number;
  /** Extra tries (beyond `key_attempts`) for a key without material (Pending import), deadline permitting. */
  rescueAttempts: number;
}

export type {
  CallCounts,
  ImportStepDetail,
  KeyReport,
  LockStatus,
  ManagedKeySnapshot,
  PlanRow,
  PlannedKey,
  RenewalTarget,
  SweepDeps,
  RowPolicy,
  SweepProgress,
  SweepResult,
  SweepSummary,
  SweepTuning,
  SweepCursor,
  SweepRelay,
};
