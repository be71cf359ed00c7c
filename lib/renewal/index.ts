/** The renewal timer's logic: options, discovery, plan, execution under the lock, summary. */
export { ApiGroup, DEFAULT_RPS, KeyOutcome, PlanAction, RenewalMode, RenewalStep } from './constants.js';
export { discoverManagedKeys } from './discover.js';
export { GatedKeyService, GatedSecretStore } from './GatedPorts.js';
export { PortGate } from './PortGate.js';
export { RenewalOptionsError, RenewalOptionsSchema, parseRenewalOptions } from './options.js';
export type { FanoutOptions, RawRenewalOptions, RenewalOptions, RenewalTargetSpec } from './options.js';
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
  RenewalTarget,
  SweepDeps,
  SweepResult,
  SweepSummary,
  SweepTuning,
} from './types.js';
