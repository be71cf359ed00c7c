/**
 * Seeded fault injection for the reliability tests: a share of 500s, of throttles, of connections
 * dropped before or after the request is handled, and added latency. The same seed gives the
 * same sequence of decisions, so a failing run can be replayed.
 */
import { ApiGroup } from './types.js';

/** Rates are probabilities in [0, 1]; the four action rates together must not exceed 1. */
interface FaultSettings {
  seed: number;
  /** Share answered 500 (KMS.0100-type) without being handled. */
  error_rate: number;
  /** Share answered 429 `APIG.0308` without being handled. */
  throttle_rate: number;
  /** Share whose connection is dropped before the request is handled. */
  drop_rate: number;
  /** Share handled (state changes are kept) whose connection is then dropped instead of answered. */
  drop_after_rate: number;
  latency_ms: number;
  latency_rate: number;
  /** Groups subject to faults; absent = every group except Control (which never gets faults). */
  groups?: ApiGroup[];
}

const FaultAction = {
  Pass: 'pass',
  Error: 'error',
  Throttle: 'throttle',
  Drop: 'drop',
  DropAfter: 'drop_after',
} as const;
type FaultAction = (typeof FaultAction)[keyof typeof FaultAction];

interface FaultDecision {
  action: FaultAction;
  latencyMs: number;
}

/** Faults off. */
const DEFAULT_FAULT_SETTINGS: Readonly<FaultSettings> = Object.freeze({
  seed: 1,
  error_rate: 0,
  throttle_rate: 0,
  drop_rate: 0,
  drop_after_rate: 0,
  latency_ms: 0,
  latency_rate: 0,
});

/** Latency is for slowing calls down, not for hanging a test run. */
const MAX_LATENCY_MS = 60_000;

const RATE_FIELDS = ['error_rate', 'throttle_rate', 'drop_rate', 'drop_after_rate', 'latency_rate'] as const;
const KNOWN_FIELDS: ReadonlySet<string> = new Set(['seed', 'latency_ms', 'groups', ...RATE_FIELDS]);
const faultableGroups: ReadonlySet<string> = new Set(Object.values(ApiGroup).filter((g) => g !== ApiGroup.Control));
const PASS: FaultDecision = Object.freeze({ action: FaultAction.Pass, latencyMs: 0 });

/** mulberry32: tiny, fast, good enough for test traffic, and fully determined by a 32-bit seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Merges a partial update over a base and checks the result; throws an `Error` naming the bad field.
 * `groups: null` clears the filter (JSON cannot say `undefined`).
 * @internal
 */
function mergeFaultSettings(base: FaultSettings, update: unknown): FaultSettings {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) {
    throw new Error('fault settings must be an object');
  }
  const patch = update as Record<string, unknown>;
  const unknown = Object.keys(patch).filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length > 0) throw new Error(`faults: unknown field(s) ${unknown.join(', ')}`);
  const next: FaultSettings = { ...base };
  if (base.groups !== undefined) next.groups = [...base.groups];

  if (patch.seed !== undefined) {
    if (typeof patch.seed !== 'number' || !Number.isSafeInteger(patch.seed)) {
      throw new Error('faults: seed must be an integer');
    }
    next.seed = patch.seed;
  }
  for (const field of RATE_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new Error(`faults: ${field} must be a number in [0, 1]`);
    }
    next[field] = value;
  }
  if (patch.latency_ms !== undefined) {
    const value = patch.latency_ms;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_LATENCY_MS) {
      throw new Error(`faults: latency_ms must be a number in [0, ${MAX_LATENCY_MS}]`);
    }
    next.latency_ms = value;
  }
  if ('groups' in patch) {
    const groups = patch.groups;
    if (groups === undefined || groups === null) {
      delete next.groups;
    } else {
      if (!Array.isArray(groups)) throw new Error('faults: groups must be an array of API groups');
      for (const group of groups) {
        if (typeof group !== 'string' || !faultableGroups.has(group)) {
          throw new Error(`faults: groups may hold only ${[...faultableGroups].join(', ')}; got ${String(group)}`);
        }
      }
      next.groups = [...new Set(groups as ApiGroup[])];
    }
  }
  const actionTotal = next.error_rate + next.throttle_rate + next.drop_rate + next.drop_after_rate;
  if (actionTotal > 1 + 1e-12) {
    throw new Error('faults: error_rate + throttle_rate + drop_rate + drop_after_rate must not exceed 1');
  }
  return next;
}

/**
 * Decides, request by request, whether to inject a fault.
 *
 * Every decided request consumes exactly two draws (latency, then action), whatever the rates,
 * and skipped groups consume none, so the sequence for a seed depends only on the order of
 * faultable requests.
 *
 * @example
 * const faults = new FaultInjector({ seed: 7, error_rate: 0.2 });
 * const { action, latencyMs } = faults.decide(ApiGroup.KmsKey);
 */
class FaultInjector {
  #settings: FaultSettings = { ...DEFAULT_FAULT_SETTINGS };
  #next: () => number = mulberry32(DEFAULT_FAULT_SETTINGS.seed);

  constructor(settings: Partial<FaultSettings> = {}) {
    this.configure(settings);
  }

  /** Merges the given fields over the current settings and restarts the sequence from the seed. */
  configure(settings: Partial<FaultSettings>): void {
    this.#settings = mergeFaultSettings(this.#settings, settings);
    this.#next = mulberry32(this.#settings.seed);
  }

  /** A copy of the current settings. */
  settings(): FaultSettings {
    const copy: FaultSettings = { ...this.#settings };
    if (this.#settings.groups !== undefined) copy.groups = [...this.#settings.groups];
    return copy;
  }

  /** The fault (or `pass`) for the next request of this group. Control is never faulted. */
  decide(group: ApiGroup): FaultDecision {
    const s = this.#settings;
    if (group === ApiGroup.Control) return PASS;
    if (s.groups !== undefined ? !s.groups.includes(group) : !faultableGroups.has(group)) return PASS;

    const latencyMs = this.#next() < s.latency_rate ? s.latency_ms : 0;
    const draw = this.#next();
    let threshold = s.error_rate;
    let action: FaultAction = FaultAction.Pass;
    if (draw < threshold) action = FaultAction.Error;
    else if (draw < (threshold += s.throttle_rate)) action = FaultAction.Throttle;
    else if (draw < (threshold += s.drop_rate)) action = FaultAction.Drop;
    else if (draw < (threshold += s.drop_after_rate)) action = FaultAction.DropAfter;
    return { action, latencyMs };
  }
}

export { DEFAULT_FAULT_SETTINGS, FaultAction, FaultInjector, mergeFaultSettings, mulberry32 };
export type { FaultDecision, FaultSettings };
