/** The renewal timer's logic (issue 5): options, discovery, plan, execution, lock, summary. */
export { AliasSweepLock } from './AliasSweepLock.js';
export type { AliasApi } from './AliasSweepLock.js';
export { ApiGroup, DEFAULT_RPS, KeyOutcome, PlanAction, RenewalMode, SWEEP_LOCK_ALIAS } from './constants.js';
export { discoverManagedKeys } from './discover.js';
export { KEY_SERVICE_GROUPS, PortGate, isThrottled } from './PortGate.js';
export { RenewalOptionsError, RenewalOptionsSchema, parseRenewalOptions } from './options.js';
export type { FanoutOptions, RawRenewalOptions, RenewalOptions, RenewalTargetSpec } from './options.js';
export { daysOf, leadFor, planKeys } from './plan.js';
export type { PlanOptions } from './plan.js';
export { DEFAULT_TUNING, runSweep } from './runSweep.js';
export type { LockAttempt, LockHandle, SweepLock } from './SweepLock.js';
export { RenewalTimerEvent } from './timerEvent.js';
export { TokenBucket } from './TokenBucket.js';
export type { TokenBucketOptions } from './TokenBucket.js';
export type {
  CallCounts,
  KeyReport,
  LockStatus,
  ManagedKeySnapshot,
  PlanRow,
  PlannedKey,
  RenewalTarget,
  SweepDeps,
  SweepResult,
  SweepSummary,
  SweepTuning,
} from './types.js';
