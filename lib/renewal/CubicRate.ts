/**
 * The client-side rate of one API group, found instead of told: Huawei does not publish the import group's limit,
 * and its gateway answers 429 `APIG.0308` once it is passed (docs/huawei-api.md#throttling). In the spirit of the
 * AWS SDKs' "adaptive" retry mode, the configured rps is only a ceiling: the rate starts at 5/s and doubles each
 * busy second (slow start) until the first throttle; every throttled attempt (the client's own retries included)
 * then cuts it to 0.7 of the rate at the throttle, and time without throttling raises it again along a CUBIC curve.
 *
 * Why CUBIC rather than AIMD: the limit is a fixed, unknown number, and what matters is the time spent just under
 * it. AIMD climbs back linearly from its cut and saws between the cut and the limit; CUBIC returns to the last
 * throttled rate quickly (concave), stays near it (so the average is close to the limit, with few throttles), and
 * only then probes beyond it, slowly at first (convex), in case the limit moved. Its growth is a function of time,
 * not of answers, so it does not depend on the calls' latency. The curve takes `recoverSeconds` (6) to climb back.
 *
 * The peak remembered at a throttle (CUBIC's wMax) is the mean of the rate sent and the rate the gateway ACCEPTED
 * over the last second: the first overstates the limit when the gateway's own burst absorbed the excess for a
 * while, the second understates it while the rate was still climbing. An attempt whose slot was reserved before
 * the last cut cuts nothing (it was spaced at the old rate). The curve's clock runs only while the group is busy,
 * so a pause (another phase of the sweep) does not let the rate creep up unused. Measured in bench/renewal.ts.
 */

/** Options of {@link CubicRate}. */
interface CubicRateOptions {
  /** The configured rate: never exceeded. */
  ceilingRps: number;
  /** Share kept on a throttle (CUBIC's beta; the AWS SDKs use 0.7). */
  beta?: number;
  /** Seconds the curve takes to climb back to the throttled rate (CUBIC's K). */
  recoverSeconds?: number;
}

/** A lower bound for any group, requests/s: the curve never stops a group (a 429 storm still gets through). */
const FLOOR_RPS = 0.5;
const SLOW_START_RPS = 5;
const BINS = 10;
const BIN_MS = 100;

/**
 * @example
 * const rate = new CubicRate({ ceilingRps: 40 });
 * rate.onSuccess(nowMs); rate.onThrottle(reservedAtMs, nowMs); rate.rpsAt(nowMs)
 */
class CubicRate {
  readonly ceilingRps: number;
  readonly #beta: number;
  readonly #recoverSeconds: number;
  /** c of W(t) = wMax * (1 + c * (t - K)^3), scaled to wMax so the curve's shape is the same at any rate. */
  readonly #c: number;
  #wMax: number | undefined;
  /** Busy time since the last cut, ms (the curve's t). */
  #epochMs = 0;
  #lastTickMs: number | undefined;
  #lastCutMs = Number.NEGATIVE_INFINITY;
  /** Accepted calls per 100 ms bin over the last second (a ring), to measure what the gateway let through. */
  readonly #bins = new Array<number>(BINS).fill(0);
  #binStart = 0;
  /** When the first call of this group was accepted: before a full second has passed, the count is scaled up. */
  #firstMs: number | undefined;
  /** How many cuts so far (the benchmark and tests read it). */
  cuts = 0;

  constructor(options: CubicRateOptions) {
    if (!(options.ceilingRps > 0)) throw new RangeError('ceilingRps must be > 0');
    this.ceilingRps = options.ceilingRps;
    this.#beta = options.beta ?? 0.7;
    this.#recoverSeconds = options.recoverSeconds ?? 6;
    this.#c = (1 - this.#beta) / this.#recoverSeconds ** 3;
  }

  /** The rate to send at now (advances the curve's clock while the group is busy). */
  rpsAt(nowMs: number): number {
    const rps = this.#current();
    if (this.#lastTickMs !== undefined) {
      // A gap longer than two sending intervals is a pause: it counts as two intervals, not as growth time.
      this.#epochMs += Math.min(Math.max(0, nowMs - this.#lastTickMs), 2_000 / rps);
    }
    this.#lastTickMs = nowMs;
    return this.#current();
  }

  /** What the gateway accepted over the last second (or since the first call, if sooner), calls/s. */
  acceptedRps(nowMs: number): number {
    this.#roll(nowMs);
    const count = this.#bins.reduce((a, b) => a + b, 0);
    const spanMs = this.#firstMs === undefined ? 1000 : Math.min(1000, Math.max(BIN_MS, nowMs - this.#firstMs));
    return (count * 1000) / spanMs;
  }

  onSuccess(nowMs: number): void {
    this.#firstMs ??= nowMs;
    this.#roll(nowMs);
    this.#bins[Math.floor(nowMs / BIN_MS) % BINS]! += 1;
  }

  /** A throttled attempt whose slot was reserved at `reservedAtMs`; answers whether the rate was cut. */
  onThrottle(reservedAtMs: number, nowMs: number): boolean {
    if (reservedAtMs < this.#lastCutMs) return false;
    const current = this.#current();
    const accepted = Math.min(this.acceptedRps(nowMs), current);
    // The rate sent overstates the limit when the gateway's own burst absorbed the excess for a while; what it
    // accepted over the last second understates it while the rate was still climbing. Their mean is the new peak.
    this.#wMax = Math.max(FLOOR_RPS, accepted > 0 ? (accepted + current) / 2 : current);
    this.#epochMs = 0;
    this.#lastCutMs = nowMs;
    this.cuts += 1;
    return true;
  }

  #current(): number {
    const wMax = this.#wMax;
    // Slow start: from what the sweep used to be told (5/s), doubling each busy second up to the first throttle.
    if (wMax === undefined) return Math.min(this.ceilingRps, SLOW_START_RPS * 2 ** (this.#epochMs / 1000));
    const t = this.#epochMs / 1000 - this.#recoverSeconds;
    const rps = wMax * (1 + this.#c * t * t * t);
    return Math.min(this.ceilingRps, Math.max(Math.min(FLOOR_RPS, this.ceilingRps), rps));
  }

  /** Empties the bins that fell out of the last second. */
  #roll(nowMs: number): void {
    const bin = Math.floor(nowMs / BIN_MS);
    const stale = Math.min(BINS, bin - this.#binStart);
    for (let i = 1; i <= stale; i++) this.#bins[(this.#binStart + i) % BINS] = 0;
    if (bin > this.#binStart) this.#binStart = bin;
  }
}

export { CubicRate };
export type { CubicRateOptions };
