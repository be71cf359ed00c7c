/** The running aggregate the event handlers update; bounded in size whatever the number of lines. */
import { KeyHistory } from './KeyHistory.js';
import { SweepLog } from './SweepLog.js';
import { TimeRollup } from './TimeRollup.js';

/** Throttling as the gateway answers it (README, "The renewal timer"). */
const THROTTLE_CODES: ReadonlySet<string> = new Set(['APIG.0308', 'HTTP.429']);
/** Distinct error codes kept apart; further codes count as `other`. */
const MAX_ERROR_CODES = 40;
const OTHER_CODE = 'other';

interface FleetTotals {
  renewals: number;
  recoveries: number;
  keyFailures: number;
  errors: number;
  throttled: number;
  targetsFailed: number;
  gaps: number;
  gapsOpen: number;
  maxGapMs: number | null;
  untrackedKeyLines: number;
}

interface FleetStateOptions {
  /** Keys tracked one by one; lines about further keys are counted only. Default 20,000. */
  keysLimit?: number;
  /** Time buckets of the series. Default 512. */
  maxBuckets?: number;
  /** Sweeps kept for the table. Default 50. */
  sweepsKept?: number;
}

class FleetState {
  readonly keys = new Map<string, KeyHistory>();
  readonly keysLimit: number;
  readonly rollup: TimeRollup;
  readonly sweeps: SweepLog;
  /** Errors per code over the whole log (picks the codes the chart shows). */
  readonly errorTotals = new Map<string, number>();
  readonly totals: FleetTotals = {
    renewals: 0,
    recoveries: 0,
    keyFailures: 0,
    errors: 0,
    throttled: 0,
    targetsFailed: 0,
    gaps: 0,
    gapsOpen: 0,
    maxGapMs: null,
    untrackedKeyLines: 0,
  };

  constructor(options: FleetStateOptions = {}) {
    this.keysLimit = options.keysLimit ?? 20_000;
    this.rollup = new TimeRollup(options.maxBuckets ?? 512);
    this.sweeps = new SweepLog(options.sweepsKept ?? 50);
  }

  /** The key's history, created on first sight; `undefined` (and counted) past the limit. */
  key(keyId: string): KeyHistory | undefined {
    let key = this.keys.get(keyId);
    if (key === undefined) {
      if (this.keys.size >= this.keysLimit) {
        this.totals.untrackedKeyLines += 1;
        return undefined;
      }
      key = new KeyHistory(keyId);
      this.keys.set(keyId, key);
    }
    return key;
  }

  /** A failed try or invocation with its error code, at `timeMs`. */
  error(timeMs: number, code: string): void {
    const kept = this.errorTotals.has(code) || this.errorTotals.size < MAX_ERROR_CODES ? code : OTHER_CODE;
    this.errorTotals.set(kept, (this.errorTotals.get(kept) ?? 0) + 1);
    this.totals.errors += 1;
    const bucket = this.rollup.at(timeMs);
    bucket.errors ??= new Map();
    bucket.errors.set(kept, (bucket.errors.get(kept) ?? 0) + 1);
    if (THROTTLE_CODES.has(code)) bucket.throttledTries += 1;
  }
}

export { FleetState, OTHER_CODE, THROTTLE_CODES };
export type { FleetStateOptions, FleetTotals };
