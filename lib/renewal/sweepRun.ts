/** One sweep's settings and shared state, as every target of it sees them. */
import type { LockHandle } from '../ports/index.js';
import { ApiGroup } from './constants.js';
import type { KeyBudget } from './executePlan.js';
import { GatedKeyService, GatedSecretStore } from './GatedPorts.js';
import type { ModeMemo } from './KeyRecord.js';
import type { RenewalOptions } from './options.js';
import type { PortGate } from './PortGate.js';
import type { KeyRunContext } from './renewKey.js';
import type { SweepTally } from './SweepTally.js';
import type { KeyReport, RenewalTarget, SweepDeps, SweepTuning } from './types.js';

/** Deps with defaults filled, plus the sweep's shared state. */
interface SweepRun {
  deps: SweepDeps;
  options: RenewalOptions;
  tuning: SweepTuning;
  correlationId: string;
  nowMs: () => number;
  elapsedMs: () => number;
  sleep: (delayMs: number) => Promise<void>;
  random: () => number;
  deadlineAtMs: number;
  budget: KeyBudget;
  /** Slowest key so far: the reserve before the deadline grows to twice it. */
  slowestKeyMs: number;
  tally: SweepTally;
  /** Logs, counts and (if the policy says) keeps one key's report. */
  report: (report: KeyReport) => void;
}

/** Below this much time left before the deadline no further page is read (the answer must still be written). */
const PAGE_MARGIN_MS = 1_000;

/** The reserve before the deadline within which no key (or try) starts. */
function reserveMs(run: SweepRun): number {
  return Math.max(run.tuning.reserveMs, 2 * run.slowestKeyMs);
}

/** May a key (or try) start now? Not within the reserve of the deadline, nor of the lock going stale. */
function mayStartFor(run: SweepRun, handle: LockHandle | undefined): () => boolean {
  return () => {
    const reserve = reserveMs(run);
    if (run.nowMs() + reserve >= run.deadlineAtMs) return false;
    return handle === undefined || run.deps.clock.now().getTime() + reserve < handle.staleAt.getTime();
  };
}

/** May another page be read? */
function mayReadPage(run: SweepRun): boolean {
  return run.nowMs() + PAGE_MARGIN_MS < run.deadlineAtMs;
}

/**
 * What renewing a key of `target` needs; `handle` is the sweep lock when held (then the first try of a key planned
 * under the lock skips the re-describe before its import).
 */
function keyContext(run: SweepRun, target: RenewalTarget, gate: PortGate, memo: ModeMemo, handle: LockHandle | undefined): KeyRunContext {
  return {
    keys: new GatedKeyService(target.keys, gate),
    secrets: new GatedSecretStore(target.secrets, gate),
    clock: run.deps.clock,
    logger: run.deps.logger,
    // No describe-key after each import (3 calls per renewed key instead of 4): verification is deferred, not lost.
    // The next sweep's discovery re-reads every key's state and expiry, and its plan flags an expiry that is not
    // what was requested as drift (beyond the ttl, or none with a ttl) or renews it again (short of it); a key left
    // without material is planned as recover.
    options: { verifyProbe: run.options.verifyProbe, verifyImport: false },
    renewal: run.options,
    memo,
    lockHeld: handle !== undefined,
    tuning: run.tuning,
    elapsedMs: run.elapsedMs,
    sleep: run.sleep,
    random: run.random,
    beforeStep: run.deps.beforeStep,
    mayStart: mayStartFor(run, handle),
    prepayImportCalls: (keyId, calls) => gate.prepay(ApiGroup.KmsImport, keyId, calls),
  };
}

export { keyContext, mayReadPage, mayStartFor, reserveMs };
export type { SweepRun };
