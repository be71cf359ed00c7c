/**
 * Rate limits per API group: one token bucket per group, as Huawei's API gateway throttles
 * (over the limit the server answers HTTP 429, flat `APIG.0308`). A group without settings is
 * unlimited. Buckets run on real monotonic time (never the emulator's virtual clock: throttling
 * is about request rate, not about key lifetimes), injectable for tests.
 */
import { ApiGroup } from './types.js';

/** A bucket refills `rps` tokens per second, continuously, up to `burst` tokens. */
interface BucketSettings {
  rps: number;
  burst: number;
}

/** Settings per API group; an absent group is unlimited. */
type RateLimitSettings = Partial<Record<ApiGroup, BucketSettings>>;

interface Bucket {
  rps: number;
  burst: number;
  tokens: number;
  lastMs: number;
}

const TOKEN_EPSILON = 1e-9;

const knownGroups: ReadonlySet<string> = new Set(Object.values(ApiGroup));

/**
 * Checks settings and returns a clean copy; throws an `Error` naming the bad field.
 * @internal
 */
function validateRateLimitSettings(settings: unknown): RateLimitSettings {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new Error('rate limits must be an object keyed by API group');
  }
  const clean: RateLimitSettings = {};
  for (const [group, value] of Object.entries(settings)) {
    if (!knownGroups.has(group)) {
      throw new Error(`rate limits: unknown API group "${group}" (known: ${[...knownGroups].join(', ')})`);
    }
    // The control surface must stay reachable, or a test could lock itself out of its own reset.
    if (group === ApiGroup.Control) throw new Error('rate limits: the control group cannot be limited');
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`rate limits: ${group} must be {"rps": number, "burst": number}`);
    }
    const { rps, burst, ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw new Error(`rate limits: ${group} has unknown field(s) ${extra.join(', ')}`);
    if (typeof rps !== 'number' || !Number.isFinite(rps) || rps <= 0) {
      throw new Error(`rate limits: ${group}.rps must be a number > 0`);
    }
    if (typeof burst !== 'number' || !Number.isFinite(burst) || burst < 1) {
      throw new Error(`rate limits: ${group}.burst must be a number >= 1`);
    }
    clean[group as ApiGroup] = { rps, burst };
  }
  return clean;
}

/**
 * Token buckets per API group.
 *
 * @example
 * const limiter = new RateLimiter({ 'kms-key': { rps: 10, burst: 20 } });
 * if (!limiter.tryTake(ApiGroup.KmsKey)) return throttled();
 */
class RateLimiter {
  readonly #nowMs: () => number;
  #settings: RateLimitSettings = {};
  readonly #buckets = new Map<ApiGroup, Bucket>();

  constructor(settings: RateLimitSettings = {}, nowMs: () => number = () => performance.now()) {
    this.#nowMs = nowMs;
    this.configure(settings);
  }

  /** Replaces every group's settings (absent groups become unlimited); all buckets start full again. */
  configure(settings: RateLimitSettings): void {
    const clean = validateRateLimitSettings(settings);
    this.#settings = clean;
    this.#buckets.clear();
    const nowMs = this.#nowMs();
    for (const [group, bucket] of Object.entries(clean) as [ApiGroup, BucketSettings][]) {
      this.#buckets.set(group, { ...bucket, tokens: bucket.burst, lastMs: nowMs });
    }
  }

  /** A copy of the current settings. */
  settings(): RateLimitSettings {
    return Object.fromEntries(Object.entries(this.#settings).map(([group, b]) => [group, { ...b }]));
  }

  /** Takes one token from the group's bucket; false means "throttle this request". */
  tryTake(group: ApiGroup): boolean {
    const bucket = this.#buckets.get(group);
    if (bucket === undefined) return true;
    const nowMs = this.#nowMs();
    // A clock that steps back (it should not) must not drain the bucket.
    const elapsedMs = Math.max(0, nowMs - bucket.lastMs);
    bucket.tokens = Math.min(bucket.burst, bucket.tokens + (elapsedMs / 1000) * bucket.rps);
    bucket.lastMs = nowMs;
    // The epsilon absorbs float drift, so exactly 1/rps seconds always yields a whole token.
    if (bucket.tokens < 1 - TOKEN_EPSILON) return false;
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    return true;
  }
}

export { RateLimiter, validateRateLimitSettings };
export type { BucketSettings, RateLimitSettings };
