/**
 * Per-time-bucket figures with a bounded number of buckets, whatever the time span: the bucket width starts at
 * one second and steps up a ladder of round widths (each a multiple of the one before, so buckets merge exactly)
 * whenever the span would need more than `maxBuckets`. The time range need not be known up front, which is what
 * lets the logs be read as a stream.
 */

const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;
/** Bucket widths in seconds; each divides the next. Past the last one, widths double. */
const WIDTH_LADDER_S = [1, 2, 10, 30, MINUTE, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 14 * DAY];

/** What one bucket holds; every field merges (sum, min or max), so buckets can be combined. */
interface Bucket {
  sweeps: number;
  renewed: number;
  recovered: number;
  keyFailures: number;
  throttled: number;
  throttledTries: number;
  minDaysLeft: number | null;
  durationMs: number | null;
  errors: Map<string, number> | undefined;
}

const SUMMED = ['sweeps', 'renewed', 'recovered', 'keyFailures', 'throttled', 'throttledTries'] as const;

function emptyBucket(): Bucket {
  return { sweeps: 0, renewed: 0, recovered: 0, keyFailures: 0, throttled: 0, throttledTries: 0, minDaysLeft: null, durationMs: null, errors: undefined };
}

const minOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

function mergeInto(target: Bucket, source: Bucket): void {
  for (const field of SUMMED) target[field] += source[field];
  target.minDaysLeft = minOf(target.minDaysLeft, source.minDaysLeft);
  target.durationMs = maxOf(target.durationMs, source.durationMs);
  if (source.errors !== undefined) {
    target.errors ??= new Map();
    for (const [code, n] of source.errors) target.errors.set(code, (target.errors.get(code) ?? 0) + n);
  }
}

/**
 * @example
 * const rollup = new TimeRollup(512);
 * rollup.at(Date.parse(line.ts)).renewed += 1;
 * const { widthS, buckets } = rollup.contiguous(); // one entry per bucket from first to last, gaps filled
 */
class TimeRollup {
  readonly maxBuckets: number;
  #widthS = 1;
  #buckets = new Map<number, Bucket>();
  #first = Number.POSITIVE_INFINITY;
  #last = Number.NEGATIVE_INFINITY;

  constructor(maxBuckets = 512) {
    this.maxBuckets = Math.max(2, maxBuckets);
  }

  /** The bucket holding instant `timeMs` (created if needed). */
  at(timeMs: number): Bucket {
    let index = Math.floor(timeMs / 1000 / this.#widthS);
    this.#first = Math.min(this.#first, index);
    this.#last = Math.max(this.#last, index);
    while (this.#last - this.#first + 1 > this.maxBuckets) index = Math.floor(index / this.#coarsen());
    let bucket = this.#buckets.get(index);
    if (bucket === undefined) {
      bucket = emptyBucket();
      this.#buckets.set(index, bucket);
    }
    return bucket;
  }

  /** Bucket width and one bucket per step from the first to the last (empty ones included), oldest first. */
  contiguous(): { widthS: number; starts: number[]; buckets: Bucket[] } {
    const starts: number[] = [];
    const buckets: Bucket[] = [];
    for (let index = this.#first; index <= this.#last; index++) {
      starts.push(index * this.#widthS);
      buckets.push(this.#buckets.get(index) ?? emptyBucket());
    }
    return { widthS: this.#widthS, starts, buckets };
  }

  /** Steps to the next width; answers the factor. */
  #coarsen(): number {
    const next = WIDTH_LADDER_S.find((width) => width > this.#widthS) ?? this.#widthS * 2;
    const factor = next / this.#widthS;
    this.#widthS = next;
    const merged = new Map<number, Bucket>();
    for (const [index, bucket] of this.#buckets) {
      const target = merged.get(Math.floor(index / factor));
      if (target === undefined) merged.set(Math.floor(index / factor), bucket);
      else mergeInto(target, bucket);
    }
    this.#buckets = merged;
    this.#first = Math.floor(this.#first / factor);
    this.#last = Math.floor(this.#last / factor);
    return factor;
  }
}

export { TimeRollup };
export type { Bucket };
