/** Aliases (`alias/<name>`) created with the alias API; each names exactly one key of the project. */
import type { Database, Statement } from 'better-sqlite3';

interface AliasRow {
  project_id: string;
  alias: string;
  key_id: string;
  created_ms: number;
  updated_ms: number;
}

class AliasStore {
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #page: Statement;
  readonly #move: Statement;
  readonly #delete: Statement;
  readonly #deleteForKey: Statement;

  constructor(db: Database) {
    this.#insert = db.prepare(`INSERT INTO kms_aliases (project_id, alias, key_id, created_ms, updated_ms)
      VALUES (@project_id, @alias, @key_id, @created_ms, @updated_ms)`);
    this.#get = db.prepare('SELECT * FROM kms_aliases WHERE project_id = ? AND alias = ?');
    this.#page = db.prepare(`SELECT * FROM kms_aliases WHERE project_id = @projectId
      AND (@keyId IS NULL OR key_id = @keyId) AND alias > @marker ORDER BY alias LIMIT @limit`);
    this.#move = db.prepare('UPDATE kms_aliases SET key_id = ?, updated_ms = ? WHERE project_id = ? AND alias = ?');
    this.#delete = db.prepare('DELETE FROM kms_aliases WHERE project_id = ? AND alias = ?');
    this.#deleteForKey = db.prepare('DELETE FROM kms_aliases WHERE key_id = ?');
  }

  insert(row: AliasRow): void {
    this.#insert.run(row);
  }

  get(projectId: string, alias: string): AliasRow | undefined {
    return this.#get.get(projectId, alias) as AliasRow | undefined;
  }

  /** Aliases sorted by name, after `marker` (the last alias of the previous page; `''` for the first). */
  page(projectId: string, keyId: string | null, marker: string, limit: number): AliasRow[] {
    return this.#page.all({ projectId, keyId, marker, limit }) as AliasRow[];
  }

  move(projectId: string, alias: string, keyId: string, atMs: number): void {
    this.#move.run(keyId, atMs, projectId, alias);
  }

  delete(projectId: string, alias: string): void {
    this.#delete.run(projectId, alias);
  }

  deleteForKey(keyId: string): void {
    this.#deleteForKey.run(keyId);
  }
}

export { AliasStore };
export type { AliasRow };
