/** Row access for `fgs_async_configs` (a function's asynchronous invocation settings). */
import type { Database, Statement } from 'better-sqlite3';

interface AsyncConfigRow {
  func_key: string;
  max_async_event_age_in_seconds: number;
  max_async_retry_attempts: number;
  /** JSON `{on_success?, on_failure?}` as given, or null. */
  destination_config: string | null;
  enable_async_status_log: 0 | 1;
  created_ms: number;
  updated_ms: number;
}

/** Prepared statements over one connection. */
class AsyncConfigStore {
  readonly #find: Statement<[string], AsyncConfigRow>;
  readonly #upsert: Statement<[AsyncConfigRow]>;
  readonly #delete: Statement<[string]>;

  constructor(db: Database) {
    this.#find = db.prepare('SELECT * FROM fgs_async_configs WHERE func_key = ?');
    this.#upsert = db.prepare(`INSERT INTO fgs_async_configs (func_key, max_async_event_age_in_seconds,
      max_async_retry_attempts, destination_config, enable_async_status_log, created_ms, updated_ms)
      VALUES (@func_key, @max_async_event_age_in_seconds, @max_async_retry_attempts, @destination_config,
      @enable_async_status_log, @created_ms, @updated_ms)
      ON CONFLICT (func_key) DO UPDATE SET max_async_event_age_in_seconds = excluded.max_async_event_age_in_seconds,
      max_async_retry_attempts = excluded.max_async_retry_attempts, destination_config = excluded.destination_config,
      enable_async_status_log = excluded.enable_async_status_log, updated_ms = excluded.updated_ms`);
    this.#delete = db.prepare('DELETE FROM fgs_async_configs WHERE func_key = ?');
  }

  find(funcKey: string): AsyncConfigRow | undefined {
    return this.#find.get(funcKey);
  }

  /** Creates or replaces; `created_ms` is kept from the first write. */
  save(row: AsyncConfigRow): void {
    this.#upsert.run(row);
  }

  delete(funcKey: string): void {
    this.#delete.run(funcKey);
  }
}

export { AsyncConfigStore };
export type { AsyncConfigRow };
