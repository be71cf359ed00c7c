/** Closed sets and defaults of the renewal timer (docs/architecture.md#renewal). Times carry their unit. */

/** How an enabled key gets its later expiry. */
const RenewalMode = {
  /** In-place; falls back to delete-first for the rest of the sweep when KMS answers KMS.0310. */
  Auto: 'auto',
  /** Re-import the same material with a new token and a later expiry into the enabled key. */
  InPlace: 'in-place',
  /** Fetch parameters and wrap first, then delete-imported-key-material and import at once. */
  DeleteFirst: 'delete-first',
} as const;
type RenewalMode = (typeof RenewalMode)[keyof typeof RenewalMode];

/** The steps of one renewal try, in order (the lifecycle's, as the stages name them). */
const RenewalStep = {
  FetchParameters: 'fetch-parameters',
  WrapMaterial: 'wrap-material',
  ImportMaterial: 'import-material',
} as const;
type RenewalStep = (typeof RenewalStep)[keyof typeof RenewalStep];

/** What the plan says to do with a key. */
const PlanAction = {
  /** Enabled and its material expires within the lead. */
  Renew: 'renew',
  /** In Pending import ("5"): import its pinned material again. */
  Recover: 'recover',
  /** Nothing to do (far from expiry, never expires, disabled, pending deletion). */
  Skip: 'skip',
  /** Tags or expiry are inconsistent; reported, not acted on. */
  Drift: 'drift',
} as const;
type PlanAction = (typeof PlanAction)[keyof typeof PlanAction];

/** What happened to a key in a sweep. */
const KeyOutcome = {
  /** Dry run: what the plan says, nothing done. */
  Planned: 'planned',
  Renewed: 'renewed',
  Recovered: 'recovered',
  Failed: 'failed',
  /** Not started: too close to the deadline, `max_keys` reached, or another sweep held the lock. */
  Deferred: 'deferred',
  /** Another run had pushed the expiry beyond the lead already (overlapping sweeps); counted by that run. */
  AlreadyRenewed: 'already-renewed',
  /** Handed to an async invocation (fan-out); its own logs tell the result. */
  Dispatched: 'dispatched',
  Skipped: 'skipped',
  Drift: 'drift',
} as const;
type KeyOutcome = (typeof KeyOutcome)[keyof typeof KeyOutcome];

/**
 * API groups, as Huawei's gateway (and the embedded cloud) throttle them: one client-side token bucket each.
 * Option names use underscores (`kms_import`) so an error path can name them.
 */
const ApiGroup = {
  KmsKey: 'kms-key',
  KmsImport: 'kms-import',
  KmsCrypto: 'kms-crypto',
  KmsTag: 'kms-tag',
  Csms: 'csms',
} as const;
type ApiGroup = (typeof ApiGroup)[keyof typeof ApiGroup];

/**
 * Default ceilings, requests per second per group: the sweep finds the actual limit under them (CubicRate.ts).
 * Huawei publishes describe-key's ceiling (1,000 TPS) and 20 requests/s per user for KMS, not the import group's
 * own; the import ceiling is that published KMS figure (2 import-group calls per key: up to ~600 keys a minute).
 */
const DEFAULT_RPS: Readonly<Record<ApiGroup, number>> = {
  'kms-key': 50,
  'kms-import': 20,
  'kms-crypto': 20,
  'kms-tag': 20,
  csms: 20,
};

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** The default lead is a third of the ttl, at most this. */
const MAX_DEFAULT_LEAD_MS = 10 * MS_PER_DAY;
/** An explicit lead is capped at this share of a key's ttl, or every sweep would renew the key again. */
const MAX_LEAD_SHARE_OF_TTL = 0.5;
/** Slack before an expiry beyond the ttl counts as drift (clock skew, seconds rounding, import latency). */
const EXPIRY_BEYOND_TTL_SLACK_MS = MS_PER_DAY;

export {
  ApiGroup,
  DEFAULT_RPS,
  EXPIRY_BEYOND_TTL_SLACK_MS,
  KeyOutcome,
  MAX_DEFAULT_LEAD_MS,
  MAX_LEAD_SHARE_OF_TTL,
  MS_PER_DAY,
  MS_PER_HOUR,
  PlanAction,
  RenewalMode,
  RenewalStep,
};
