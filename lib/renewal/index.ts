/** The renewal timer's logic: options, discovery, plan, execution under the lock, summary. */
export { ApiGroup, DEFAULT_RPS, KeyOutcome, PlanAction, RenewalMode, RenewalStep } from './constants.js';
export { CubicRate } from './CubicRate.js';
export type { CubicRateOptions } from './CubicRate.js';
export { discoverManagedKeys, managedKeyPages } from './discover.js';
export type { PageOptions, SnapshotPage } from './discover.js';
export { GatedKeyService, GatedSecretStore } from './GatedPorts.js';
export { PortGate } from './PortGate.js';
export { RenewalOptionsError, RenewalOptionsSchema, parseRenewalOptions } from './options.js';
export type { FanoutOptions, RawRenewalOptions, RenewalOptions, RenewalTargetSpec, ResumeOptions } from './options.js';
export { ALL_ROWS } from './SweepTally.js';
export { parseWindow } from './windows.js';
export type { MaintenanceWindow } from './windows.js';
export { daysOf, leadFor, planKeys } from './plan.js';
export type { PlanOptions } from './plan.js';
export { DEFAULT_TUNING, runSweep } from './runSweep.js';
export { RenewalTimerEvent } from './timerEvent.js';
export { TokenBucket } from './TokenBucket.js';
export type { TokenBucketOptions } from './TokenBucket.js';
export type {
  CallCounts,
  ImportStepDetail,
  KeyReport,
  LockStatus,
  ManagedKeySnapshot,
  PlanRow,
  PlannedKey,
  RowPolicy,
  RenewalTarget,
  SweepDeps,
  SweepProgress,
  SweepResult,
  SweepSummary,
  SweepCursor,
  SweepRelay,
  SweepTuning,
} from './types.js';
