/** The sweeps the logs tell of: a count, the latest few (for the table), and starts never summarised. */
import type { SweepRow } from './types.js';

/** A sweep still open this long after its start, at the time of the latest line, was killed or timed out. */
const UNFINISHED_AFTER_MS = 3_600_000;
const MAX_OPEN = 1_000;

class SweepLog {
  readonly limit: number;
  count = 0;
  #recent: SweepRow[] = [];
  #latestReal: SweepRow | null = null;
  #open = new Map<string, number>();
  #unfinished = 0;

  constructor(limit = 50) {
    this.limit = limit;
  }

  /** A `renewal.start`; `run` tells concurrent sweeps apart (function and correlation id). */
  start(run: string, timeMs: number): void {
    if (this.#open.has(run)) this.#unfinished += 1;
    this.#open.delete(run);
    this.#open.set(run, timeMs);
    if (this.#open.size > MAX_OPEN) {
      const oldest = this.#open.keys().next().value as string;
      this.#open.delete(oldest);
      this.#unfinished += 1;
    }
  }

  /** A `renewal.summary`. */
  finish(run: string, row: SweepRow): void {
    this.#open.delete(run);
    this.count += 1;
    if (!row.dry_run && (this.#latestReal === null || row.ts >= this.#latestReal.ts)) this.#latestReal = row;
    const recent = this.#recent;
    if (recent.length >= this.limit && row.ts < (recent[0] as SweepRow).ts) return;
    let at = recent.length;
    while (at > 0 && (recent[at - 1] as SweepRow).ts > row.ts) at -= 1;
    recent.splice(at, 0, row);
    if (recent.length > this.limit) recent.shift();
  }

  /** Starts without a summary, counting open ones older than an hour before `asOfMs`. */
  unfinished(asOfMs: number): number {
    let stale = 0;
    for (const startMs of this.#open.values()) if (startMs < asOfMs - UNFINISHED_AFTER_MS) stale += 1;
    return this.#unfinished + stale;
  }

  /** Newest first. */
  recent(): SweepRow[] {
    return [...this.#recent].reverse();
  }

  /** The latest sweep that was not a dry run. */
  latestReal(): SweepRow | null {
    return this.#latestReal;
  }
}

export { SweepLog };
