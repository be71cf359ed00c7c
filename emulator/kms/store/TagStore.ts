/** Tags on keys (`kms_tags`), in the order they were first added. */
import type { Database, Statement } from 'better-sqlite3';

interface Tag {
  key: string;
  value: string;
}

class TagStore {
  readonly #list: Statement;
  readonly #upsert: Statement;
  readonly #delete: Statement;
  readonly #deleteAll: Statement;
  readonly #project: Statement;
  readonly #forKeys: Statement;

  constructor(db: Database) {
    this.#list = db.prepare('SELECT tag_key AS key, tag_value AS value FROM kms_tags WHERE key_id = ? ORDER BY seq');
    this.#upsert = db.prepare(`INSERT INTO kms_tags (key_id, tag_key, tag_value, seq)
      VALUES (@keyId, @key, @value, (SELECT COALESCE(MAX(seq), 0) + 1 FROM kms_tags WHERE key_id = @keyId))
      ON CONFLICT (key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`);
    this.#delete = db.prepare('DELETE FROM kms_tags WHERE key_id = ? AND tag_key = ?');
    this.#deleteAll = db.prepare('DELETE FROM kms_tags WHERE key_id = ?');
    this.#project = db.prepare(`SELECT DISTINCT t.tag_key AS key, t.tag_value AS value FROM kms_tags t
      JOIN kms_keys k ON k.key_id = t.key_id WHERE k.project_id = ? AND k.deleted_ms IS NULL
      ORDER BY t.tag_key, t.tag_value`);
    this.#forKeys = db.prepare(`SELECT key_id, tag_key AS key, tag_value AS value FROM kms_tags
      WHERE key_id IN (SELECT value FROM json_each(?)) ORDER BY key_id, seq`);
  }

  list(keyId: string): Tag[] {
    return this.#list.all(keyId) as Tag[];
  }

  /** Tags of many keys at once, grouped by key id. */
  forKeys(keyIds: string[]): Map<string, Tag[]> {
    const rows = this.#forKeys.all(JSON.stringify(keyIds)) as Array<Tag & { key_id: string }>;
    const byKey = new Map<string, Tag[]>();
    for (const { key_id, key, value } of rows) {
      const tags = byKey.get(key_id) ?? [];
      tags.push({ key, value });
      byKey.set(key_id, tags);
    }
    return byKey;
  }

  upsert(keyId: string, tag: Tag): void {
    this.#upsert.run({ keyId, key: tag.key, value: tag.value });
  }

  /** Returns whether a tag was removed. */
  delete(keyId: string, tagKey: string): boolean {
    return this.#delete.run(keyId, tagKey).changes > 0;
  }

  deleteAll(keyId: string): void {
    this.#deleteAll.run(keyId);
  }

  /** Every key/value pair used in the project (live keys only). */
  projectPairs(projectId: string): Tag[] {
    return this.#project.all(projectId) as Tag[];
  }
}

export { TagStore };
export type { Tag };
