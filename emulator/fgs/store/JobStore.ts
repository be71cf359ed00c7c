/** Row access for `fgs_async_jobs`: the run state of asynchronous invocations of deployed functions. */
import type { Database, Statement } from 'better-sqlite3';

type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

interface JobRow {
  request_id: string;
  seq: number;
  func_key: string;
  /** `api`, `timer`, `smn`, `cts` or `destination`. */
  source: string;
  state: JobState;
  attempts: number;
  updated_ms: number;
  duration_ms: number | null;
  max_rss_kb: number | null;
  /** The last failure, `{errorType, errorMessage}` JSON; never a secret. */
  error: string | null;
}

/** A job joined with the invocation it runs. */
interface QueuedJob extends JobRow {
  function_urn: string;
  body: string;
  received_at_ms: number;
}

/** Prepared statements over one connection. */
class JobStore {
  readonly #insert: Statement<[JobRow]>;
  readonly #next: Statement<[string], QueuedJob>;
  readonly #settle: Statement<[JobState, number, number, number | null, number | null, string | null, string]>;
  readonly #count: Statement<[], { queued: number; running: number }>;
  readonly #find: Statement<[string], JobRow>;
  readonly #requeueRunning: Statement<[number]>;
  readonly #deleteOf: Statement<[string]>;

  constructor(db: Database) {
    this.#insert = db.prepare(`INSERT INTO fgs_async_jobs (request_id, seq, func_key, source, state, attempts,
      updated_ms, duration_ms, max_rss_kb, error) VALUES (@request_id, @seq, @func_key, @source, @state, @attempts,
      @updated_ms, @duration_ms, @max_rss_kb, @error)`);
    // The oldest queued job of a function not running now (`?` = JSON array of busy func_keys).
    this.#next = db.prepare(`SELECT j.*, i.function_urn, i.body, i.received_at_ms FROM fgs_async_jobs j
      JOIN fgs_invocations i ON i.request_id = j.request_id
      WHERE j.state = 'queued' AND j.func_key NOT IN (SELECT value FROM json_each(?)) ORDER BY j.seq LIMIT 1`);
    this.#settle = db.prepare(`UPDATE fgs_async_jobs SET state = ?, attempts = ?, updated_ms = ?, duration_ms = ?,
      max_rss_kb = ?, error = ? WHERE request_id = ?`);
    this.#count = db.prepare(`SELECT COALESCE(SUM(state = 'queued'), 0) AS queued,
      COALESCE(SUM(state = 'running'), 0) AS running FROM fgs_async_jobs`);
    this.#find = db.prepare('SELECT * FROM fgs_async_jobs WHERE request_id = ?');
    this.#requeueRunning = db.prepare(`UPDATE fgs_async_jobs SET state = 'queued', updated_ms = ? WHERE state = 'running'`);
    this.#deleteOf = db.prepare(`DELETE FROM fgs_async_jobs WHERE func_key = ? AND state = 'queued'`);
  }

  insert(row: JobRow): void {
    this.#insert.run(row);
  }

  /** The next job to run, skipping functions in `busy` (one invocation at a time per function keeps order). */
  next(busy: readonly string[]): QueuedJob | undefined {
    return this.#next.get(JSON.stringify(busy));
  }

  find(requestId: string): JobRow | undefined {
    return this.#find.get(requestId);
  }

  settle(job: Pick<JobRow, 'request_id' | 'state' | 'attempts' | 'updated_ms' | 'duration_ms' | 'max_rss_kb' | 'error'>): void {
    this.#settle.run(job.state, job.attempts, job.updated_ms, job.duration_ms, job.max_rss_kb, job.error, job.request_id);
  }

  counts(): { queued: number; running: number } {
    return this.#count.get() ?? { queued: 0, running: 0 };
  }

  /** After a restart nothing runs: jobs left `running` by a stopped emulator run again (at least once). */
  requeueRunning(nowMs: number): void {
    this.#requeueRunning.run(nowMs);
  }

  /** Drops the queued jobs of a deleted function. */
  dropQueuedOf(funcKey: string): void {
    this.#deleteOf.run(funcKey);
  }
}

export { JobStore };
export type { JobRow, JobState, QueuedJob };
