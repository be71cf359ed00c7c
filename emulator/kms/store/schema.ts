/**
 * The KMS tables. A key keeps the FIRST material it ever received in `material` for life (Huawei accepts only
 * that material again, KMS.2606); `has_material` says whether the key currently holds it. Deleted keys stay as
 * rows with `deleted_ms` set so their history can still be read.
 */
const kmsSchema = `
CREATE TABLE IF NOT EXISTS kms_keys (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key_id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  domain_id TEXT NOT NULL,
  region TEXT NOT NULL,
  key_alias TEXT NOT NULL,
  key_description TEXT NOT NULL DEFAULT '',
  key_spec TEXT NOT NULL,
  key_usage TEXT NOT NULL,
  origin TEXT NOT NULL,
  key_state TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  scheduled_deletion_ms INTEGER,
  material BLOB,
  material_sha256 TEXT,
  has_material INTEGER NOT NULL DEFAULT 0,
  material_expires_ms INTEGER,
  deleted_ms INTEGER
);
CREATE INDEX IF NOT EXISTS kms_keys_project ON kms_keys(project_id, deleted_ms, key_spec);
CREATE INDEX IF NOT EXISTS kms_keys_expiry ON kms_keys(material_expires_ms) WHERE material_expires_ms IS NOT NULL;
CREATE INDEX IF NOT EXISTS kms_keys_deletion ON kms_keys(scheduled_deletion_ms) WHERE scheduled_deletion_ms IS NOT NULL;
CREATE TABLE IF NOT EXISTS kms_key_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  state TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS kms_key_history_key ON kms_key_history(key_id, seq);
CREATE TABLE IF NOT EXISTS kms_import_tokens (
  token_id TEXT PRIMARY KEY,
  key_id TEXT NOT NULL,
  wrapping_algorithm TEXT NOT NULL,
  private_key BLOB,
  expires_ms INTEGER NOT NULL,
  used_ms INTEGER
);
CREATE INDEX IF NOT EXISTS kms_import_tokens_expiry ON kms_import_tokens(expires_ms);
CREATE TABLE IF NOT EXISTS kms_tags (
  key_id TEXT NOT NULL,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (key_id, tag_key)
);
CREATE TABLE IF NOT EXISTS kms_aliases (
  project_id TEXT NOT NULL,
  alias TEXT NOT NULL,
  key_id TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY (project_id, alias)
);
CREATE INDEX IF NOT EXISTS kms_aliases_key ON kms_aliases(key_id);
CREATE TABLE IF NOT EXISTS kms_meta (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
`;

export { kmsSchema };
