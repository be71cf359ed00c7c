/**
 * CSMS tables. Values are stored unencrypted: the emulator is a development tool.
 * Times are epoch milliseconds of the emulator clock; a stage row labels exactly one version.
 */
const CSMS_SCHEMA = `
CREATE TABLE IF NOT EXISTS csms_secrets (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  kms_key_id TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  secret_type TEXT NOT NULL,
  auto_rotation INTEGER NOT NULL DEFAULT 0,
  rotation_period TEXT,
  rotation_config TEXT,
  rotation_func_urn TEXT,
  event_subscriptions TEXT NOT NULL DEFAULT '[]',
  enterprise_project_id TEXT NOT NULL,
  create_time_ms INTEGER NOT NULL,
  update_time_ms INTEGER NOT NULL,
  scheduled_delete_time_ms INTEGER,
  next_version_seq INTEGER NOT NULL DEFAULT 1,
  UNIQUE (project_id, name)
);
CREATE TABLE IF NOT EXISTS csms_versions (
  secret_id TEXT NOT NULL REFERENCES csms_secrets(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kms_key_id TEXT NOT NULL,
  value_kind TEXT NOT NULL CHECK (value_kind IN ('string', 'binary')),
  value BLOB NOT NULL,
  expire_time INTEGER,
  create_time_ms INTEGER NOT NULL,
  PRIMARY KEY (secret_id, seq)
);
CREATE TABLE IF NOT EXISTS csms_stages (
  secret_id TEXT NOT NULL REFERENCES csms_secrets(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  seq INTEGER NOT NULL,
  update_time_ms INTEGER NOT NULL,
  PRIMARY KEY (secret_id, name)
);
CREATE TABLE IF NOT EXISTS csms_events (
  event_id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  name TEXT NOT NULL,
  event_types TEXT NOT NULL,
  state TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  target_name TEXT NOT NULL,
  create_time_ms INTEGER NOT NULL,
  update_time_ms INTEGER NOT NULL,
  UNIQUE (project_id, name)
);
CREATE INDEX IF NOT EXISTS csms_secrets_deletion ON csms_secrets (scheduled_delete_time_ms)
  WHERE scheduled_delete_time_ms IS NOT NULL;
`;

export { CSMS_SCHEMA };
