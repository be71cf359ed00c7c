/**
 * Rows of `kms_keys`: metadata reads never load the material; the material is read on its own and the caller
 * zeroes its copy after use.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { KeyState } from '../constants.js';

/** A key as the handlers see it (no material bytes). */
interface KeyMeta {
  seq: number;
  key_id: string;
  project_id: string;
  domain_id: string;
  region: string;
  key_alias: string;
  key_description: string;
  key_spec: string;
  key_usage: string;
  origin: string;
  key_state: KeyState;
  created_ms: number;
  scheduled_deletion_ms: number | null;
  material_sha256: string | null;
  has_material: 0 | 1;
  material_expires_ms: number | null;
  deleted_ms: number | null;
}

interface NewKey {
  key_id: string;
  project_id: string;
  domain_id: string;
  region: string;
  key_alias: string;
  key_description: string;
  key_spec: string;
  key_usage: string;
  origin: string;
  key_state: KeyState;
  created_ms: number;
  material: Buffer | null;
  material_sha256: string | null;
}

interface ListFilter {
  projectId: string;
  /** `null` = every spec (`"ALL"`). */
  keySpec: string | null;
  keyState: string | null;
}

const META_COLUMNS = `seq, key_id, project_id, domain_id, region, key_alias, key_description, key_spec, key_usage,
  origin, key_state, created_ms, scheduled_deletion_ms, material_sha256, has_material, material_expires_ms, deleted_ms`;
const LIST_WHERE = `project_id = @projectId AND deleted_ms IS NULL
  AND (@keySpec IS NULL OR key_spec = @keySpec) AND (@keyState IS NULL OR key_state = @keyState)`;

class KeyStore {
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #material: Statement;
  readonly #countLive: Statement;
  readonly #aliasTaken: Statement;
  readonly #listPage: Statement;
  readonly #listCount: Statement;
  readonly #setState: Statement;
  readonly #putMaterial: Statement;
  readonly #setExpiry: Statement;
  readonly #dropMaterial: Statement;
  readonly #schedule: Statement;
  readonly #markDeleted: Statement;
  readonly #dueExpiries: Statement;
  readonly #dueDeletions: Statement;
  readonly #byIds: Statement;

  constructor(db: Database) {
    this.#insert = db.prepare(`INSERT INTO kms_keys (key_id, project_id, domain_id, region, key_alias, key_description,
      key_spec, key_usage, origin, key_state, created_ms, material, material_sha256, has_material)
      VALUES (@key_id, @project_id, @domain_id, @region, @key_alias, @key_description, @key_spec, @key_usage, @origin,
      @key_state, @created_ms, @material, @material_sha256, @has_material)`);
    this.#get = db.prepare(`SELECT ${META_COLUMNS} FROM kms_keys WHERE key_id = ?`);
    this.#material = db.prepare('SELECT material FROM kms_keys WHERE key_id = ?').pluck();
    this.#countLive = db
      .prepare('SELECT COUNT(*) FROM kms_keys WHERE project_id = ? AND deleted_ms IS NULL')
      .pluck();
    this.#aliasTaken = db
      .prepare('SELECT 1 FROM kms_keys WHERE project_id = ? AND key_alias = ? AND deleted_ms IS NULL')
      .pluck();
    this.#listPage = db.prepare(
      `SELECT ${META_COLUMNS} FROM kms_keys WHERE ${LIST_WHERE} ORDER BY seq LIMIT @limit OFFSET @offset`,
    );
    this.#listCount = db.prepare(`SELECT COUNT(*) FROM kms_keys WHERE ${LIST_WHERE}`).pluck();
    this.#setState = db.prepare('UPDATE kms_keys SET key_state = ? WHERE key_id = ?');
    this.#putMaterial = db.prepare(`UPDATE kms_keys SET material = COALESCE(material, @material),
      material_sha256 = COALESCE(material_sha256, @material_sha256), has_material = 1,
      material_expires_ms = @material_expires_ms, key_state = @key_state WHERE key_id = @key_id`);
    this.#setExpiry = db.prepare('UPDATE kms_keys SET material_expires_ms = ? WHERE key_id = ?');
    this.#dropMaterial = db.prepare(
      'UPDATE kms_keys SET has_material = 0, material_expires_ms = NULL, key_state = ? WHERE key_id = ?',
    );
    this.#schedule = db.prepare('UPDATE kms_keys SET scheduled_deletion_ms = ?, key_state = ? WHERE key_id = ?');
    this.#markDeleted = db.prepare(`UPDATE kms_keys SET deleted_ms = ?, scheduled_deletion_ms = NULL,
      has_material = 0, material = NULL, material_expires_ms = NULL WHERE key_id = ?`);
    this.#dueExpiries = db.prepare(`SELECT ${META_COLUMNS} FROM kms_keys
      WHERE material_expires_ms IS NOT NULL AND material_expires_ms <= ? AND has_material = 1 AND deleted_ms IS NULL`);
    this.#dueDeletions = db.prepare(`SELECT ${META_COLUMNS} FROM kms_keys
      WHERE scheduled_deletion_ms IS NOT NULL AND scheduled_deletion_ms <= ? AND deleted_ms IS NULL`);
    this.#byIds = db.prepare(`SELECT ${META_COLUMNS} FROM kms_keys
      WHERE deleted_ms IS NULL AND key_id IN (SELECT value FROM json_each(?)) ORDER BY seq`);
  }

  insert(key: NewKey): void {
    this.#insert.run({ ...key, has_material: key.material ? 1 : 0 });
  }

  /** The key, deleted or not; callers decide whether a deleted key exists for them. */
  get(keyId: string): KeyMeta | undefined {
    return this.#get.get(keyId) as KeyMeta | undefined;
  }

  /** A fresh copy of the key's material (first and only material); the caller zeroes it. */
  material(keyId: string): Buffer | null {
    return (this.#material.get(keyId) as Buffer | null | undefined) ?? null;
  }

  countLive(projectId: string): number {
    return this.#countLive.get(projectId) as number;
  }

  aliasTaken(projectId: string, keyAlias: string): boolean {
    return this.#aliasTaken.get(projectId, keyAlias) !== undefined;
  }

  list(filter: ListFilter, limit: number, offset: number): KeyMeta[] {
    return this.#listPage.all({ ...filter, limit, offset }) as KeyMeta[];
  }

  count(filter: ListFilter): number {
    return this.#listCount.get(filter) as number;
  }

  byIds(keyIds: string[]): KeyMeta[] {
    return this.#byIds.all(JSON.stringify(keyIds)) as KeyMeta[];
  }

  setState(keyId: string, state: KeyState): void {
    this.#setState.run(state, keyId);
  }

  /** Marks the material present; `material` is stored only when the key has none yet (first import). */
  putMaterial(keyId: string, material: Buffer, sha256: string, expiresMs: number | null, state: KeyState): void {
    this.#putMaterial.run({
      key_id: keyId,
      material,
      material_sha256: sha256,
      material_expires_ms: expiresMs,
      key_state: state,
    });
  }

  setExpiry(keyId: string, expiresMs: number | null): void {
    this.#setExpiry.run(expiresMs, keyId);
  }

  dropMaterial(keyId: string, state: KeyState): void {
    this.#dropMaterial.run(state, keyId);
  }

  schedule(keyId: string, deletionMs: number | null, state: KeyState): void {
    this.#schedule.run(deletionMs, state, keyId);
  }

  markDeleted(keyId: string, atMs: number): void {
    this.#markDeleted.run(atMs, keyId);
  }

  /** Keys whose material expired at or before `cutoffMs` and is still held. */
  dueExpiries(cutoffMs: number): KeyMeta[] {
    return this.#dueExpiries.all(cutoffMs) as KeyMeta[];
  }

  dueDeletions(nowMs: number): KeyMeta[] {
    return this.#dueDeletions.all(nowMs) as KeyMeta[];
  }
}

export { KeyStore };
export type { KeyMeta, ListFilter, NewKey };
