/**
 * The ids of the keys matching the last tag query (resource_instances), kept until the database changes, so that
 * paging through a large fleet costs one scan for the whole walk instead of one per page: a client reading 100,000
 * keys 200 at a time would otherwise make the emulator filter every key 500 times.
 */
import type { Database, Statement } from 'better-sqlite3';

class TagQueryCache {
  readonly #db: Database;
  readonly #changes: Statement;
  #entry: { signature: string; version: string; ids: string[] } | undefined;

  constructor(db: Database) {
    this.#db = db;
    this.#changes = db.prepare('SELECT total_changes()').pluck();
  }

  /** The matching ids for `signature` (project and filters), computed by `compute` when the data changed. */
  matching(signature: string, compute: () => string[]): string[] {
    // Writes through this connection move total_changes(); commits of another connection move data_version.
    const version = `${String(this.#changes.get())}/${String(this.#db.pragma('data_version', { simple: true }))}`;
    const entry = this.#entry;
    if (entry !== undefined && entry.signature === signature && entry.version === version) return entry.ids;
    const ids = compute();
    this.#entry = { signature, version, ids };
    return ids;
  }
}

export { TagQueryCache };
